"""Parsing one cell of an import into a typed value: the Django face of `cakupan.core.values`, whose rule
table this is. Each parser returns the value or raises ValueProblem, whose text is the reason in the active
language; none of them guesses."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, ParamSpec, TypeVar

from django.utils.translation import gettext

from cakupan.core import values as core
from cakupan.core.cells import Cell
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


P = ParamSpec("P")
R = TypeVar("R")


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


def _translating(parser: Callable[P, R]) -> Callable[P, R]:
    """The core's parser, its refusals translated when shown (a try/except, not a context manager: it
    runs for every cell of a file)."""

    @functools.wraps(parser)
    def parse(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return parser(*args, **kwargs)
        except core.ValueProblem as problem:
            raise _translated(problem) from None

    return parse


parse_region = _translating(core.parse_region)
parse_month = _translating(core.parse_period)
parse_year = _translating(core.parse_year)
parse_count = _translating(core.parse_count)
parse_amount = _translating(core.parse_amount)
parse_percent = _translating(core.parse_percent)
parse_decimal = _translating(core.parse_decimal)
parse_choice = _translating(core.parse_choice)
_parse_text = _translating(core.parse_text)


def parse_text(cell: Cell, *, max_length: int, forbid: Forbid | None = nik_forbidden) -> str:
    return _parse_text(cell, max_length=max_length, forbid=forbid)


def parse(kind: Kind, cell: Cell, **options: Any) -> Any:
    """The cell read as a value of `kind` (the column's kind, which may follow the row); see
    `cakupan.core.values.parse`. Text is checked for NIKs unless `forbid` says otherwise."""
    if kind == "text":
        options.setdefault("forbid", nik_forbidden)
    try:
        return core.parse(kind, cell, **options)
    except core.ValueProblem as problem:
        raise _translated(problem) from None
