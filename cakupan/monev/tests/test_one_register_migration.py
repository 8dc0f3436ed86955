"""The migration to one register of targets and commitments (docs/adr/0006), run by Django's migration
executor on a database of its own: every target and every commitment ends as one row of
`indicators.Target`, a commitment copied from a target is that target, the regulations and meetings they
came from stay linked, the revisions stay in their history and the two old tables are gone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support import own_database, run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder: Path = tmp_path_factory.mktemp("registers")
    with own_database(folder) as env:
        code = "from cakupan.monev.tests.old_registers import main; main()"
        done = run(env, "manage", "shell", "-c", code)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_every_target_and_commitment_is_one_row_and_a_copied_commitment_is_its_target(
    migrated: dict[str, Any],
) -> None:
    old, new = migrated["old"], migrated["new"]
    province, city = old["targets"]
    owned, same_key = old["agreed"]
    assert len(new["targets"]) == 4  # two targets and two commitments of a meeting, no copy twice
    moved = new["moved"]
    assert [moved[str(pk)] for pk in old["copies"]] == [province, city]
    assert len({moved[str(owned)], moved[str(same_key)], province, city}) == 4
    assert new["yearly"] == [province, city]


def test_a_yearly_target_keeps_its_id_its_regulation_and_its_revisions(migrated: dict[str, Any]) -> None:
    old, new = migrated["old"], migrated["new"]
    rows = {row["pk"]: row for row in new["targets"]}
    province = rows[old["targets"][0]]
    assert province["key"] == ["53", 2024, "coverage_rate", "50"]
    assert (province["deadline"], province["yearly"], province["owner"]) == ("2024-12-31", True, None)
    assert (province["regulation"], province["meeting"]) == (old["regulation"], None)
    assert new["history"] == [["2024", "coverage_rate", "45", "50"]]
    city = rows[old["targets"][1]]
    assert city["created_at"].startswith("2024-02-03T04:05:06")  # its batch's moment, not the migration's


def test_a_commitment_of_a_meeting_keeps_its_owner_deadline_author_and_meeting(
    migrated: dict[str, Any],
) -> None:
    old, new = migrated["old"], migrated["new"]
    rows = {row["pk"]: row for row in new["targets"]}
    owned = rows[new["moved"][str(old["agreed"][0])]]
    assert owned["key"] == ["53.71", 2024, "coverage_rate", "55"]
    assert (owned["deadline"], owned["yearly"]) == ("2024-09-30", False)
    assert (owned["owner"], owned["created_by"], owned["meeting"]) == (
        old["office"],
        old["user"],
        old["meeting"],
    )
    assert owned["created_at"].startswith("2024-02-03T04:05:06")
    same_key = rows[new["moved"][str(old["agreed"][1])]]
    assert same_key["key"] == ["53", 2024, "coverage_rate", "52"] and not same_key["yearly"]


def test_the_two_old_tables_are_gone(migrated: dict[str, Any]) -> None:
    tables = set(migrated["new"]["tables"])
    assert "monev_commitment" not in tables and "monev_targetlegalsource" not in tables
    assert "monev_commitmentsource" in tables


def test_migrating_back_gives_the_two_registers_again(migrated: dict[str, Any]) -> None:
    old, back = migrated["old"], migrated["back"]
    assert back["targets"] == old["targets"]  # the commitments of the meeting leave the targets
    assert back["commitments"] == [
        ["53", "coverage_rate", None, None, old["regulation"], True],
        ["53.71", "active_participants", None, None, None, True],
        ["53.71", "coverage_rate", old["meeting"], old["office"], None, False],
        ["53", "coverage_rate", old["meeting"], None, None, False],
    ]
    assert back["legal_sources"] == [["53", old["regulation"]]]
