"""End to end, in a process of its own with a fresh data directory and an SQLite file: ingest a file of
raw NIKs (one of them mistyped), match a list of raw NIKs, then search every file the run wrote (the
database, the engine's spill and scratch folders, the temporary directory, the log, what it printed) for
the NIKs. Nothing may be found."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from cakupan.analytics.tests.nikscan import files_under, scan
from cakupan.participants.tests.helpers import ROWS, person, write_csv

ROOT = Path(__file__).resolve().parents[3]
NIKS = [person(n + 1) for n in range(len(ROWS))] + [person(n) for n in range(100, 400)]

SCRIPT = textwrap.dedent(
    """
    import logging, os, sys
    from pathlib import Path
    os.environ["DJANGO_SETTINGS_MODULE"] = "cakupan.settings"
    import django
    django.setup()
    data = Path(os.environ["CAKUPAN_DATA_DIR"])
    logging.basicConfig(filename=data / "run.log", level=logging.DEBUG, force=True)
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from tests.personas import seed_regions
    from cakupan.participants.services import match_list_create, participants_rollup_import
    seed_regions()
    key = b"k" * 32
    inputs = Path(sys.argv[1])
    refused = participants_rollup_import(path=inputs / "bad.csv", pseudonymise_key=key, user=None)
    assert [p.column for p in refused.problems] == ["nik"], refused.problems
    print(refused.problems)
    done = participants_rollup_import(path=inputs / "participants.csv", pseudonymise_key=key, user=None)
    assert done.ok and done.ingest is not None, done.problems
    print(done)
    content = (inputs / "list.csv").read_bytes()
    match = match_list_create(
        name="non-ASN", region_code="53", file_name="list.csv", content=content, user=None,
        pseudonymise_key=key,
    )
    assert match.match_list is not None and match.match_list.matched_count == 5, match.problems
    print(match)
    logging.getLogger("cakupan").debug("done %r %r", done, match)
    """
)


def test_no_raw_nik_is_found_in_anything_an_ingest_and_a_match_wrote(tmp_path: Path) -> None:
    inputs, data, temp = tmp_path / "inputs", tmp_path / "data", tmp_path / "tmp"
    for folder in (inputs, data, temp):
        folder.mkdir()
    header = ("nik", "region_code", "period", "segment", "status", "programs")
    rows = [(person(n + 1), *row[1:]) for n, row in enumerate(ROWS)]
    rows += [(person(n), "53.71.01.1003", "2024-06", "BPU", "active", "JKK") for n in range(100, 400)]
    write_csv(inputs / "participants.csv", header, rows)
    write_csv(inputs / "bad.csv", header, [*rows, ("5371O10101900001", *ROWS[0][1:])])
    write_csv(
        inputs / "list.csv", ("nik", "region_code", "agency"), [(n, "53.71", "Dinas") for n in NIKS[:6]]
    )
    env = {
        **os.environ,
        "CAKUPAN_DATA_DIR": str(data),
        "CAKUPAN_SECRET_KEY": "x",
        "TMPDIR": str(temp),
        "CAKUPAN_ENGINE_MEMORY": "256MB",
    }
    env.pop("CAKUPAN_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(inputs)], cwd=ROOT, env=env, capture_output=True, timeout=300
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-3000:]
    (tmp_path / "output.txt").write_bytes(done.stdout + done.stderr)
    written = [*files_under(data, temp), tmp_path / "output.txt"]
    assert (data / "cakupan.sqlite3") in written and any(p.suffix == ".parquet" for p in written)
    assert scan(written, [*NIKS, "5371O10101900001"]) == []
    assert scan(files_under(inputs), NIKS) != []  # the inputs do hold them
