"""A `cakupan` command run as its process's own ends cleanly and without the interpreter's long teardown: it
closes the database connections (SQLite folds its write-ahead log back into the file) and freezes the
objects left, so that exiting frees them without the cyclic collector's repeated passes (issue 20 §2).
The same function called by a caller that goes on (a test, the worker) freezes nothing."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cakupan.cli import main
from tests.support import SQLITE_NAME, own_database

PROBE = r"""
import gc, json, sys
from django.db import connections
from cakupan.cli import main
sys.argv = ["cakupan", "user", "list"]
code = main()
print("\nEND " + json.dumps({"code": code, "frozen": gc.get_freeze_count(),
                             "open": connections["default"].connection is not None}))
"""


def test_the_processs_own_command_closes_its_database_and_freezes_what_is_left(tmp_path: Path) -> None:
    with own_database(tmp_path, "migrated") as env:
        done = subprocess.run(
            [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=600, check=False
        )
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("END "))
    end = json.loads(line.removeprefix("END "))
    assert end["code"] == 0 and end["frozen"] > 0 and end["open"] is False
    assert not (tmp_path / f"{SQLITE_NAME}-wal").exists()  # on SQLite, the log folded in at the close


@pytest.mark.django_db
def test_a_command_called_by_a_caller_that_goes_on_freezes_nothing() -> None:
    assert gc.get_freeze_count() == 0
    assert main(["user", "list"]) == 0
    assert gc.get_freeze_count() == 0
