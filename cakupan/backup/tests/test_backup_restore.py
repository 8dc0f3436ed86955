"""`cakupan backup` and `cakupan restore` as an operator runs them: separate processes, each database its own
(SQLite files, or new databases on the PostgreSQL server the suite runs against)."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from cakupan.backup.tests.scenario import COUNTED
from tests.support import CAKUPAN, on_ci, own_database, run

pytestmark = pytest.mark.slow

STATE = "from cakupan.backup.tests.scenario import state; state()"
# The folders of the data directory whose files a backup carries (MEDIA_ROOT is DATA_DIR/files here).
FOLDERS = ("documents", "evidence", "participants/store")


@dataclass(frozen=True)
class Made:
    env: dict[str, str]
    data_dir: Path
    state: dict[str, Any]
    archive: Path


def _shell(env: dict[str, str], code: str) -> dict[str, Any]:
    done = run(env, "manage", "shell", "-c", code)
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def _files(data_dir: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for folder in FOLDERS:
        base = data_dir / folder
        for path in sorted(base.rglob("*")) if base.is_dir() else []:
            if path.is_file():
                found[path.relative_to(data_dir).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    folder = tmp_path_factory.mktemp("backup")
    with own_database(folder / "source", "migrated") as env:
        state = _shell(env, "from cakupan.backup.tests.scenario import seed; seed()")
        archive = folder / "cakupan.zip"
        done = run(env, "backup", str(archive), "--lang", "en")
        assert done.returncode == 0, done.stderr
        assert "Backup written to" in done.stdout, done.stdout
        yield Made(env, folder / "source", state, archive)


def _run_together(*calls: tuple[dict[str, str], tuple[str, ...]]) -> list[subprocess.CompletedProcess[str]]:
    """Commands of separate databases side by side: the machine has two cores, the suite uses one."""
    pipe = subprocess.PIPE
    processes = [
        subprocess.Popen([*CAKUPAN, *args], env=env, stdout=pipe, stderr=pipe, text=True)
        for env, args in calls
    ]
    finished = []
    for process in processes:  # each prints a few kilobytes at most: no pipe fills while another is read
        out, err = process.communicate(timeout=600)
        finished.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return finished


@contextmanager
def _other_vendor(folder: Path) -> Iterator[dict[str, str] | None]:
    """A database of its own on the other vendor: SQLite in the PostgreSQL run, PostgreSQL in the SQLite run
    (None when this machine has no PostgreSQL server)."""
    patch = pytest.MonkeyPatch()
    if os.environ.get("CAKUPAN_DATABASE_URL", "").startswith("postgres"):
        patch.delenv("CAKUPAN_DATABASE_URL")
    elif os.environ.get("CAKUPAN_TEST_POSTGRES_URL"):
        patch.setenv("CAKUPAN_DATABASE_URL", os.environ["CAKUPAN_TEST_POSTGRES_URL"])
    else:
        assert not on_ci(), "CI runs the suite with PostgreSQL"
        yield None
        return
    with ExitStack() as stack:
        env = stack.enter_context(own_database(folder))
        patch.undo()
        yield env


@dataclass(frozen=True)
class Restored:
    same: Made
    # The same backup restored into the other vendor's database (SQLite <-> PostgreSQL), when there is one.
    other: Made | None


@pytest.fixture(scope="module")
def restored(source: Made, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Restored]:
    """The backup restored into new, empty databases and data folders (no `cakupan init` first)."""
    folder = tmp_path_factory.mktemp("restored")
    with own_database(folder / "data") as env, _other_vendor(folder / "other") as other_env:
        envs = [env] if other_env is None else [env, other_env]
        for done in _run_together(*((e, ("restore", str(source.archive), "--lang", "en")) for e in envs)):
            assert done.returncode == 0, done.stdout + done.stderr
            assert "Restored the backup" in done.stdout, done.stdout
        states = [
            json.loads(done.stdout.strip().splitlines()[-1])
            for done in _run_together(*((e, ("manage", "shell", "-c", STATE)) for e in envs))
        ]
        made = [
            Made(e, Path(e["CAKUPAN_DATA_DIR"]), state, source.archive)
            for e, state in zip(envs, states, strict=True)
        ]
        yield Restored(made[0], made[1] if len(made) > 1 else None)


def _same_content(restored: Made, source: Made) -> None:
    """Every row of every table and every file as in the source; the restore added one audit event."""
    assert restored.state["tables"] == source.state["tables"]
    assert restored.state["backup_events"] == ["import"]
    assert restored.state["indicators"] == source.state["indicators"]
    assert restored.state["ranking"] == source.state["ranking"]
    assert _files(restored.data_dir) == _files(source.data_dir)


def test_a_restore_into_an_empty_database_gives_back_every_row_file_and_figure(
    source: Made, restored: Restored
) -> None:
    tables = source.state["tables"]
    for label in (
        "auth.user",
        "accounts.roleassignment",
        "accounts.office_regions",
        "indicators.participationfigure",
        "indicators.workforcefigure",
        "indicators.target",
        "indicators.regionmonth",
        "imports.importbatch",
        "compliance.case",
        "compliance.caseevent",
        "compliance.evidence",
        "monev.meeting",
        "monev.followup",
        "monev.regulation",
        "monev.regulation_acts_on",
        "monev.document",
        "packs.packsnapshot",
        "participants.participantsingest",
        "participants.programfigure",
        "jobs.job",
        "audit.auditevent",
    ):
        assert tables[label][0] > 0, f"the scenario stores no {label}"
    assert source.state["backup_events"] == []
    assert source.state["indicators"]["53"] is not None
    files = _files(source.data_dir)
    assert {name.split("/")[0] for name in files} == {"documents", "evidence", "participants"}

    _same_content(restored.same, source)

    # Data only: no secret key, chart store, staged upload or engine work; readable by its owner alone.
    with zipfile.ZipFile(source.archive) as archive:
        names = archive.namelist()
    assert all(n == "manifest.json" or n.startswith(("tables/", "files/")) for n in names)
    assert len([n for n in names if n.startswith("files/")]) == len(files)
    assert not [n for n in names if "monev-provinsi.zip" in n], "a job's batch zip is pruned, never backed up"
    assert stat.S_IMODE(source.archive.stat().st_mode) == 0o600


def test_a_backup_moves_between_sqlite_and_postgresql(source: Made, restored: Restored) -> None:
    """The PostgreSQL run restores its backup into SQLite; the SQLite run into PostgreSQL."""
    if restored.other is None:
        pytest.skip("no PostgreSQL server here (CAKUPAN_TEST_POSTGRES_URL)")
    _same_content(restored.other, source)


def test_a_database_that_holds_data_is_replaced_only_when_asked(source: Made, restored: Restored) -> None:
    target = restored.same
    refused = run(target.env, "restore", str(source.archive), "--lang", "en")
    assert refused.returncode == 1
    assert "already holds data" in refused.stderr and "--replace" in refused.stderr
    assert "Nothing was changed." in refused.stderr

    done = run(target.env, "restore", str(source.archive), "--replace", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "Everything the database held before was replaced." in done.stdout
    # Emptied and filled again: the audit trail too, so again only this restore's event.
    _same_content(replace(target, state=_shell(target.env, STATE)), source)


def test_a_backup_holds_what_was_committed_when_it_began_and_nothing_after(source: Made) -> None:
    archive = source.data_dir.parent / "while-writing.zip"
    call = f"from cakupan.backup.tests import scenario; scenario.backup_while_writing({str(archive)!r})"
    counts = _shell(source.env, call)
    assert all(counts["after"][label] > counts["before"][label] for label in COUNTED), counts
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        batches = opened.read("tables/imports.importbatch.jsonl").decode()
    rows = {table["model"]: table["rows"] for table in manifest["tables"]}
    assert {label: rows[label] for label in COUNTED} == counts["before"]
    assert "while-backup.csv" not in batches
