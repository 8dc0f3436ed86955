"""Parts of the Monev report that other domains contribute (regulations and budgets, compliance, follow-ups).

A domain registers a provider with `report_section`; the provider returns a `Section` for a region and
month, or None when it has nothing to say. The PDF and the XLSX lay every section out the same way: a
title, a few lines of text, and tables of typed cells; neither knows the domain.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, TypeVar

from cakupan.common import formatting as f

# "gap": points still to go (never negative), written without a sign; "decimal": a plain number with two
# decimals (a weight).
CellKind = Literal["text", "int", "pct", "points", "gap", "idr", "date", "month", "decimal"]
Cell = str | int | Decimal | Fraction | date | None


@dataclass(frozen=True)
class Column:
    header: str
    kind: CellKind = "text"
    width: int = 14  # characters, for the XLSX
    nowrap: bool = False  # a figure written as text ("75,12 %"), kept on one line in the PDF


@dataclass(frozen=True)
class Shown:
    text: str
    numeric: bool
    nowrap: bool = False


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    note: str = ""
    totals: tuple[int, ...] = ()  # indexes of rows that are totals (set in bold)

    @property
    def formatted(self) -> list[list[Shown]]:
        """The cells as the PDF prints them, in the active language."""
        return [
            [
                replace(shown(cell, column.kind), nowrap=True) if column.nowrap else shown(cell, column.kind)
                for cell, column in zip(row, self.columns, strict=True)
            ]
            for row in self.rows
        ]


def shown(value: Cell, kind: CellKind) -> Shown:
    from django.utils.translation import get_language

    lang = get_language() or "id"
    if value is None:
        return Shown(f.DASH, kind not in ("text", "date", "month"))
    if kind == "int":
        return Shown(f.fmt_int(int(value), lang), True)  # type: ignore[arg-type]
    if kind == "pct":
        return Shown(f.fmt_pct(value, lang), True)  # type: ignore[arg-type]
    if kind == "points":
        return Shown(f.fmt_points(value, lang), True)  # type: ignore[arg-type]
    if kind == "gap":
        return Shown(f.fmt_points(value, lang, signed=False), True)  # type: ignore[arg-type]
    if kind == "idr":
        return Shown(f.fmt_idr(int(value), lang), True)  # type: ignore[arg-type]
    if kind == "decimal":
        return Shown(f.fmt_decimal(value, lang), True)  # type: ignore[arg-type]
    if kind == "month":
        return Shown(f.fmt_month(str(value), lang), False)
    if kind == "date" and isinstance(value, date):
        return Shown(value.isoformat(), False)
    return Shown(str(value), False)


@dataclass
class Section:
    key: str  # also the XLSX sheet name (≤ 31 characters)
    title: str
    lines: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    # The import batches behind the rows the section shows: listed among the report's data sources.
    batch_ids: list[int] = field(default_factory=list)
    # The XLSX sheet's name when the title is longer than a sheet name may be (31 characters).
    sheet: str = ""

    @property
    def sheet_name(self) -> str:
        return (self.sheet or self.title)[:31]


Provider = Callable[[Any, str, str], Section | None]  # (user, region code, period)
PROVIDERS: list[tuple[int, Provider]] = []
T = TypeVar("T")
# What the reports of one batch share (None outside a batch): see `shared_between_reports`.
_SHARED: ContextVar[dict[Hashable, Any] | None] = ContextVar("reports_shared", default=None)


def report_section(order: int) -> Callable[[Provider], Provider]:
    """Register a provider; sections appear by `order` after the figures of the report."""

    def register(provider: Provider) -> Provider:
        PROVIDERS.append((order, provider))
        PROVIDERS.sort(key=lambda item: item[0])
        return provider

    return register


def extra_sections(user: Any, code: str, period: str) -> list[Section]:
    sections = (provider(user, code, period) for _order, provider in PROVIDERS)
    return [section for section in sections if section is not None]


@contextmanager
def shared_between_reports() -> Iterator[None]:
    """Within it, what every report of a batch would compute alike is computed once (`shared`): e.g. the
    scorecard of a province, which each of its regencies' reports shows a row of. A batch is made for one
    figures version (`services.reports_batch`), so what one report read holds for the next."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def shared(key: Hashable, make: Callable[[], T]) -> T:
    """`make()`, made once for all the reports of a batch under the same key (each time outside a batch).
    The key says everything the result depends on, the user included."""
    memo = _SHARED.get()
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    return memo[key]
