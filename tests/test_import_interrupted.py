"""An import killed in the middle of writing leaves the database exactly as it was."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest
from lokal import wilayah

from cakupan.core import periods
from tests.personas import PARTICIPATION_HEADER, csv_bytes, participation_rows
from tests.support import CAKUPAN, own_database, run, table_state

pytestmark = pytest.mark.slow


def _regencies() -> list[str]:
    return [r.code for p in wilayah.list_wilayah(None) for r in wilayah.list_wilayah(p.code)]


def test_a_killed_import_leaves_the_database_as_before(tmp_path: Path) -> None:
    with own_database(tmp_path / "var", "initialised") as env:
        first = tmp_path / "juni.csv"
        first.write_bytes(csv_bytes(PARTICIPATION_HEADER, participation_rows("53.01", "2024-06", {"PU": 10})))
        assert run(env, "import", "participation", str(first)).returncode == 0
        before = table_state(env)

        rows = [
            row
            for month in periods.span("2024-06", 24)
            for code in _regencies()
            for row in participation_rows(
                code,
                month,
                {"PU": 100, "BPU": 50, "JAKON": 5, "PMI": 1},
                {"PU": 9, "BPU": 8, "JAKON": 2, "PMI": 1},
            )
        ]
        big = tmp_path / "besar.csv"
        big.write_bytes(csv_bytes(PARTICIPATION_HEADER, rows))
        process = subprocess.Popen(
            [*CAKUPAN, "import", "participation", str(big), "--lang", "en"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stderr is not None
        for line in process.stderr:
            if line.startswith("Writing"):
                process.send_signal(signal.SIGKILL)  # mid-transaction: figures are being written
                break
        process.wait(timeout=60)
        stdout = process.stdout.read() if process.stdout else ""
        assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed"
        assert "Stored as batch" not in stdout

        assert table_state(env) == before

        # The database is not left locked or damaged: the same file now goes in whole.
        done = run(env, "import", "participation", str(big), "--lang", "en")
        assert done.returncode == 0, done.stderr
        after = table_state(env)
        assert after["batches"] == 2
        # Every row of the big file, which also replaces the one figure of the first file.
        assert after["participation"][0] == len(rows)  # type: ignore[index]
        assert after["changes"] == 1
