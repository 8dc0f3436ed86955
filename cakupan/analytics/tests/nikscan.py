"""Looking for raw NIKs in every file a run wrote: as text (UTF-8, UTF-16) and as a binary integer."""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable
from pathlib import Path


def needles(niks: Iterable[str]) -> dict[bytes, str]:
    found: dict[bytes, str] = {}
    for nik in niks:
        found[nik.encode()] = f"{nik[:4]}… as text"
        found[nik.encode("utf-16-le")] = f"{nik[:4]}… as UTF-16"
        found[nik.encode("utf-16-be")] = f"{nik[:4]}… as UTF-16 BE"
        if nik.isdigit():
            found[struct.pack("<q", int(nik))] = f"{nik[:4]}… as int64"
            found[struct.pack(">q", int(nik))] = f"{nik[:4]}… as int64 BE"
    return found


def files_under(*roots: Path | str) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        for folder, _dirs, names in os.walk(root):
            found.extend(Path(folder) / name for name in names)
    return found


def scan(files: Iterable[Path], niks: Iterable[str]) -> list[str]:
    """`path: what` for every raw NIK found; empty when there is none."""
    patterns = needles(niks)
    hits: list[str] = []
    for path in files:
        try:
            content = path.read_bytes()
        except OSError:
            continue
        hits.extend(f"{path}: {what}" for needle, what in patterns.items() if needle in content)
    return hits
