"""Column names as officials write them, reduced to one spelling: case, spaces, hyphens, dots and a
byte-order mark do not matter ("Kode Wilayah", "kode-wilayah" and "KODE_WILAYAH" are one column)."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-./]+")


def normal_header(name: object) -> str:
    text = "" if name is None else str(name)
    text = text.replace("\ufeff", "").strip().lower()
    return _SEPARATORS.sub("_", text).strip("_")


def column_letter(index: int) -> str:
    """The spreadsheet letter of a column (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
