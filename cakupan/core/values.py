"""One cell of an import read as the value its column holds, by the column's kind: the rule table of the data
contract v2 for spreadsheets as offices make them.

- count: a whole number of people. `105120`, `105.120`, `1,654,526`, `4 500` (thousands groups of exactly
  three digits, one separator throughout), an optional `,00`/`.00` with the other mark (`1.234,00`); never
  a real fraction (`1.5`, `1,50`, `12.5` are refused, not read as 15).
- amount: whole rupiah, as a count plus `Rp`, `Rp.` or `IDR` in front and `,-` behind (`Rp 150.000,-`).
- percent: as the user sees it (`45,5 %`, `45.5%`, `67,28`, a percent-formatted cell); a number below 1
  without `%` looks like a fraction and is refused rather than guessed.
- decimal: a non-negative number; Indonesian forms where they cannot be misread (`1.234,5`, `0,455`), and
  `1.234` refused because it could be either.
- year, period (a month), region, choice, text.

Nothing here imports Django: every message is marked with `N_` and raised as `ValueProblem(message,
params)`; the caller translates (`problem.reason(translate)`). `parse(kind, cell, **options)` picks the
parser by the column's kind, which may follow the row (a target's value is a percentage for coverage_rate
and a count for active_participants)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal

from cakupan.core.cells import Cell, PercentCell
from cakupan.core.codes import CodeError, ParsedCode, parse_code
from cakupan.core.nik import LOOKS_LIKE_NIK, contains_nik, mask_niks
from cakupan.core.periods import FIRST_YEAR, LAST_YEAR
from cakupan.core.problems import HIDDEN, N_, Translate, untranslated

Kind = Literal["region", "period", "month", "year", "count", "amount", "percent", "decimal", "choice", "text"]
# Given a text, the reason it may not be stored (e.g. it holds a NIK), or None.
Forbid = Callable[[str], str | None]


class ValueProblem(ValueError):
    """A cell refused: `message` is the untranslated reason (marked with N_), `params` fill its
    placeholders after translation."""

    def __init__(self, message: str, params: Mapping[str, object] | None = None) -> None:
        self.message = message
        self.params = dict(params or {})
        super().__init__(self.reason())

    def reason(self, translate: Translate = untranslated) -> str:
        # A message without placeholders is never %-formatted, so a reason may hold a plain "%".
        text = translate(self.message)
        return text % self.params if self.params else text


# --- what a cell says as plain text -------------------------------------------------------------------------


def text_of(cell: Cell) -> str:
    """The cell as text: a whole number cell without its `.0`, text without surrounding spaces."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _plain_decimal(value: Decimal) -> str:
    """`45.500` → `45.5`, `1E+2` → `100`: no exponent, no trailing zeros after the mark."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _percent_of(fraction: float) -> Decimal:
    """The percentage a percent-formatted cell shows: 0.455 → 45.5, without float noise (0.1 + 0.2)."""
    percent = Decimal(repr(fraction)) * 100
    exponent = percent.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -10:
        percent = percent.quantize(Decimal("1e-10"))
    return Decimal(_plain_decimal(percent))


def as_read(cell: Cell, *, decimal_mark: str = ",") -> str:
    """The cell as the preview shows it, as it was read from the file: text as written, a number cell as a
    spreadsheet shows it (105120.0 → "105120", a percent cell 0.455 → "45,5 %"), a date as YYYY-MM-DD.
    A NIK (sixteen digits, grouped digits of NIK shape, a number Excel made of one) is never shown."""
    if cell is None:
        return ""
    if not isinstance(cell, str) and contains_nik(cell):
        return HIDDEN
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, PercentCell):
        text = _plain_decimal(_percent_of(float(cell))).replace(".", decimal_mark) + " %"
    elif isinstance(cell, float):
        if cell != cell or cell in (float("inf"), float("-inf")):
            text = str(cell)
        else:  # fifteen significant digits, as a spreadsheet shows a number (0.1 + 0.2 is 0.3)
            text = _plain_decimal(Decimal(format(cell, ".15g"))).replace(".", decimal_mark)
    elif isinstance(cell, datetime):
        text = (
            cell.date().isoformat() if cell.time() == time(0) else cell.isoformat(sep=" ", timespec="minutes")
        )
    elif isinstance(cell, date | time):
        text = cell.isoformat()
    else:
        text = str(cell)
    return mask_niks(text)


# --- numbers ------------------------------------------------------------------------------------------------

_SPACES = " \u00a0\u202f"  # space, non-breaking space, narrow non-breaking space
# Digits in thousands groups of exactly three (one separator throughout; the first group does not start
# with 0, so `0.455` is never 455), or plain digits; then an optional fraction after the other mark.
_NUMBER = re.compile(
    r"(?:(?P<grouped>[1-9][0-9]{0,2}(?P<sep>[., \u00a0\u202f])[0-9]{3}(?:(?P=sep)[0-9]{3})*)"
    r"|(?P<plain>[0-9]+))"
    r"(?:(?!(?P=sep))(?P<mark>[.,])(?P<fraction>[0-9]+))?"
)
_SIMPLE = re.compile(r"(?P<whole>[0-9]+)(?:(?P<mark>[.,])(?P<fraction>[0-9]+))?")
_MINUS = ("-", "\u2212")  # hyphen-minus, and the minus sign of some spreadsheets
_CURRENCY = re.compile(r"(?:rp\.?|idr)\s*", re.IGNORECASE)
_WHOLE_RUPIAH = re.compile(r"[.,]-$")  # "Rp 150.000,-": the dash says there are no sen


@dataclass(frozen=True)
class _Number:
    """A number as written: its whole part's digits, the fraction's digits, and how it was grouped."""

    whole: str
    fraction: str
    grouped_by: str  # the thousands separator, "" when the digits were not grouped
    mark: str  # the decimal mark, "" when there was no fraction

    @property
    def value(self) -> Decimal:
        return Decimal(f"{self.whole}.{self.fraction or '0'}")

    @property
    def is_whole(self) -> bool:
        return set(self.fraction) <= {"0"}


def _written_number(text: str) -> _Number | None:
    match = _NUMBER.fullmatch(text)
    if match is None:
        return None
    whole = match.group("plain") or re.sub(r"[^0-9]", "", match.group("grouped"))
    return _Number(whole, match.group("fraction") or "", match.group("sep") or "", match.group("mark") or "")


def _unsigned(text: str) -> tuple[bool, str]:
    """(negative, the text without its sign)."""
    if text[:1] in _MINUS:
        return True, text[1:].lstrip()
    return False, text


def _refuse_non_numbers(cell: Cell) -> None:
    if isinstance(cell, bool):
        raise ValueProblem(N_("not a number"))
    if isinstance(cell, date | time | timedelta):
        raise ValueProblem(N_("not a number: the cell holds a date or a time"))
    if isinstance(cell, float) and (cell != cell or cell in (float("inf"), float("-inf"))):
        raise ValueProblem(N_("not a number"))


@dataclass(frozen=True)
class WholeRules:
    """The rules of a whole-number kind: what it accepts besides digits, its bound, and its reasons."""

    limit: int
    currency: bool
    empty: str
    negative: str
    fraction: str
    not_number: str
    percent: str
    too_large: str


COUNT = WholeRules(
    limit=10**12,
    currency=False,
    empty=N_("the count is empty"),
    negative=N_("a count cannot be negative"),
    fraction=N_("not a whole number: a count of people has no decimals"),
    not_number=N_("not a whole number; write digits, e.g. 105120 or 105.120"),
    percent=N_("a percentage where a number of people is expected"),
    too_large=N_("implausibly large for a count of people"),
)
AMOUNT = WholeRules(
    limit=10**16,
    currency=True,
    empty=N_("the amount is empty"),
    negative=N_("an amount cannot be negative"),
    fraction=N_("not a whole number of rupiah: an amount has no sen"),
    not_number=N_("not a whole number of rupiah; write e.g. 4500000000 or Rp 4.500.000.000"),
    percent=N_("a percentage where an amount in rupiah is expected"),
    too_large=N_("implausibly large for an amount in rupiah"),
)


def parse_whole(cell: Cell, rules: WholeRules) -> int:
    """A non-negative whole number under `rules`: a count of people or an amount in rupiah."""
    if type(cell) is str and cell.isascii() and cell.isdigit():
        # Plain digits, as most files write every figure: the rules below would give the same, slower.
        value = int(cell)
        if value > rules.limit:
            raise ValueProblem(LOOKS_LIKE_NIK if contains_nik(value) else rules.too_large)
        return value
    _refuse_non_numbers(cell)
    if isinstance(cell, PercentCell):
        raise ValueProblem(rules.percent)
    if isinstance(cell, int):
        value = cell
    elif isinstance(cell, float):
        if cell < 0:
            raise ValueProblem(rules.negative)
        if not cell.is_integer():
            raise ValueProblem(rules.fraction)
        value = int(cell)
    else:
        value = _whole_of_text(text_of(cell), rules)
    if value < 0:
        raise ValueProblem(rules.negative)
    if value > rules.limit:
        # A NIK that a spreadsheet turned into a number is named as what it is.
        raise ValueProblem(LOOKS_LIKE_NIK if contains_nik(value) else rules.too_large)
    return value


def _whole_of_text(text: str, rules: WholeRules) -> int:
    if not text:
        raise ValueProblem(rules.empty)
    if text.endswith("%"):
        raise ValueProblem(rules.percent)
    negative, text = _unsigned(text)
    if rules.currency:
        currency = _CURRENCY.match(text)
        text = text[currency.end() :] if currency else text
        if not negative:
            negative, text = _unsigned(text)
        text = _WHOLE_RUPIAH.sub("", text)
    number = _written_number(text)
    if number is None:
        raise ValueProblem(rules.not_number)
    if negative:
        raise ValueProblem(rules.negative)
    if not number.is_whole:
        raise ValueProblem(rules.fraction)
    return int(number.whole)


def parse_count(cell: Cell) -> int:
    return parse_whole(cell, COUNT)


def parse_amount(cell: Cell) -> int:
    return parse_whole(cell, AMOUNT)


FRACTION_BOUND = Decimal(1)
PERCENT_BOUND = Decimal(100)


def parse_percent(cell: Cell) -> Decimal:
    """A percentage as the user sees it: `45,5 %`, `45.5%`, `45,5`, a percent cell holding 0.455 → 45.5."""
    _refuse_non_numbers(cell)
    marked = isinstance(cell, PercentCell)
    if isinstance(cell, PercentCell):
        value = _percent_of(float(cell))
    elif isinstance(cell, int | float):
        value = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
    else:
        text = text_of(cell)
        if not text:
            raise ValueProblem(N_("the percentage is empty"))
        marked = text.endswith("%")
        text = text.removesuffix("%").rstrip(_SPACES)
        negative, text = _unsigned(text)
        if "." in text and "," in text:
            raise ValueProblem(N_("both . and , in a percentage; write it like 45,5 or 45.5"))
        number = _SIMPLE.fullmatch(text)
        if number is None:
            raise ValueProblem(N_("not a percentage; write e.g. 45,5 or 45.5"))
        if negative:
            raise ValueProblem(N_("a percentage cannot be negative"))
        value = Decimal(f"{number.group('whole')}.{number.group('fraction') or '0'}")
    if value < 0:
        raise ValueProblem(N_("a percentage cannot be negative"))
    if value > PERCENT_BOUND:
        raise ValueProblem(
            N_("%(value)s is above 100; a percentage is at most 100"), {"value": _plain_decimal(value)}
        )
    if not marked and 0 < value < FRACTION_BOUND:
        raise ValueProblem(
            N_(
                "looks like a fraction (%(value)s); write %(percent)s or format the cell as a percentage "
                "(write %(value)s %% if less than one percent is meant)"
            ),
            {"value": _plain_decimal(value), "percent": _plain_decimal(value * 100)},
        )
    return Decimal(_plain_decimal(value))


AMBIGUOUS = N_(
    "ambiguous: %(value)s could be a thousands separator or a decimal; write it without separators"
)


def parse_decimal(cell: Cell) -> Decimal:
    """A non-negative number, e.g. a ratio. Thousands groups and a decimal mark where they cannot be misread
    (`1.234,5`, `1.234.567`, `0,455`, `45,5`); `1.234` and `1,234` are refused as ambiguous."""
    _refuse_non_numbers(cell)
    if isinstance(cell, PercentCell):
        raise ValueProblem(N_("a percentage where a plain number is expected"))
    if isinstance(cell, int | float):
        value = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
    else:
        text = text_of(cell)
        if not text:
            raise ValueProblem(N_("the value is empty"))
        if text.endswith("%"):
            raise ValueProblem(N_("a percentage where a plain number is expected"))
        negative, text = _unsigned(text)
        number = _written_number(text)
        if number is None:
            raise ValueProblem(N_("not a number"))
        if number.grouped_by in (".", ",") and not number.mark and text.count(number.grouped_by) == 1:
            raise ValueProblem(AMBIGUOUS, {"value": text})
        if negative:
            raise ValueProblem(N_("the value cannot be negative"))
        value = number.value
    if value < 0:
        raise ValueProblem(N_("the value cannot be negative"))
    return Decimal(_plain_decimal(value))


# --- years and months ---------------------------------------------------------------------------------------


def parse_year(cell: Cell, *, latest: int) -> int:
    if isinstance(cell, bool):
        raise ValueProblem(N_("a year must be four digits, e.g. 2025"))
    raw = text_of(cell)
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
        raise ValueProblem(N_("a year must be four digits, e.g. 2025"))
    year = int(raw)
    if not FIRST_YEAR <= year <= latest:
        raise ValueProblem(N_("the year must be between 2000 and %(latest)d"), {"latest": latest})
    return year


# Month names as officials write them, in Bahasa Indonesia and English, full and short.
MONTH_NAMES: dict[str, int] = {
    **{name: i for i, name in enumerate(("januari", "februari", "maret", "april", "mei", "juni", "juli",
                                          "agustus", "september", "oktober", "november", "desember"), 1)},
    **{name: i for i, name in enumerate(("january", "february", "march", "april", "may", "june", "july",
                                          "august", "september", "october", "november", "december"), 1)},
    **{name: i for i, name in enumerate(("jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep",
                                          "okt", "nov", "des"), 1)},
    **{name: i for i, name in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                                          "oct", "nov", "dec"), 1)},
    "agt": 8, "ags": 8, "sept": 9, "peb": 2, "nop": 11, "nopember": 11, "pebruari": 2,
}  # fmt: skip
_YEAR_MONTH = re.compile(r"(?P<year>[0-9]{4})[-/](?P<month>[0-9]{1,2})")  # 2024-06, 2024-6, 2024/06
_MONTH_YEAR = re.compile(r"(?P<month>[0-9]{1,2})[-/](?P<year>[0-9]{4})")  # 06/2024, 6-2024
_ISO_DATE = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"(?:[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"  # 2024-06-30, or with a time
)
_NAMED = re.compile(r"(?P<name>[^\W\d_]+)\.?[\s\-/]*(?P<year>[0-9]{4})")  # Juni 2024, Jun-2024, June 2024


def _year_and_month(text: str) -> tuple[int, int]:
    for pattern in (_YEAR_MONTH, _MONTH_YEAR, _ISO_DATE):
        match = pattern.fullmatch(text)
        if match:
            if pattern is _ISO_DATE:
                try:
                    date(int(match["year"]), int(match["month"]), int(match["day"]))
                except ValueError:
                    raise ValueProblem(N_("not a date of the calendar")) from None
            return int(match["year"]), int(match["month"])
    named = _NAMED.fullmatch(text)
    if named and named["name"].casefold() in MONTH_NAMES:
        return int(named["year"]), MONTH_NAMES[named["name"].casefold()]
    raise ValueProblem(N_("not a month; write YYYY-MM, e.g. 2024-06 (Juni 2024 and 06/2024 are read too)"))


def parse_period(cell: Cell, *, latest: str | None = None) -> str:
    """A month as `YYYY-MM`: from `2024-06`, `2024-6`, `2024/06`, `06/2024`, `Juni 2024`, `Jun-2024`,
    `June 2024`, `2024-06-30` or a date cell. Not from a number cell: 2024.1 may have been 2024-10."""
    if isinstance(cell, datetime | date):
        year, month = cell.year, cell.month
    elif isinstance(cell, int | float | time | timedelta):
        raise ValueProblem(N_("a month must be written as YYYY-MM text, e.g. 2024-06"))
    else:
        text = " ".join(text_of(cell).split())
        if not text:
            raise ValueProblem(N_("the month is empty"))
        year, month = _year_and_month(text)
    if not 1 <= month <= 12:
        raise ValueProblem(N_("the month must be 01 to 12"))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueProblem(N_("the year must be between 2000 and 2100"))
    period = f"{year:04d}-{month:02d}"
    if latest is not None and period > latest:
        raise ValueProblem(N_("the month is in the future (latest allowed: %(latest)s)"), {"latest": latest})
    return period


# --- codes, choices and text --------------------------------------------------------------------------------


def parse_region(cell: Cell) -> ParsedCode:
    if isinstance(cell, float) and not cell.is_integer():
        # 11.1 in a number cell may have been 11.10: the spreadsheet lost the trailing zero.
        raise ValueProblem(
            N_("a dotted code stored as a number loses zeros (11.10 becomes 11.1); store codes as text")
        )
    raw = text_of(cell)
    if not raw:
        raise ValueProblem(N_("the region code is empty"))
    try:
        return parse_code(raw)
    except CodeError:
        raise ValueProblem(
            N_(
                "not a Kemendagri region code; expected e.g. 53, 53.01 (or 5301), 53.01.01, "
                "53.01.01.2001, or 00"
            )
        ) from None


def _spelling(text: str) -> str:
    return " ".join(text.casefold().replace("_", " ").split())


def parse_choice(cell: Cell, *, choices: Iterable[tuple[str, str]]) -> str:
    """One of a few words: any accepted spelling (case, spaces and `_` do not matter) → its stored value."""
    pairs = list(choices)
    wanted = _spelling(text_of(cell))
    for spelling, stored in pairs:
        if wanted in (_spelling(spelling), _spelling(stored)):
            return stored
    allowed = ", ".join(dict.fromkeys(stored for _written, stored in pairs))
    raise ValueProblem(N_("not one of: %(allowed)s"), {"allowed": allowed})


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A cell starting with one of these is run as a formula when the text reaches a spreadsheet again.
FORMULA_START = "=+-@"


def parse_text(cell: Cell, *, max_length: int = 300, forbid: Forbid | None = None) -> str:
    """Free text. `forbid` (e.g. the NIK detector) gives the reason a text may not be stored, or None."""
    raw = text_of(cell)
    if len(raw) > max_length:
        raise ValueProblem(N_("longer than %(limit)d characters"), {"limit": max_length})
    if _CONTROL.search(raw):
        raise ValueProblem(N_("contains control characters"))
    if len(raw) > 1 and raw[0] in FORMULA_START:
        raise ValueProblem(
            N_("starts with %(char)s, which a spreadsheet would run as a formula; remove that character"),
            {"char": raw[0]},
        )
    reason = forbid(raw) if forbid is not None else None
    if reason:
        raise ValueProblem(reason)
    return raw


# --- the table the import framework reads -------------------------------------------------------------------

PARSERS: dict[Kind, Callable[..., Any]] = {
    "region": parse_region,
    "period": parse_period,
    "month": parse_period,
    "year": parse_year,
    "count": parse_count,
    "amount": parse_amount,
    "percent": parse_percent,
    "decimal": parse_decimal,
    "choice": parse_choice,
    "text": parse_text,
}


def parse(kind: Kind, cell: Cell, **options: Any) -> Any:
    """The cell read as a value of `kind`, with the kind's options (`latest` for period and year,
    `choices`, `max_length` and `forbid` for text); raises ValueProblem."""
    return PARSERS[kind](cell, **options)
