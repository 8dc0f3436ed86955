from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from cakupan.imports.models import FigureChange, ImportBatch
from cakupan.indicators.models import ParticipationFigure, RegionMonth
from cakupan.participants.models import ParticipantsIngest, ProgramFigure
from cakupan.participants.services import participants_rollup_import
from cakupan.participants.tests.helpers import HEADER, KEY, ROWS, keyed, participants_file, person, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"


def figure(code: str, segment: str, status: str) -> int | None:
    row = ParticipationFigure.objects.filter(region_id=code, period="2024-06", segment=segment, status=status)
    return row.values_list("participants", flat=True).first()


def test_a_file_covering_a_city_stores_its_rollup_down_from_the_city(tmp_path: Path) -> None:
    done = participants_rollup_import(
        path=participants_file(tmp_path), engine="duckdb", user=None, covers=("53.71",)
    )
    assert done.ok and done.batch is not None
    assert (
        done.batch.dataset == "participation" and done.batch.file_name == "p.parquet"
    )  # the name the user sent
    assert figure("53.71.01.1001", "PU", "active") == 2
    assert figure("53.71.01", "BPU", "inactive") == 1
    assert figure("53.71", "PU", "active") == 2
    assert figure("53.71", "JAKON", "active") == 1
    assert figure("53", "BPU", "active") is None  # above what it covers: the sum of the children
    month = RegionMonth.objects.get(region_id="53", period="2024-06")
    assert (month.active_pu, month.active_bpu, month.inactive_bpu) == (2, 1, 1)
    stored = ParticipationFigure.objects.get(
        region_id="53.71", period="2024-06", segment="PU", status="active"
    )
    assert (stored.origin, stored.covered_by) == ("participants", "53.71")
    ingest = done.ingest
    assert ingest is not None and ingest.batch == done.batch and ingest.rows == 5
    assert ingest.sha256 == done.batch.sha256
    assert (Path(ingest.stored_file).suffix, ingest.engine) == (".parquet", "duckdb")


def test_a_file_without_covers_stores_only_its_villages(tmp_path: Path) -> None:
    done = participants_rollup_import(path=participants_file(tmp_path), user=None)
    assert done.ok and done.batch is not None
    assert figure("53.71.01.1001", "PU", "active") == 2
    assert figure("53.71.01", "BPU", "inactive") is None and figure("53.71", "PU", "active") is None
    village = ParticipationFigure.objects.get(
        region_id="53.71.01.1001", period="2024-06", segment="PU", status="active"
    )
    assert (village.origin, village.covered_by) == ("participants", "")
    month = RegionMonth.objects.get(region_id="53.71", period="2024-06")
    assert (month.active_pu, month.active_bpu, month.active_jakon) == (2, 1, 1)


def test_it_stores_the_counts_per_program(tmp_path: Path) -> None:
    participants_rollup_import(path=participants_file(tmp_path), user=None, covers=("53.71",))
    city = dict(
        ProgramFigure.objects.filter(region_id="53.71", status="active").values_list(
            "program", "participants"
        )
    )
    assert city == {"JKK": 4, "JKM": 3, "JHT": 1, "JP": 1}


def test_importing_the_same_file_again_changes_nothing(tmp_path: Path) -> None:
    path = participants_file(tmp_path)
    participants_rollup_import(path=path, user=None)
    before = (ImportBatch.objects.count(), ParticipantsIngest.objects.count(), ProgramFigure.objects.count())
    again = participants_rollup_import(path=path, user=None)
    assert again.ok and not again.changed and again.batch is None
    assert again.plan is not None and not again.plan.changes_anything
    assert (
        ImportBatch.objects.count(),
        ParticipantsIngest.objects.count(),
        ProgramFigure.objects.count(),
    ) == before


def test_a_later_file_replaces_the_figures_and_keeps_their_history(tmp_path: Path) -> None:
    participants_rollup_import(path=participants_file(tmp_path), user=None)
    more = [*ROWS, (keyed(person(6)), "53.71.01.1001", "2024-06", "PU", "active", "JKK")]
    done = participants_rollup_import(path=participants_file(tmp_path, more, "p2.parquet"), user=None)
    assert done.batch is not None and figure("53.71.01.1001", "PU", "active") == 3
    change = FigureChange.objects.get(batch=done.batch, region_id="53.71.01.1001")
    assert (change.old_value, change.new_value) == (2, 3)
    assert (
        ProgramFigure.objects.get(region_id="53.71.01.1001", program="JKK", status="active").participants == 3
    )


def test_a_refused_file_stores_nothing_and_reports_every_problem(tmp_path: Path) -> None:
    rows = [*ROWS, (keyed(person(7)), "53.71.99.9999", "2024-06", "PU", "active", "JKK")]
    with translation.override("en"):
        done = participants_rollup_import(path=participants_file(tmp_path, rows), user=None)
    assert [(p.row, p.column, p.value) for p in done.problems] == [(6, "region_code", "53.71.99.9999")]
    assert "unknown region code" in done.problems[0].reason
    assert (
        ImportBatch.objects.count(),
        ParticipantsIngest.objects.count(),
        ProgramFigure.objects.count(),
    ) == (0, 0, 0)


def test_a_raw_nik_column_is_refused_unless_a_key_is_given(tmp_path: Path) -> None:
    header = ("nik", *HEADER[1:])
    rows = [(person(n + 1), *row[1:]) for n, row in enumerate(ROWS)]
    path = write_csv(tmp_path / "p.csv", header, rows)
    refused = participants_rollup_import(path=path, user=None)
    assert [p.column for p in refused.problems] == ["nik"] and ImportBatch.objects.count() == 0
    done = participants_rollup_import(path=path, pseudonymise_key=KEY, user=None)
    assert done.ok and done.ingest is not None and done.ingest.pseudonymised
    assert figure("53.71.01.1001", "PU", "active") == 2


def test_the_spark_engine_stores_the_same_figures(tmp_path: Path) -> None:
    done = participants_rollup_import(path=participants_file(tmp_path), engine="spark", user=None)
    assert done.ok and done.ingest is not None and done.ingest.engine == "spark"
    assert figure("53.71.01.1001", "PU", "active") == 2 and figure("53.71.01.1002", "BPU", "inactive") == 1


def test_a_month_before_2000_is_refused_with_the_reason_every_importer_gives(tmp_path: Path) -> None:
    from tests.personas import PARTICIPATION_HEADER, csv_bytes, validate

    rows = [(r[0], r[1], "1999-06", *r[3:]) for r in ROWS]
    one_row = csv_bytes(PARTICIPATION_HEADER, [("53.71", "1999-06", "PU", "active", 1)])
    with translation.override("en"):
        done = participants_rollup_import(path=participants_file(tmp_path, rows), engine="duckdb", user=None)
        aggregate = validate("participation", one_row)
    assert not done.ok and ImportBatch.objects.count() == 0
    assert {p.reason for p in done.problems} == {p.reason for p in aggregate.problems}
    assert {p.file for p in done.problems} == {"p.parquet"}  # the file the user sent, never another name


def test_the_example_file_the_import_page_offers_is_read_cleanly_by_the_engine(tmp_path: Path) -> None:
    from cakupan.imports import registry
    from cakupan.imports.file_templates import template_csv

    example = tmp_path / "contoh-participants.csv"
    example.write_bytes(template_csv(registry.get("participants"), example=True))
    done = participants_rollup_import(path=example, user=None)
    assert done.ok, done.problems
    assert figure("53.71.01.1001", "BPU", "active") == 1


def test_a_person_store_that_fails_to_write_fails_the_import_and_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store is written in a thread while the figures are stored; the import waits for it before its
    transaction ends, so a store that fails takes the figures with it."""
    from cakupan.analytics import rollup

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(rollup, "_write", broken)
    with pytest.raises(OSError, match="disk full"):
        participants_rollup_import(path=participants_file(tmp_path), user=None, covers=("53.71",))
    assert not ParticipationFigure.objects.exists() and not ProgramFigure.objects.exists()
    assert not ImportBatch.objects.exists() and not ParticipantsIngest.objects.exists()
    work = tmp_path / "data" / "participants" / "work"
    assert not work.exists() or list(work.iterdir()) == []  # neither the staged store nor the scratch
