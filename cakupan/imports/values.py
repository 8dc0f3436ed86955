"""Parsing one cell of an import into a typed value. Each parser returns the value or raises
ValueProblem with a translated reason; none of them guesses."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from cakupan.analytics.problems import NIK_LIKE
from cakupan.common.periods import PeriodError, of_date, parse_period
from cakupan.imports.readers import Cell
from cakupan.regions.codes import CodeError, ParsedCode, parse_code


class ValueProblem(ValueError):
    pass


_GROUPED = re.compile(r"\d{1,3}(?P<sep>[.,  ])\d{3}(?:(?P=sep)\d{3})*")
_PLAIN = re.compile(r"\d+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A cell starting with one of these is run as a formula when the text reaches a spreadsheet again.
_FORMULA_START = "=+-@"


def text_of(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_region(cell: Cell) -> ParsedCode:
    if isinstance(cell, float) and not cell.is_integer():
        # 11.1 in a number cell may have been 11.10: the spreadsheet lost the trailing zero.
        raise ValueProblem(
            _("a dotted code stored as a number loses zeros (11.10 becomes 11.1); store codes as text")
        )
    raw = text_of(cell)
    if not raw:
        raise ValueProblem(_("the region code is empty"))
    try:
        return parse_code(raw)
    except CodeError:
        raise ValueProblem(
            _(
                "not a Kemendagri region code; expected e.g. 53, 53.01 (or 5301), 53.01.01, "
                "53.01.01.2001, or 00"
            )
        ) from None


def parse_month(cell: Cell, *, latest: str) -> str:
    if isinstance(cell, datetime | date):
        period = of_date(cell)
    else:
        if isinstance(cell, int | float):
            raise ValueProblem(_("a month must be written as YYYY-MM text, e.g. 2024-06"))
        try:
            period = parse_period(text_of(cell))
        except PeriodError as exc:
            reasons = {
                "format": _("a month must be written YYYY-MM, e.g. 2024-06"),
                "month": _("the month must be 01 to 12"),
                "year": _("the year must be between 2000 and 2100"),
            }
            raise ValueProblem(reasons[exc.reason]) from None
    if period > latest:
        raise ValueProblem(_("the month is in the future (latest allowed: %(latest)s)") % {"latest": latest})
    return period


def parse_year(cell: Cell, *, latest: int) -> int:
    raw = text_of(cell)
    if not _PLAIN.fullmatch(raw) or len(raw) != 4:
        raise ValueProblem(_("a year must be four digits, e.g. 2025"))
    year = int(raw)
    if not 2000 <= year <= latest:
        raise ValueProblem(_("the year must be between 2000 and %(latest)d") % {"latest": latest})
    return year


def parse_count(cell: Cell) -> int:
    """A non-negative whole number; thousands separators only where they cannot be decimals."""
    if isinstance(cell, bool):
        raise ValueProblem(_("not a number"))
    if isinstance(cell, int):
        value = cell
    elif isinstance(cell, float):
        if not cell.is_integer():
            raise ValueProblem(_("not a whole number"))
        value = int(cell)
    else:
        raw = text_of(cell)
        if not raw:
            raise ValueProblem(_("the count is empty"))
        if raw.startswith("-"):
            raise ValueProblem(_("a count cannot be negative"))
        if _PLAIN.fullmatch(raw):
            value = int(raw)
        else:
            grouped = _GROUPED.fullmatch(raw)
            if grouped is None:
                raise ValueProblem(_("not a whole number"))
            if raw.count(grouped.group("sep")) == 1 and grouped.group("sep") in ".,":
                raise ValueProblem(
                    _(
                        "ambiguous: %(value)s could be a thousands separator or a decimal; "
                        "write it without separators"
                    )
                    % {"value": raw}
                )
            value = int(re.sub(r"\D", "", raw))
    if value < 0:
        raise ValueProblem(_("a count cannot be negative"))
    if value > 10**12:
        raise ValueProblem(_("implausibly large for a count of people"))
    return value


def parse_decimal(cell: Cell) -> Decimal:
    if isinstance(cell, bool):
        raise ValueProblem(_("not a number"))
    if isinstance(cell, int | float):
        value = Decimal(str(cell))
    else:
        raw = text_of(cell).replace(" ", "")
        if not raw:
            raise ValueProblem(_("the value is empty"))
        if "." in raw and "," in raw:
            raise ValueProblem(_("ambiguous: the number has both . and , ; write it like 45.50"))
        sep = "." if "." in raw else "," if "," in raw else ""
        if sep and (raw.count(sep) > 1 or re.fullmatch(r"-?\d{1,3}[.,]\d{3}", raw)):
            raise ValueProblem(
                _(
                    "ambiguous: %(value)s could be a thousands separator or a decimal; "
                    "write it without separators"
                )
                % {"value": raw}
            )
        try:
            value = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            raise ValueProblem(_("not a number")) from None
    if not value.is_finite():
        raise ValueProblem(_("not a number"))
    if value < 0:
        raise ValueProblem(_("the value cannot be negative"))
    return value


def parse_text(cell: Cell, *, max_length: int) -> str:
    raw = text_of(cell)
    if len(raw) > max_length:
        raise ValueProblem(_("longer than %(limit)d characters") % {"limit": max_length})
    if _CONTROL.search(raw):
        raise ValueProblem(_("contains control characters"))
    if len(raw) > 1 and raw[0] in _FORMULA_START:
        raise ValueProblem(
            _("starts with %(char)s, which a spreadsheet would run as a formula; remove that character")
            % {"char": raw[0]}
        )
    if NIK_LIKE.search(raw):
        raise ValueProblem(_("looks like a NIK (16 digits); a NIK is never imported here"))
    return raw
