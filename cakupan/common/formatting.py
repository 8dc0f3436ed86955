"""Numbers, percentages and months written the way each language writes them.

Indonesian: 1.654.526 and 33,73 %; English: 1,654,526 and 33.73%. Every surface (pages, CLI, reports)
formats through here, always from the values rounded by the indicator library.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from cakupan.core.rounding import round2

MONTHS = {
    "id": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
MONTHS_SHORT = {
    "id": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
DASH = "–"


def _lang(lang: str | None) -> str:
    return "en" if (lang or "id").lower().startswith("en") else "id"


def _group(digits: str, sep: str) -> str:
    out: list[str] = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def fmt_int(value: int | None, lang: str | None = "id", *, signed: bool = False) -> str:
    if value is None:
        return DASH
    sep = "," if _lang(lang) == "en" else "."
    sign = "−" if value < 0 else ("+" if signed and value > 0 else "")
    return sign + _group(str(abs(int(value))), sep)


def fmt_decimal(value: Fraction | Decimal | None, lang: str | None = "id", *, signed: bool = False) -> str:
    rounded = round2(value)
    if rounded is None:
        return DASH
    lang = _lang(lang)
    sign = "−" if rounded < 0 else ("+" if signed and rounded > 0 else "")
    whole, _, cents = f"{abs(rounded):.2f}".partition(".")
    thousands, decimal = (",", ".") if lang == "en" else (".", ",")
    return f"{sign}{_group(whole, thousands)}{decimal}{cents}"


def fmt_pct(value: Fraction | Decimal | None, lang: str | None = "id") -> str:
    if value is None:
        return DASH
    return fmt_decimal(value, lang) + ("%" if _lang(lang) == "en" else " %")


def fmt_points(value: Fraction | Decimal | None, lang: str | None = "id", *, signed: bool = True) -> str:
    """Percentage points: `+1,25 poin` / `+1.25 pts`."""
    if value is None:
        return DASH
    unit = "pts" if _lang(lang) == "en" else "poin"
    return f"{fmt_decimal(value, lang, signed=signed)} {unit}"


def fmt_idr(value: int | None, lang: str | None = "id") -> str:
    if value is None:
        return DASH
    return "Rp" + fmt_int(value, lang)


def fmt_month(period: str | None, lang: str | None = "id", *, short: bool = False) -> str:
    if not period:
        return DASH
    names = (MONTHS_SHORT if short else MONTHS)[_lang(lang)]
    return f"{names[int(period[5:7]) - 1]} {period[:4]}"
