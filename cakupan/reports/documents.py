"""A report that is not a region's Monev report but is laid out like it (the six-monthly national summary):
a cover, headline figures and sections of typed tables. `pdf.document_pdf` and `xlsx.document_xlsx` are
its two layouts, with the region report's template, fonts, page numbers and "Data simulasi" marking."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from cakupan.reports.sections import Cell, CellKind, Section, Shown, shown


@dataclass(frozen=True)
class Figure:
    """A headline figure: a typed value (a number in the XLSX), a note under it, its name in the API."""

    label: str
    value: Cell
    kind: CellKind
    note: str = ""
    key: str = ""

    @property
    def formatted(self) -> Shown:
        return shown(self.value, self.kind)


@dataclass
class Document:
    title: str
    subtitle: str
    lang: str
    generated_at: datetime
    simulated: bool
    file_stem: str  # the file's name without the language and extension
    facts: list[tuple[str, str]] = field(default_factory=list)  # label, value (the cover)
    figures: list[Figure] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    landscape: bool = False  # wide tables: A4 landscape

    @property
    def file_name_stem(self) -> str:
        return f"{self.file_stem}-{self.lang}"
