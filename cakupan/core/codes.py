"""Kemendagri region codes: parsing and levels. Codes are strings; `11.10` and `11.1` are different codes.

Django-free, so the core value parsers and the participant engine read codes the same way as the web."""

from __future__ import annotations

import re
from dataclasses import dataclass

NATIONAL = "00"

# Level by number of dotted segments; 0 is the national aggregate.
NATIONAL_LEVEL, PROVINCE, REGENCY, DISTRICT, VILLAGE = 0, 1, 2, 3, 4

# Also the pattern the participant engine matches a whole column against (DuckDB, Arrow, Spark).
DOTTED_PATTERN = r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$"
_DOTTED = re.compile(DOTTED_PATTERN)
_UNDOTTED_LENGTHS = {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}


class CodeError(ValueError):
    """A code that is not a Kemendagri region code. `reason` is a stable key for the message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ParsedCode:
    code: str  # dotted
    dotted_input: bool | None  # None when the input had no separators to speak of (national, provinces)


def parse_code(raw: str) -> ParsedCode:
    """`5301` or `53.01` → `53.01`. Raises CodeError('format') for anything else."""
    text = raw.strip()
    if text == NATIONAL:
        return ParsedCode(NATIONAL, None)
    if "." in text:
        if not _DOTTED.fullmatch(text):
            raise CodeError("format")
        return ParsedCode(text, True)
    if not text.isdigit() or not text.isascii() or len(text) not in _UNDOTTED_LENGTHS:
        raise CodeError("format")
    parts, pos = [], 0
    for width in _UNDOTTED_LENGTHS[len(text)]:
        parts.append(text[pos : pos + width])
        pos += width
    return ParsedCode(".".join(parts), None if len(text) == 2 else False)


def normalise(raw: str) -> str:
    return parse_code(raw).code


def level_of(code: str) -> int:
    return NATIONAL_LEVEL if code == NATIONAL else code.count(".") + 1


def parent_of(code: str) -> str | None:
    if code == NATIONAL:
        return None
    if "." not in code:
        return NATIONAL
    return code.rsplit(".", 1)[0]
