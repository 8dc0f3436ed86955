"""What the engine checks a participant file's values against. The files' columns are declared in
`cakupan.core.engine_files`, the words of the contract in `cakupan.core.vocabulary`."""

from __future__ import annotations

import re

from cakupan.core.codes import DOTTED_PATTERN, CodeError, parse_code
from cakupan.core.headers import normal_header
from cakupan.core.vocabulary import PROGRAMS, SEGMENT_SPELLINGS, SEGMENTS, STATUS_SPELLINGS, STATUSES

__all__ = ["PROGRAMS", "SEGMENTS", "SEGMENT_SPELLINGS", "STATUSES", "STATUS_SPELLINGS", "normal_header"]


PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
DOTTED_RE = re.compile(DOTTED_PATTERN)
# Length of a dotted code at each level: province, regency, district, village.
LEVEL_LENGTHS = (2, 5, 8, 13)


def dotted(code: str) -> str | None:
    """The dotted form of a Kemendagri code given dotted or as bare digits; None when it is neither (the
    core's one reading of a code, as every aggregate file is read)."""
    try:
        return parse_code(code).code
    except CodeError:
        return None
