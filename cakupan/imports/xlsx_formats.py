"""What a spreadsheet number format makes of a number: a date, a duration, a percentage or a plain number;
and the date an Excel serial number stands for."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

PLAIN, DATE, DURATION, PERCENT = 0, 1, 2, 3

# Built-in formats (ECMA-376 §18.8.30, and the East Asian dates Excel adds): dates, [h]:mm:ss, percentages.
_BUILTIN = {
    **dict.fromkeys((*range(14, 23), *range(27, 37), 45, 47, *range(50, 59)), DATE),
    46: DURATION,
    9: PERCENT,
    10: PERCENT,
}
_DURATION_BRACKETS = {"h", "hh", "m", "mm", "s", "ss"}


def format_kind(number_format_id: int, code: str | None) -> int:
    """The kind of a number format: a custom `code` when the workbook defines one, else the built-in id."""
    if code is None:
        return _BUILTIN.get(number_format_id, PLAIN)
    literal, duration = _pattern(code)
    lowered = literal.lower()
    if duration:
        return DURATION
    if lowered.strip() == "general":
        return PLAIN
    if any(letter in lowered for letter in "dmyhs"):
        return DATE
    return PERCENT if "%" in literal else PLAIN


def _pattern(code: str) -> tuple[str, bool]:
    """The first section of a format without its quoted text, escaped characters and brackets (colours,
    conditions, currencies), and whether a bracket makes it a duration ([h]:mm)."""
    out: list[str] = []
    duration = False
    index = 0
    while index < len(code):
        char = code[index]
        if char == ";":
            break
        if char == '"':
            end = code.find('"', index + 1)
            index = len(code) if end < 0 else end + 1
            continue
        if char in "\\_*":  # an escaped character, a space as wide as one, a character repeated
            index += 2
            continue
        if char == "[":
            end = code.find("]", index + 1)
            inside = code[index + 1 : end if end >= 0 else len(code)].lower()
            duration = duration or inside in _DURATION_BRACKETS
            index = len(code) if end < 0 else end + 1
            continue
        out.append(char)
        index += 1
    return "".join(out), duration


def from_serial(serial: float, kind: int, *, date1904: bool) -> date | datetime | time | timedelta | float:
    """The date, time or duration an Excel serial number stands for in a cell of this format kind; the number
    itself when it stands for none (out of range)."""
    milliseconds = round(serial * 86_400_000)
    try:
        if kind == DURATION:
            return timedelta(milliseconds=milliseconds)
        if date1904:
            base = datetime(1904, 1, 1)
        else:  # Excel counts a 29 February 1900 that never was: days before it are one day later
            base = datetime(1899, 12, 31) if serial < 60 else datetime(1899, 12, 30)
        moment = base + timedelta(milliseconds=milliseconds)
    except OverflowError:
        return serial
    if 0 <= serial < 1:
        return moment.time()
    if moment.time() == time(0):
        return moment.date()
    return moment
