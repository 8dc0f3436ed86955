from __future__ import annotations

from dataclasses import dataclass

from cakupan.analytics.problems import HIDDEN, NIK_LIKE


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, precise enough to fix it: where, what was there, and why it is refused.

    `row` is the row number a spreadsheet shows (the header is row 1); 0 means the file as a whole.
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


def shown(value: object, limit: int = 80) -> str:
    """The offending value as text for a report, cut short so a huge cell cannot flood it, and with
    anything that could be a NIK (16 digits in a row, e.g. a NIK in the wrong column) hidden."""
    text = "" if value is None else str(value)
    text = NIK_LIKE.sub(HIDDEN, text)
    return text if len(text) <= limit else text[:limit] + "…"
