from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cakupan.imports.models import FigureChange, ImportBatch
from cakupan.imports.services import import_commit
from cakupan.indicators.models import ParticipationFigure, RegionMonth, Target, WorkforceFigure
from tests.personas import (
    PARTICIPATION_HEADER,
    TARGETS_HEADER,
    WORKFORCE_HEADER,
    csv_bytes,
    load,
    participation_rows,
    validate,
)

pytestmark = pytest.mark.django_db

FILE = csv_bytes(
    PARTICIPATION_HEADER,
    participation_rows("53.01", "2024-06", {"PU": 100, "BPU": 50}, {"PU": 10})
    + participation_rows("53.02", "2024-06", {"PU": 30}),
)


def _counts() -> tuple[int, int, int, int, int]:
    return (
        ParticipationFigure.objects.count(),
        WorkforceFigure.objects.count(),
        RegionMonth.objects.count(),
        ImportBatch.objects.count(),
        FigureChange.objects.count(),
    )


def test_a_valid_file_is_stored_with_its_batch_and_rolled_up() -> None:
    batch, _plan = load("participation", FILE, "peserta_juni.csv")
    assert batch is not None
    assert (batch.rows, batch.new_figures, batch.replaced_figures, batch.unchanged_figures) == (4, 4, 0, 0)
    assert batch.file_name == "peserta_juni.csv" and len(batch.sha256) == 64 and batch.actor == "test"
    assert batch.periods == ["2024-06"] and batch.regions == 2
    province = RegionMonth.objects.get(region_id="53", period="2024-06")
    assert (province.active_pu, province.active_bpu, province.inactive_pu) == (130, 50, 10)
    assert RegionMonth.objects.get(region_id="00", period="2024-06").active_pu == 130


def test_the_same_file_twice_changes_nothing() -> None:
    load("participation", FILE)
    before = _counts()
    batch, plan = load("participation", FILE)
    assert batch is None and plan.unchanged == 4
    assert _counts() == before


def test_a_later_file_replaces_figures_and_keeps_the_history() -> None:
    first, _ = load("participation", FILE)
    later = csv_bytes(PARTICIPATION_HEADER, participation_rows("53.01", "2024-06", {"PU": 120, "BPU": 50}))
    batch, _plan = load("participation", later, "koreksi.csv")
    assert batch is not None and (batch.new_figures, batch.replaced_figures, batch.unchanged_figures) == (
        0,
        1,
        1,
    )
    change = FigureChange.objects.get(batch=batch)
    assert (change.region_id, change.when, change.item) == ("53.01", "2024-06", "PU/active")
    assert (change.old_value, change.new_value, change.old_batch_id) == (100, 120, first.pk)  # type: ignore[union-attr]
    assert (
        ParticipationFigure.objects.get(region_id="53.01", segment="PU", status="active").participants == 120
    )
    # Figures the later file does not mention stay as they were.
    assert (
        ParticipationFigure.objects.get(region_id="53.02", segment="PU", status="active").participants == 30
    )
    assert RegionMonth.objects.get(region_id="53", period="2024-06").active_pu == 150


def test_a_refused_file_is_never_committed() -> None:
    bad = csv_bytes(PARTICIPATION_HEADER, [("53.01", "2024-06", "PU", "active", "x")])
    validation = validate("participation", bad)
    before = _counts()
    with pytest.raises(ValueError):
        import_commit(validation=validation, by=None, source="cli")
    assert _counts() == before


def test_a_failure_half_way_leaves_nothing_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    load("participation", FILE)
    before = _counts()
    later = csv_bytes(PARTICIPATION_HEADER, participation_rows("53.01", "2024-06", {"PU": 999}))

    def explode(**kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr("cakupan.indicators.figure_store.rollup_refresh", explode)
    with pytest.raises(RuntimeError):
        load("participation", later)
    assert _counts() == before
    assert (
        ParticipationFigure.objects.get(region_id="53.01", segment="PU", status="active").participants == 100
    )


def test_a_later_workforce_figure_is_the_denominator_of_the_months_after_it() -> None:
    load("participation", csv_bytes(PARTICIPATION_HEADER, participation_rows("53.01", "2024-09", {"PU": 10})))
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53.01", "2024-02", "total", "100", "Sakernas Feb")]))
    assert RegionMonth.objects.get(region_id="53.01", period="2024-09").workers_total == 100
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53.01", "2024-08", "total", "200", "Sakernas Agu")]))
    month = RegionMonth.objects.get(region_id="53.01", period="2024-09")
    assert (month.workers_total, month.workers_period) == (200, "2024-08")


def test_targets_are_stored_and_replaced_with_history() -> None:
    load("targets", csv_bytes(TARGETS_HEADER, [("51", "2025", "coverage_rate", "67.28", "Surat Kemendagri")]))
    batch, _ = load("targets", csv_bytes(TARGETS_HEADER, [("51", "2025", "coverage_rate", "60", "Revisi")]))
    assert Target.objects.get(region_id="51", year=2025).value == 60
    assert FigureChange.objects.get(batch=batch).old_value == Decimal("67.28")


def test_a_changed_source_alone_counts_as_a_replacement() -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53", "2024-02", "total", "10", "draft")]))
    batch, plan = load("workforce", csv_bytes(WORKFORCE_HEADER, [("53", "2024-02", "total", "10", "final")]))
    assert batch is not None and len(plan.replaced) == 1
    assert WorkforceFigure.objects.get(region_id="53").source == "final"


def test_committing_writes_in_a_bounded_number_of_queries() -> None:
    rows = [
        (f"53.{n:02d}", "2024-06", seg, "active", n)
        for n in range(1, 22)
        for seg in ("PU", "BPU", "JAKON", "PMI")
    ]
    validation = validate("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    with CaptureQueriesContext(connection) as queries:
        import_commit(validation=validation, by=None, source="cli")
    assert len(queries) < 30


def test_validation_and_commit_run_with_collection_paused_and_leave_it_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Making a row object per line with cyclic collection on set off full collections one after another;
    the import pauses it, and resumes it whatever happens."""
    import gc

    from cakupan.imports import clean_files, stores

    seen: list[bool] = []
    real_store_for, real_validate_clean = stores.store_for, clean_files.validate_clean

    def store_for(name: str) -> object:
        seen.append(gc.isenabled())
        return real_store_for(name)

    def validate_clean(*args: object) -> bool:
        seen.append(gc.isenabled())
        return real_validate_clean(*args)

    monkeypatch.setattr(stores, "store_for", store_for)
    monkeypatch.setattr(clean_files, "validate_clean", validate_clean)
    gc.enable()
    batch, _plan = load("participation", FILE, "peserta_juni.csv")
    assert batch is not None and len(seen) >= 2 and not any(seen)
    assert gc.isenabled()
    with pytest.raises(ValueError, match="problems"):
        import_commit(validation=validate("participation", b"bad"), by=None, source="cli")
    assert gc.isenabled()
