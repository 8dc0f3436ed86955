"""`cakupan nik-sweep`: NIKs stored before they were refused are masked in titles, notes, file names and
audit values; a dry run counts them per table and column without a value; a second run finds nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cakupan.audit.models import AuditEvent
from cakupan.cli import main
from cakupan.common.nik_sweep import nik_sweep
from cakupan.core.problems import HIDDEN
from cakupan.imports.models import ImportBatch
from cakupan.monev.models import Regulation
from cakupan.monev.tests.helpers import regulation
from tests.personas import WORKFORCE_HEADER, Personas, csv_bytes

pytestmark = pytest.mark.django_db

NIK = "3201234501900001"
GROUPED = "3201 2345 0190 0001"
WORKFORCE = csv_bytes(WORKFORCE_HEADER, [("53", "2024-06", "total", "1654526", "BPS Sakernas")])


def _stored_before_the_guard(personas: Personas, tmp_path: Path) -> tuple[Regulation, ImportBatch]:
    """Rows as an older version stored them: written past save(), as a restore of an old backup would."""
    held = regulation("53", personas.officer_a)
    Regulation.objects.filter(pk=held.pk).update(title=f"Perbup peserta NIK {GROUPED}")
    path = tmp_path / "workforce.csv"
    path.write_bytes(WORKFORCE)
    assert main(["import", "workforce", str(path)]) == 0
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(file_name=f"peserta {NIK}.csv")
    AuditEvent.objects.bulk_create(
        [AuditEvent(source="web", action="update", entity_type="monev.regulation", before={"title": NIK})]
    )
    return held, batch


def test_the_sweep_masks_stored_niks_and_renames_files_and_is_idempotent(
    personas: Personas, tmp_path: Path
) -> None:
    held, batch = _stored_before_the_guard(personas, tmp_path)
    result = nik_sweep()
    assert result.counts == {
        "monev_regulation.title": 1,
        "imports_importbatch.file_name": 1,
        "audit_auditevent.before": 1,
    }
    held.refresh_from_db()
    batch.refresh_from_db()
    assert held.title == f"Perbup peserta NIK {HIDDEN}"
    assert batch.file_name.startswith("berkas-workforce-") and batch.file_name.endswith(".csv")
    assert AuditEvent.objects.filter(before={"title": HIDDEN}).exists()
    assert nik_sweep().counts == {}


def test_the_sweep_records_its_own_audit_event_with_counts_and_no_value(
    personas: Personas, tmp_path: Path
) -> None:
    _stored_before_the_guard(personas, tmp_path)
    nik_sweep()
    event = AuditEvent.objects.get(entity_type="nik-sweep")
    assert event.action == "update"
    assert event.after is not None and event.after["rows"] == 3
    assert NIK not in json.dumps(event.after) and "3201" not in json.dumps(event.after)


def test_a_dry_run_counts_per_table_and_column_and_changes_nothing(
    personas: Personas, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    held, _batch = _stored_before_the_guard(personas, tmp_path)
    capsys.readouterr()
    assert main(["nik-sweep", "--dry-run", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report == {
        "dry_run": True,
        "rows": 3,
        "columns": {
            "audit_auditevent.before": 1,
            "imports_importbatch.file_name": 1,
            "monev_regulation.title": 1,
        },
    }
    held.refresh_from_db()
    assert GROUPED in held.title
    assert not AuditEvent.objects.filter(entity_type="nik-sweep").exists()
    assert main(["nik-sweep", "--lang", "en"]) == 0
    assert "3 values masked" in capsys.readouterr().out
    assert main(["nik-sweep", "--dry-run", "--lang", "en"]) == 0
    assert "No NIK found in stored text." in capsys.readouterr().out


def test_a_file_imported_from_the_command_line_under_a_nik_is_stored_and_named_safely(
    personas: Personas, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"angkatan kerja {GROUPED}.csv"
    path.write_bytes(WORKFORCE)
    assert main(["import", "workforce", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "2345" not in out and "berkas-workforce-" in out
    name = ImportBatch.objects.get().file_name
    assert name.startswith("berkas-workforce-") and name.endswith(".csv")
