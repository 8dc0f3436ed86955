"""What is wrong with a file: one problem type for every importer, web, API and command line alike."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

Translate = Callable[[str], str]


def untranslated(message: str) -> str:
    return message


def N_(message: str) -> str:
    """Marks a message for translation; the caller's `translate` translates it at run time."""
    return message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, precise enough to fix it: where, what was there, and why it is refused.

    `row` is the row a spreadsheet shows for CSV and XLSX (the header is row 1) and the record number (from
    1) for Parquet; 0 means the file as a whole. `value` never holds a NIK or a NIK hash: those are shown
    masked.
    """

    file: str
    row: int
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, str | int]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


class FileProblems(Exception):
    """The file is refused; `problems` says why (every problem found, up to the report's limit)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


NIK_DIGITS = 16  # a NIK is sixteen digits
# Sixteen digits in a row, anywhere: a quick test. `cakupan.core.nik` is the detector (grouped digits,
# numbers Excel made of a NIK); this stays for the callers that only refuse a plain run.
NIK_LIKE = re.compile(r"\d{16}")
_LONG_DIGITS = re.compile(r"\d{16,}")
HIDDEN = "[16 digits hidden]"  # what stands for a NIK-like number in reports and in files the engines read


def shown(value: object, limit: int = 80) -> str:
    """A cell as a problem report shows it: cut short, and with anything that could be a NIK (found by
    `cakupan.core.nik`, e.g. a NIK in the wrong column, written with spaces, or a cell Excel turned into
    a number) hidden, before it is cut: a cut could leave half a NIK the detector no longer sees."""
    from cakupan.core.nik import contains_nik, mask_niks  # nik imports this module

    if value is None:
        return ""
    if not isinstance(value, str) and contains_nik(value):
        return HIDDEN
    # A report also hides longer runs of digits: a NIK typed with one digit too many is still one.
    text = _LONG_DIGITS.sub(HIDDEN, mask_niks(str(value)))
    return text if len(text) <= limit else text[:limit] + "…"
