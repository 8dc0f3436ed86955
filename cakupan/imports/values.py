"""Parsing one cell of an import into a typed value: the Django face of `cakupan.core.values`, whose rule
table this is. Each parser returns the value or raises ValueProblem, whose text is the reason in the active
language; none of them guesses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from cakupan.core import values as core
from cakupan.core.cells import Cell
from cakupan.core.codes import ParsedCode
from cakupan.core.nik import LOOKS_LIKE_NIK, contains_nik
from cakupan.core.values import Forbid, Kind, as_read, text_of

__all__ = [
    "ValueProblem",
    "as_read",
    "nik_forbidden",
    "parse",
    "parse_amount",
    "parse_choice",
    "parse_count",
    "parse_decimal",
    "parse_month",
    "parse_percent",
    "parse_region",
    "parse_text",
    "parse_year",
    "text_of",
]


class ValueProblem(core.ValueProblem):
    """A refused cell; `str()` is the reason translated into the language active when it is shown. Raised
    by the parsers here and by a dataset's own parsers (with a message already translated: it passes
    through gettext unchanged)."""

    def __init__(self, message: str, params: Mapping[str, object] | None = None) -> None:
        super().__init__(message, params)

    def __str__(self) -> str:
        return self.reason(gettext)


def _translated(problem: core.ValueProblem) -> ValueProblem:
    """The core's refusal as one whose text is translated when shown (a try/except, not a context
    manager: it runs for every cell of a file)."""
    return problem if isinstance(problem, ValueProblem) else ValueProblem(problem.message, problem.params)


def nik_forbidden(text: str) -> str | None:
    """The reason a text holding a NIK (by the one detector, cakupan.core.nik) is refused."""
    return LOOKS_LIKE_NIK if contains_nik(text) else None


def parse_region(cell: Cell) -> ParsedCode:
    try:
        return core.parse_region(cell)
    except core.ValueProblem as problem:
        raise _translated(problem) from None


def parse_month(cell: Cell, *, latest: str) -> str:
    try:
        return core.parse_period(cell, latest=latest)
    except core.ValueProblem as problem:
        raise _translated(problem) from None


def parse_year(cell: Cell, *, latest: int) -> int:
    try:
        return core.parse_year(cell, latest=latest)
    except core.ValueProblem as problem:
        raise _translated(problem) from None


def parse_count(cell: Cell) -> int:
    try:
        return core.parse_count(cell)
    except core.ValueProblem as problem:
        raise _translated(problem) from None


def parse_amount(cell: Cell) -> int:
    try:
        return core.parse_amount(cell)
    except core.ValueProblem as problem:
        raise _translated(problem) from None


def parse_percent(cell: Cell) -> Decimal:
    try:
        return core.parse_percent(cell)
    except core.ValueProblem as problem:
        raise _translated(problem) from None


def parse_decimal(cell: Cell) -> Decimal:
    try:
        return core.parse_decimal(cell)
    except core.ValueProblem as problem:
        raise _translated(problem) from None


def parse_choice(cell: Cell, *, choices: Iterable[tuple[str, str]]) -> str:
    try:
        return core.parse_choice(cell, choices=choices)
    except core.ValueProblem as problem:
        raise _translated(problem) from None


def parse_text(cell: Cell, *, max_length: int, forbid: Forbid | None = nik_forbidden) -> str:
    try:
        return core.parse_text(cell, max_length=max_length, forbid=forbid)
    except core.ValueProblem as problem:
        raise _translated(problem) from None


def parse(kind: Kind, cell: Cell, **options: Any) -> Any:
    """The cell read as a value of `kind` (the column's kind, which may follow the row); see
    `cakupan.core.values.parse`. Text is checked for NIKs unless `forbid` says otherwise."""
    if kind == "text":
        options.setdefault("forbid", nik_forbidden)
    try:
        return core.parse(kind, cell, **options)
    except core.ValueProblem as problem:
        raise _translated(problem) from None
