"""The one registry of import datasets. Each dataset is declared once, in its own domain's module
(`imports/datasets.py` for the figures, `monev/datasets.py`, `compliance/datasets.py`), with its columns and
their aliases, the rules across the cells of a row, the key that identifies a row, and who may import it.
The command line's help, the API's dataset list, the import pages and the downloadable templates are all
read from here, and one validation (`imports/validation.py`) runs every dataset read row by row.

Two datasets are read whole by their own readers and are declared here all the same: participant files,
whose columns are declared free of Django in `cakupan.core.engine_files` and read by the participant engine
(`participants/datasets.py`), and region boundaries, a GeoJSON file (`maps/datasets.py`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.functional import Promise

from cakupan.core.cells import Cell

ColumnKind = Literal[
    "region",
    "period",
    "year",
    "count",
    "amount",
    "percent",
    "decimal",
    "choice",
    "text",
    "nik_hash",
    "geometry",
]
# How a dataset's file is read: row by row by `imports/validation.py`, by the participant engine, or as a
# GeoJSON collection of region boundaries.
Reader = Literal["rows", "participants", "geojson"]
FORMATS: dict[Reader, tuple[str, ...]] = {
    "rows": ("xlsx", "csv", "parquet"),
    "participants": ("parquet", "csv"),
    "geojson": ("geojson",),
}
# The blank files made for each: an XLSX workbook and CSVs for rows, CSVs for participant files, none for
# boundaries (drawn in a GIS, not typed).
TEMPLATES: dict[Reader, tuple[str, ...]] = {"rows": ("xlsx", "csv"), "participants": ("csv",), "geojson": ()}


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind
    aliases: tuple[str, ...] = ()
    required: bool = True
    # Accepted spellings (lower case) → stored value.
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int = 300
    # A dataset's own reading of a cell (an employer's NPP, a list of programs), instead of the kind's.
    parse: Callable[[Cell], Any] | None = None
    # The kind follows another column of the row: (that column, its stored value → kind). A target's
    # value is a percentage for coverage_rate and a number of people for the other indicators.
    kind_by: tuple[str, tuple[tuple[str, ColumnKind], ...]] | None = None
    example: str = ""

    def kind_for(self, parsed: dict[str, Any]) -> ColumnKind:
        if self.kind_by is None:
            return self.kind
        other, kinds = self.kind_by
        return dict(kinds).get(str(parsed.get(other)), self.kind)

    @property
    def stored_choices(self) -> list[str]:
        return list(dict.fromkeys(stored for _spelling, stored in self.choices))


# A rule across the cells of one row: given what parsed (a cell that failed is absent), the problems as
# (column, reason). Rules run even when another cell of the row failed, so a file's problems come at once.
RowRule = Callable[[dict[str, Any]], Iterable[tuple[str, str]]]


@dataclass(frozen=True)
class Dataset:
    name: str
    label: str | Promise
    columns: tuple[Column, ...]
    # The columns that identify one row; a second row with the same key is refused.
    key: tuple[str, ...]
    # The capabilities (accounts.roles.Cap) that import it, each within its holder's regions.
    capabilities: tuple[str, ...]
    # Builds the dataset's row from its parsed cells (row number, cells by column name); the datasets read
    # row by row have one, those read whole by their own reader none.
    make_row: Callable[[int, dict[str, Any]], Any] | None = None
    reader: Reader = "rows"
    rules: tuple[RowRule, ...] = ()
    # How far ahead a year column may reach (targets are set years ahead; funding is budgeted one or two).
    years_ahead: int = 10
    # A duplicate is described to the user in these words, e.g. "same employer and month".
    key_words: str | Promise = ""
    # Where the dataset's figures are shown once stored (a URL name), for the import pages.
    home: str = ""
    description: str | Promise = ""
    examples: tuple[tuple[str, ...], ...] = field(default_factory=tuple)
    # Uploaded on a page and an API operation of its app's own, which answer in its own terms (Monev
    # registers, employers): the import page and POST /api/v1/imports leave it out.
    own_upload: bool = False

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def expected(self) -> str:
        return ", ".join(c.name for c in self.columns)

    @property
    def formats(self) -> tuple[str, ...]:
        """The file types it is read from."""
        return FORMATS[self.reader]

    @property
    def has_templates(self) -> tuple[str, ...]:
        """The blank files made for it."""
        return TEMPLATES[self.reader]

    def aliases(self) -> dict[str, str]:
        """Every accepted header spelling → the column's name."""
        return {alias: c.name for c in self.columns for alias in (c.name, *c.aliases)}


_REGISTRY: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    """Called once per dataset when its app is ready; registering a name twice is a programming error."""
    existing = _REGISTRY.get(dataset.name)
    if existing is not None and existing is not dataset:
        raise ValueError(f"dataset {dataset.name!r} is registered twice")
    _REGISTRY[dataset.name] = dataset
    return dataset


def get(name: str) -> Dataset:
    """The dataset of that name; KeyError when there is none."""
    return _REGISTRY[name]


def names(*, reader: Reader | None = None) -> list[str]:
    """Every dataset's name, or those read by one reader."""
    return [d.name for d in _REGISTRY.values() if reader is None or d.reader == reader]


def datasets() -> Iterator[Dataset]:
    return iter(list(_REGISTRY.values()))
