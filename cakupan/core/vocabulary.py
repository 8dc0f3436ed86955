"""The words of the data contract that every importer accepts: segments, statuses, programs and their
spellings. Aggregate files (row by row) and participant files (inside the engine) read them from here."""

from __future__ import annotations

SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
STATUSES = ("active", "inactive")
PROGRAMS = ("JKK", "JKM", "JHT", "JP", "JKP")

# Accepted spellings (lower case, spaces collapsed) → stored value.
SEGMENT_SPELLINGS = {"pu": "PU", "ppu": "PU", "bpu": "BPU", "pbpu": "BPU", "jakon": "JAKON", "pmi": "PMI"}
STATUS_SPELLINGS = {
    "active": "active",
    "aktif": "active",
    "inactive": "inactive",
    "nonaktif": "inactive",
    "non-aktif": "inactive",
    "non aktif": "inactive",
    "tidak aktif": "inactive",
}


def spelling(text: str) -> str:
    """A choice as written, in the form the spellings are listed: lower case, spaces collapsed."""
    return " ".join(text.lower().split())
