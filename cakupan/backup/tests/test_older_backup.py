"""A backup made before every dataset shared one batch model (its archive holds monev_monevimport and
compliance_employerimport) restores at its own migration state and is migrated forward: into a new, empty
database, and over a database that holds data (with --replace)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support import own_database, run

pytestmark = pytest.mark.slow
HELPERS = "from cakupan.imports.tests.legacy_batches import describe_restored, write_old_archive"


def _shell(env: dict[str, str], code: str) -> Any:
    done = run(env, "manage", "shell", "-c", code)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def old_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("older")
    archive = folder / "sebelum.zip"
    with own_database(folder / "old") as env:
        old = _shell(env, f"{HELPERS}; write_old_archive({str(archive)!r})")
    yield archive, old


def _restored(env: dict[str, str], old: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = _shell(env, f"{HELPERS}; describe_restored({json.dumps(old)!r})")
    return result


def test_the_archive_is_of_the_older_tables(old_archive: tuple[Path, dict[str, Any]]) -> None:
    import zipfile

    from cakupan.backup.archive import table_member

    archive, _old = old_archive
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
    assert table_member("monev.monevimport") in names and table_member("compliance.employerimport") in names


@dataclass(frozen=True)
class Upgraded:
    env: dict[str, str]
    new: dict[str, Any]  # what the database held right after the restore and its migrations


@pytest.fixture(scope="module")
def upgraded(
    old_archive: tuple[Path, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Upgraded]:
    """The older backup restored into a new, empty database and data folder (no `cakupan init` first),
    described at once; the replace test then works on the same database, which holds data."""
    archive, old = old_archive
    with own_database(tmp_path_factory.mktemp("upgraded") / "new") as env:
        done = run(env, "restore", str(archive), "--lang", "en")
        assert done.returncode == 0, done.stderr
        yield Upgraded(env, _restored(env, old))


def test_an_older_backup_restores_into_a_new_database_and_is_upgraded(upgraded: Upgraded) -> None:
    new = upgraded.new
    first, second = new["monev"]
    assert first["file_name"] == "klaim-1.csv" and first["created_at"].startswith("2025-03-04T05:06:07")
    assert new["benefits"] == [[1, first["pk"], second["pk"]], [2, second["pk"], None]]
    one, two = new["employers"]
    assert one["details"] == {"new_employers": 1} and new["change"] == [two["pk"], one["pk"]]
    assert "monev_monevimport" not in new["tables"] and "compliance_employerimport" not in new["tables"]


def test_an_older_backup_replaces_a_database_that_holds_data_when_asked(
    old_archive: tuple[Path, dict[str, Any]], upgraded: Upgraded
) -> None:
    archive, old = old_archive
    env = upgraded.env
    refused = run(env, "restore", str(archive), "--lang", "en")
    assert refused.returncode == 1 and "already holds data" in refused.stderr
    done = run(env, "restore", str(archive), "--replace", "--lang", "en")
    assert done.returncode == 0, done.stderr
    new = _restored(env, old)
    assert [b["file_name"] for b in new["monev"]] == ["klaim-1.csv", "klaim-2.csv"]
    assert new["position_batch"] == new["employers"][1]["pk"]
