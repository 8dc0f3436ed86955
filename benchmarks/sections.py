"""docs/benchmarks.md is written by several benchmarks of `make bench`: `run.py` writes the page, each other
benchmark its own section between its markers, which every writer keeps."""

from __future__ import annotations

from pathlib import Path

# The sections written by benchmarks other than run.py, in the order they are kept at the end of the page.
SECTIONS = (
    "participants",
    "participants-import",
    # Written by hand: what a run of the participant import says (its writer rewrites only its own section).
    "participants-import-reading",
    "left-out",
    "recompute",
    "import-peer",
    "pack",
    "slow-steps",
    "soak",
    "charts",
    "pages",
    "reports",
    # Written by hand: what a run of the reports benchmark says (its writer rewrites only its own section).
    "reports-reading",
)


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def write_section(path: Path, name: str, section: str) -> None:
    """Replace the section `name` of the file (between its markers), or append it; the rest is kept."""
    start, end = markers(name)
    block = f"{start}\n{section}{end}"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if start in old and end in old:
        before, rest = old.split(start, 1)
        new = before + block + rest.split(end, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def kept_sections(path: Path) -> str:
    """The sections other benchmarks wrote into `path`, as they are, for run.py to keep below its page."""
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    kept = []
    for name in SECTIONS:
        start, end = markers(name)
        if start in text and end in text:
            kept.append(start + text.split(start, 1)[1].split(end, 1)[0] + end)
    return "".join(f"\n{section}\n" for section in kept)
