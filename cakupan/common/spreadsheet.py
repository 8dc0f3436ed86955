"""Text that leaves Cakupan in a spreadsheet file (CSV, XLSX) must never run as a formula there."""

from __future__ import annotations

# A spreadsheet reads a cell starting with these as a formula (CSV injection); tab and carriage return
# too, in some programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell a spreadsheet will not run: a leading formula character gets a single quote before it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
