from __future__ import annotations

from pathlib import Path

from benchmarks.participants import SECTION, write_section

OTHERS = "# Benchmarks\n\n| a | b |\n\n<!-- soak:start -->\nsoak\n<!-- soak:end -->\n"


def test_the_participants_benchmark_replaces_its_own_section_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "benchmarks.md"
    path.write_text(OTHERS, encoding="utf-8")
    write_section(path, f"{SECTION[0]}\nfirst run\n{SECTION[1]}")
    write_section(path, f"{SECTION[0]}\nsecond run\n{SECTION[1]}")
    text = path.read_text(encoding="utf-8")
    assert text == f"{OTHERS}\n{SECTION[0]}\nsecond run\n{SECTION[1]}\n"
