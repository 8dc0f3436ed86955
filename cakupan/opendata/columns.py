"""What open data publishes: exactly the indicator fields whose definition says `public=True`
(`cakupan/indicators/fields.py`), in the order they are declared. Nothing here lists them: a field marked
public is a column of the pages and downloads, and a field not marked never is.

Each public field is a column under its written name, with its label beside it when it has one
(`kind`, `kind_label`). The two structures are spread into columns: `segments` into one column for each
segment and public field of a segment (`active_pu`, `active_bpu`, ...), `warnings` into their kinds and
their words (`warning_labels`). Which of the columns small-cell suppression may hide stays suppression's
rule (`selectors.COUNT_COLUMNS`, the coverage rate with its parts); any other public figure — a count, a
rate or points not among those — is withheld from a row that has hidden cells, as its warnings are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cakupan.indicators import serialise
from cakupan.indicators.fields import Output, Unit
from cakupan.indicators.models import SEGMENTS
from cakupan.indicators.words import warning_kind_label

# Units whose values are figures: what a hidden cell could be worked back from.
FIGURE_UNITS = frozenset({Unit.COUNT, Unit.RATE, Unit.POINTS, Unit.AMOUNT})
# The short headings of the pages' tables; a public figure without one is headed by its description.
HEADINGS: dict[str, str | Promise] = {
    "workers": _("Workers"),
    "active": _("Active"),
    "inactive": _("Inactive"),
    "registered": _("Registered"),
    "coverage_rate": _("Coverage"),
    "active_pu": _("Active PU"),
    "active_bpu": _("Active BPU"),
    "active_jakon": _("Active JAKON"),
    "active_pmi": _("Active PMI"),
}


@dataclass(frozen=True)
class Column:
    """One published column: how its value is read from a region's indicators (as the JSON gives it),
    whether it is a figure (shown in the pages' tables, and withheld where cells are hidden), and its
    description."""

    name: str
    read: Callable[[Any], Any]
    figure: bool
    description: str | Promise

    @property
    def heading(self) -> str | Promise:
        return HEADINGS.get(self.name, self.description)


def _segment_reader(segment: str, output: Output) -> Callable[[Any], Any]:
    def read(ind: Any) -> Any:
        found = next((s for s in ind.segments if s.segment == segment), None)
        return None if found is None else output.read(found)

    return read


def _warning_kinds(ind: Any) -> list[str]:
    return [str(w["kind"]) for w in ind.warnings]


def _warning_words(ind: Any) -> str:
    return "; ".join(warning_kind_label(kind) for kind in _warning_kinds(ind))


def published(
    written: dict[str, Output] | None = None, segment: dict[str, Output] | None = None
) -> list[Column]:
    """The columns open data publishes, read from the fields' definitions (by default the library's:
    `serialise.INDICATORS` and `serialise.SEGMENT`)."""
    written = serialise.INDICATORS if written is None else written
    segment = serialise.SEGMENT if segment is None else segment
    columns: list[Column] = []
    for name, output in written.items():
        if not output.public:
            continue
        if name == "segments":
            columns += [
                Column(
                    f"{part_name}_{code.lower()}",
                    _segment_reader(code, part),
                    part.unit in FIGURE_UNITS,
                    part.description,
                )
                for code in SEGMENTS
                for part_name, part in segment.items()
                if part.public
            ]
        elif name == "warnings":
            columns.append(Column("warnings", _warning_kinds, False, output.description))
            columns.append(Column("warning_labels", _warning_words, False, _("The warnings in words")))
        elif output.type is None:
            raise TypeError(f"open data cannot publish the structure {name}: spread it into columns here")
        else:
            columns.append(Column(name, output.read, output.unit in FIGURE_UNITS, output.description))
    return columns


COLUMNS = published()
NAMES = tuple(c.name for c in COLUMNS)
