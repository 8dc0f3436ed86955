"""A `cakupan` command or a web request that does not use the heavy libraries does not import them (issue 20
§2): each app registers its datasets, report sections and jobs at start-up, and a module imported then
imports SciPy, pyarrow, ibis or vl-convert only in the function that uses it. Checked by what a fresh
process has imported (its `sys.modules`), never by how long it took. The servers' workers still import them
once at start on purpose (`cakupan.common.preload`, issue 20 §7)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import _env, own_database

HEAVY = ("scipy", "numpy", "pandas", "pyarrow", "duckdb", "ibis", "altair", "vl_convert", "weasyprint")

# Runs one entry point in a fresh interpreter, then names the heavy modules it imported.
PROBE = r"""
import json, os, runpy, sys
heavy, entry, argument = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
if entry == "cli":
    sys.argv = ["cakupan", *argument.split()]
    try:
        runpy.run_module("cakupan.cli", run_name="__main__", alter_sys=True)
    except SystemExit:
        pass
else:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cakupan.settings"
    import django
    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment
    setup_test_environment()
    status = Client().get(argument).status_code
    assert status == 200, status
print("\nHEAVY " + json.dumps([name for name in heavy if name in sys.modules]))
"""


def _loaded(env: dict[str, str], entry: str, argument: str, names: tuple[str, ...] = HEAVY) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(names), entry, argument],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("HEAVY "))
    return list(json.loads(line.removeprefix("HEAVY ")))


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Per entry point, the heavy modules a fresh process imported: `cakupan --help` (before `init`), and
    the login page asked of a migrated database through Django's test client."""
    found = {}
    with own_database(tmp_path_factory.mktemp("help")) as env:
        found["cakupan --help"] = _loaded(env, "cli", "--help")
    with own_database(tmp_path_factory.mktemp("page"), "migrated") as env:
        found["GET /akun/masuk/"] = _loaded(env, "page", "/akun/masuk/")
    return found


@pytest.mark.parametrize("module", HEAVY)
@pytest.mark.parametrize("entry", ["cakupan --help", "GET /akun/masuk/"])
def test_it_does_not_import_a_heavy_library_it_does_not_use(
    loaded: dict[str, list[str]], entry: str, module: str
) -> None:
    assert module not in loaded[entry], f"{entry} imported {module}"


def test_the_probe_sees_what_a_process_imports(tmp_path: Path) -> None:
    """The check can fail: a process that imports a heavy library before the command runs is seen."""
    with own_database(tmp_path) as env:
        env["PYTHONPATH"] = str(tmp_path)
        (tmp_path / "sitecustomize.py").write_text("import pyarrow\n")
        assert "pyarrow" in _loaded(env, "cli", "--help")


def test_a_command_on_sqlite_does_not_import_the_postgresql_driver(tmp_path: Path) -> None:
    """The dated models' PostgreSQL constraint lives with their migrations (`common/dated_migrations.py`):
    a process on SQLite, whatever database the suite runs against, never loads django.contrib.postgres."""
    env = _env(tmp_path, "")  # SQLite in its own folder
    assert _loaded(env, "cli", "--help", ("psycopg", "django.contrib.postgres.fields")) == []


def test_a_command_does_not_import_the_api_framework(tmp_path: Path) -> None:
    """django-ninja and pydantic are for the API's requests: a command never needs them, and the parts of
    the API's answers that commands, selectors and app start-up use live in `common/api_shapes.py`."""
    with own_database(tmp_path) as env:
        assert _loaded(env, "cli", "--help", ("ninja", "pydantic")) == []


def test_an_import_and_its_rollup_do_not_import_pandas(tmp_path: Path) -> None:
    """pandas costs a process 0.17 s to import, a tenth of a 100,000-row import (issue 20 §2). DuckDB's scan
    of a pyarrow table and pyarrow's arrays of Python values each import it; the rollup
    (`indicators/rollup_sets.py`) hands DuckDB Arrow streams. DuckDB's parameters of Python lists import
    dateutil and more (0.12 s): the rollup's sources of the workforce (one here) go to it as Arrow too."""
    from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes

    rows = [(code, "2024-06", "PU", "active", "10") for code in ("53", "53.01", "53.71")]
    peserta = tmp_path / "peserta.csv"
    peserta.write_bytes(csv_bytes(PARTICIPATION_HEADER, rows))
    angkatan = tmp_path / "angkatan.csv"
    angkatan.write_bytes(csv_bytes(WORKFORCE_HEADER, [("53.01", "2024-06", "total", "100", "Sakernas")]))
    heavy = ("duckdb", "pandas", "pyarrow.dataset", "dateutil")
    with own_database(tmp_path / "data", "initialised") as env:
        assert _loaded(env, "cli", f"import workforce {angkatan}", heavy) == ["duckdb"]
        loaded = _loaded(env, "cli", f"import participation {peserta}", heavy)
    assert loaded == ["duckdb"]  # the rollup ran, and did without pandas
