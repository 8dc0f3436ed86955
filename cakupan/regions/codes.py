"""Kemendagri region codes: the parsing lives in the Django-free core (`cakupan.core.codes`)."""

from __future__ import annotations

from cakupan.core.codes import (
    DISTRICT,
    NATIONAL,
    NATIONAL_LEVEL,
    PROVINCE,
    REGENCY,
    VILLAGE,
    CodeError,
    ParsedCode,
    level_of,
    normalise,
    parent_of,
    parse_code,
)

__all__ = [
    "DISTRICT",
    "NATIONAL",
    "NATIONAL_LEVEL",
    "PROVINCE",
    "REGENCY",
    "VILLAGE",
    "CodeError",
    "ParsedCode",
    "level_of",
    "normalise",
    "parent_of",
    "parse_code",
]
