"""`cakupan indicators` before `cakupan init` says what to do in one line and exits 1 (issue 19 §6)."""

from __future__ import annotations

from pathlib import Path

from tests.support import own_database, run


def test_a_command_before_init_prints_a_one_line_hint_not_a_traceback(tmp_path: Path) -> None:
    with own_database(tmp_path) as env:
        done = run(env, "indicators", "53", "2024-06", "--lang", "en")
    assert done.returncode == 1
    assert done.stderr.strip() == "The database is not set up yet: run `cakupan init` first."
    assert "Traceback" not in done.stdout + done.stderr
