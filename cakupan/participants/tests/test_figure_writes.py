"""The write path of a participant import (`participants.figure_plan` and `services._store`): the figures
stored are the rollup's, a re-import that changes some people records exactly the figures that change
(replaced with their old value, removed with theirs, the rest kept under their first batch), and a failure
in the middle of storing leaves the database and the person store as they were. Run on SQLite and, with
CAKUPAN_DATABASE_URL, on PostgreSQL (COPY)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from cakupan.common.bulk import WRITE_CACHE_KIB
from cakupan.imports.datasets import ParsedRow
from cakupan.imports.models import FigureChange, ImportBatch
from cakupan.indicators.models import ParticipationFigure, ParticipationRemoval, RegionMonth
from cakupan.participants import services
from cakupan.participants.models import ParticipantsIngest, ProgramFigure
from cakupan.participants.services import participants_rollup_import
from cakupan.participants.tests.helpers import ROWS, keyed, participants_file, person

pytestmark = pytest.mark.django_db

COVERS = ("53.71",)


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"


def stored_figures() -> dict[tuple[str, str, str, str], int]:
    return {
        (r, p, seg, st): n
        for r, p, seg, st, n in ParticipationFigure.objects.values_list(
            "region_id", "period", "segment", "status", "participants"
        )
    }


def stored_programs() -> dict[tuple[str, str, str, str], int]:
    return {
        (r, p, prog, st): n
        for r, p, prog, st, n in ProgramFigure.objects.values_list(
            "region_id", "period", "program", "status", "participants"
        )
    }


def test_the_stored_figures_and_counts_per_program_are_the_rollups_inside_what_the_file_covers(
    tmp_path: Path,
) -> None:
    done = participants_rollup_import(path=participants_file(tmp_path), user=None, covers=COVERS)
    assert done.ok and done.batch is not None and done.plan is not None
    inside = {f[:4]: f[4] for f in done.rollup.figures if f[0].startswith("53.71")}
    assert stored_figures() == inside
    assert stored_programs() == {p[:4]: p[4] for p in done.rollup.programs if p[0].startswith("53.71")}
    assert (len(done.plan.new), len(done.plan.replaced), done.plan.unchanged) == (len(inside), 0, 0)
    assert done.batch.new_figures == len(inside) and done.batch.rows == len(inside)
    # Every figure carries its origin: the file, declared complete for the city.
    assert set(ParticipationFigure.objects.values_list("origin", "covered_by")) == {("participants", "53.71")}
    # Visible: the parents are refreshed in the same transaction, the province summed from its children.
    assert RegionMonth.objects.get(region_id="53", period="2024-06").active_pu == 2


def test_a_reimport_that_changes_some_people_records_exactly_the_figures_that_change(tmp_path: Path) -> None:
    first = participants_rollup_import(path=participants_file(tmp_path), user=None, covers=COVERS)
    assert first.batch is not None
    before = stored_figures()
    # Person 2 is no longer active; person 5, the only JAKON participant, is not in the file any more.
    changed = [row for row in ROWS if row[0] != keyed(person(5))]
    changed[1] = (keyed(person(2)), "53.71.01.1001", "2024-06", "PU", "inactive", "JKK;JKM")
    second = participants_rollup_import(
        path=participants_file(tmp_path, changed, "p2.parquet"), user=None, covers=COVERS
    )
    assert second.ok and second.batch is not None and second.plan is not None
    after = stored_figures()

    replaced = {
        key: (before[key], after[key]) for key in before.keys() & after.keys() if before[key] != after[key]
    }
    # PU active falls from 2 to 1 in the village, its district and the city.
    assert replaced == {
        (code, "2024-06", "PU", "active"): (2, 1) for code in ("53.71.01.1001", "53.71.01", "53.71")
    }
    new = {key: after[key] for key in after.keys() - before.keys()}
    assert new == {(code, "2024-06", "PU", "inactive"): 1 for code in ("53.71.01.1001", "53.71.01", "53.71")}
    removed = {key: before[key] for key in before.keys() - after.keys()}
    assert removed == {
        (code, "2024-06", "JAKON", "active"): 1 for code in ("53.71.02.1001", "53.71.02", "53.71")
    }
    # The history holds exactly those: each replaced figure with its old value and batch, each removed one.
    changes = {
        (c.region_id, c.when, c.item): (int(c.old_value), int(c.new_value), c.old_batch_id)
        for c in FigureChange.objects.filter(batch=second.batch)
    }
    assert changes == {
        (r, p, f"{s}/{st}"): (old, new, first.batch.pk) for (r, p, s, st), (old, new) in replaced.items()
    }
    removals = {
        (r.region_id, r.period, r.segment, r.status): (r.old_value, r.old_batch_id)
        for r in ParticipationRemoval.objects.filter(batch=second.batch)
    }
    assert removals == {key: (value, first.batch.pk) for key, value in removed.items()}
    assert (second.batch.new_figures, second.batch.replaced_figures) == (3, 3)
    assert second.batch.unchanged_figures == len(before) - len(replaced) - len(removed)
    # The figures that did not change stay under the first batch.
    unchanged = ParticipationFigure.objects.filter(region_id="53.71", segment="BPU", status="active").get()
    assert unchanged.batch_id == first.batch.pk
    # Counts per program: JKK of the JAKON participant removed, the inactive person's programs moved.
    assert stored_programs() == {p[:4]: p[4] for p in second.rollup.programs if p[0].startswith("53.71")}
    assert ("53.71.02.1001", "2024-06", "JKK", "active") not in stored_programs()


def test_the_same_file_again_changes_nothing(tmp_path: Path) -> None:
    participants_rollup_import(path=participants_file(tmp_path), user=None, covers=COVERS)
    figures, programs = stored_figures(), stored_programs()
    again = participants_rollup_import(path=participants_file(tmp_path), user=None, covers=COVERS)
    assert again.ok and again.batch is None and again.ingest is None and again.plan is not None
    assert again.plan.unchanged == len(figures) and not again.plan.changes_anything
    assert (stored_figures(), stored_programs()) == (figures, programs)
    assert ImportBatch.objects.count() == ParticipantsIngest.objects.count() == 1


def test_a_failure_while_storing_leaves_everything_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    first = participants_rollup_import(path=participants_file(tmp_path), user=None, covers=COVERS)
    figures, programs = stored_figures(), stored_programs()
    months = set(RegionMonth.objects.values_list("region_id", "active_pu"))

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the disk is full")

    # The figures, their history and the parents are written; the counts per program fail.
    monkeypatch.setattr(services, "_audit_programs", broken)
    changed = [*ROWS, (keyed(person(6)), "53.71.01.1001", "2024-06", "PU", "active", "JKK")]
    with pytest.raises(RuntimeError):
        participants_rollup_import(
            path=participants_file(tmp_path, changed, "p2.parquet"), user=None, covers=COVERS
        )
    assert (stored_figures(), stored_programs()) == (figures, programs)
    assert set(RegionMonth.objects.values_list("region_id", "active_pu")) == months
    assert list(ImportBatch.objects.values_list("pk", flat=True)) == [first.batch.pk if first.batch else 0]
    assert FigureChange.objects.count() == 0 and ParticipantsIngest.objects.count() == 1
    store = Path(settings.DATA_DIR) / "participants"
    assert len(list((store / "store").iterdir())) == 1  # the person store of the first file only
    assert not [p for p in (store / "work").iterdir() if p.suffix == ".parquet"]


def test_new_figures_are_planned_and_written_without_a_python_row_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A national file's 600,000 figures once made as many named tuples (a second and more of its import):
    # now only a replaced figure is made into one. A first import replaces none.
    def refused(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a row was made for a new figure")

    monkeypatch.setattr(ParsedRow, "_make", classmethod(refused))
    done = participants_rollup_import(path=participants_file(tmp_path), user=None, covers=COVERS)
    assert done.ok and done.batch is not None and done.plan is not None and done.validation is not None
    inside = {f[:4]: f[4] for f in done.rollup.figures if f[0].startswith("53.71")}
    assert stored_figures() == inside and len(done.plan.new) == len(done.validation.rows) == len(inside)
    assert done.validation.region_codes == sorted({key[0] for key in inside})
    assert set(done.batch.touched_regions.values_list("code", flat=True)) == {key[0] for key in inside}


def test_the_figures_and_counts_are_written_in_key_order(tmp_path: Path) -> None:
    participants_rollup_import(path=participants_file(tmp_path), user=None, covers=COVERS)
    for model, item in ((ParticipationFigure, "segment"), (ProgramFigure, "program")):
        written = list(model.objects.order_by("pk").values_list("region_id", "period", item, "status"))
        assert len(written) > 5 and written == sorted(written)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a pragma of SQLite's")
def test_the_counts_per_program_are_written_under_the_larger_page_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 838,000 counts of a national file, with three indexes: 0.3 to 0.8 s less of a 10 M import.
    def cache_size() -> int:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return int(cursor.fetchone()[0])

    before, seen, real_write = cache_size(), [], services._write_programs

    def noted_write(*args: Any) -> None:
        seen.append(cache_size())
        real_write(*args)

    monkeypatch.setattr(services, "_write_programs", noted_write)
    done = participants_rollup_import(path=participants_file(tmp_path), user=None, covers=COVERS)
    assert done.ingest is not None and seen == [-WRITE_CACHE_KIB] != [before]
    assert cache_size() == before and stored_programs()
