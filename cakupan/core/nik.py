"""The one NIK detector: what every importer, form, API field, file name, log line and problem report uses
to find a NIK (Nomor Induk Kependudukan) before it is stored, shown or written.

A NIK is found when a text holds
- sixteen digits in a row that are not part of a longer run of digits (letters around do not matter:
  "NIK:3201234501900001" is one; an 18-digit account number is not);
- digit groups joined by single spaces, dots or dashes ("3201 2345 0190 0001", "32.01.23.450190.0001")
  that together have a NIK's shape: sixteen digits whose first six are a district (kecamatan) code of
  today's region master or of the 2021 master, then a real date DDMMYY (day + 40 for women), then a
  4-digit serial that no separator splits and that is not 0000;
- a number Excel made of a NIK, written in scientific notation ("3.20123450190001E+15").
A number (int or float, e.g. a spreadsheet cell) between 10^15 and 10^16 is a NIK too.

Shape matters only for grouped digits, where phone numbers, letter numbers, dates and amounts sit next to
each other in ordinary text ("NPP 12345678 2024-06-30", "53.71.02.1001 2024-06"). Nothing here logs or
raises with the text it reads.
"""

from __future__ import annotations

import math
import re
import tomllib
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import PurePath

from cakupan.core.problems import HIDDEN, N_

NIK_DIGITS = 16
SERIAL_DIGITS = 4
SMALLEST = 10**15  # a spreadsheet number of sixteen digits: a NIK that Excel turned into a number
BEYOND = 10**16

LOOKS_LIKE_NIK = N_("holds what looks like a NIK; a NIK is never stored here: remove it")

# Digits with single separators between them; each piece is a group.
_RUN = re.compile(r"[0-9]+(?:[ .\-][0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
# Excel's display of a 16-digit number: one digit, a decimal part, exponent 15 ("3,20123E+15").
_SCIENTIFIC = re.compile(r"(?<![0-9.,])[1-9](?:[.,][0-9]+)?[eE]\+?0?15(?![0-9])")

# For engines (DuckDB, Spark, Arrow: RE2 and Java syntax, no look-around): every text the detector
# finds a NIK in matches this, and a few more (a phone number next to a date, say), so the rows it
# flags are confirmed with `contains_nik` in Python.
ENGINE_PATTERN = r"[0-9](?:[ .\-]?[0-9]){15}|[1-9](?:[.,][0-9]+)?[eE]\+?0?15"
ENGINE_REGEX = re.compile(ENGINE_PATTERN)


@cache
def district_codes() -> frozenset[str]:
    """The six-digit district codes a NIK can start with: today's master and the 2021 codes of the
    regencies that moved to new provinces (package data written by scripts/nik_districts.py)."""
    raw = resources.files("cakupan.core").joinpath("nik_districts.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    today: dict[str, str] = data["today"]
    codes = {regency + district for regency, districts in today.items() for district in districts.split()}
    for old, new in data["moved_2021"].items():
        codes |= {old + district for district in today.get(new, "").split()}
    return frozenset(codes)


def nik_shaped(digits: str) -> bool:
    """Whether sixteen digits can be a NIK: a known district, a real birth date (day + 40 for women,
    either century) and a serial other than 0000."""
    if len(digits) != NIK_DIGITS or not digits.isascii() or not digits.isdigit():
        return False
    if digits[:6] not in district_codes() or digits[12:] == "0000":
        return False
    day, month, year = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if day > 40:
        day -= 40
    return any(_real_date(century + year, month, day) for century in (1900, 2000))


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def find_niks(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every NIK in `text`, in order and without overlaps."""
    spans: list[tuple[int, int]] = [m.span() for m in _SCIENTIFIC.finditer(text)]
    for run in _RUN.finditer(text):
        groups = [(g.start() + run.start(), g.end() + run.start()) for g in _GROUP.finditer(run.group())]
        spans.extend(_in_groups(groups, text))
    return _merged(spans)


def _in_groups(groups: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for first, (start, end) in enumerate(groups):
        if end - start == NIK_DIGITS:
            found.append((start, end))
            continue
        digits = ""
        for last in range(first, len(groups)):
            piece = text[groups[last][0] : groups[last][1]]
            digits += piece
            if len(digits) >= NIK_DIGITS or len(piece) >= NIK_DIGITS:
                break
        else:
            continue
        serial_whole = groups[last][1] - groups[last][0] >= SERIAL_DIGITS  # no separator inside the serial
        if last > first and len(digits) == NIK_DIGITS and serial_whole and nik_shaped(digits):
            found.append((start, groups[last][1]))
    return found


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def contains_nik(value: object) -> bool:
    """Whether a value (text, or a number as a spreadsheet or an API holds it) is or holds a NIK."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, int):
        return SMALLEST <= abs(value) < BEYOND
    if isinstance(value, float | Decimal):
        number = float(value)
        return math.isfinite(number) and SMALLEST <= abs(number) < BEYOND
    text = value if isinstance(value, str) else str(value)
    return ENGINE_REGEX.search(text) is not None and bool(find_niks(text))


def mask_niks(text: str) -> str:
    """The text with every NIK in it replaced by HIDDEN."""
    spans = find_niks(text) if ENGINE_REGEX.search(text) else []
    for start, end in reversed(spans):
        text = text[:start] + HIDDEN + text[end:]
    return text


def safe_file_name(name: str, *, fallback: str) -> str:
    """The name itself when it holds no NIK, else `fallback` with the name's extension (".csv") kept, so
    that a file named after a person's NIK is stored and shown as, say, "berkas-workforce-2026-06-30.csv".
    Underscores count as separators here: "peserta_3201_2345_0190_0001.csv" is refused too."""
    if not contains_nik(name) and not contains_nik(name.replace("_", " ")):
        return name
    suffix = PurePath(name).suffix
    keep = suffix if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", suffix) and not suffix[1:].isdigit() else ""
    return fallback if not keep or fallback.lower().endswith(keep.lower()) else fallback + keep.lower()
