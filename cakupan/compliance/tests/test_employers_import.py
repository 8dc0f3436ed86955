from __future__ import annotations

import pytest

from benchmarks.employers import HEADER, employers_file
from cakupan.audit.models import AuditEvent
from cakupan.compliance.models import Employer, EmployerPosition, Finding, PositionChange
from cakupan.compliance.services import employers_import
from cakupan.compliance.tests.helpers import employer, employers_csv, load_employers, row
from cakupan.imports.models import ImportBatch
from tests.personas import xlsx_bytes

pytestmark = pytest.mark.django_db


def test_it_stores_employers_and_their_positions() -> None:
    outcome = load_employers([row("NPP0001"), row("1234567890123", name="CV Timor", region="53.01")])
    assert outcome.batch is not None and outcome.batch.details["new_employers"] == 2
    npp, nib = employer("NPP0001"), employer("1234567890123")
    assert (npp.kind, npp.npp, npp.nib) == ("NPP", "NPP0001", "")
    assert (nib.kind, nib.nib, nib.region_id) == ("NIB", "1234567890123", "53.01")
    assert EmployerPosition.objects.count() == 2


def test_it_reads_xlsx_files_with_indonesian_column_names() -> None:
    header = [
        "npp_nib",
        "nama",
        "kode_wilayah",
        "periode",
        "tk_dilaporkan",
        "tk_terdaftar",
        "upah_dilaporkan",
        "upah_terdaftar",
        "program",
    ]
    content = xlsx_bytes(header, [row("NPP0009")])
    outcome = employers_import(file_name="pemberi_kerja.xlsx", content=content)
    assert outcome.validation.ok and outcome.batch is not None
    assert employer("NPP0009").positions.get().programs == "JKK;JKM;JHT;JP"


def test_a_file_with_any_problem_stores_nothing_and_lists_every_problem() -> None:
    rows = [
        row("NPP0001"),
        row("NPP0002", region="99.99"),
        row("x!", reported=-1, registered_wages=0),
        row("NPP0001"),
        ("NPP0003", "PT A", "53.71", "2026-06", "10", "0", "1000", "500", "JKK;BPJS"),
    ]
    outcome = employers_import(file_name="bad.csv", content=employers_csv(rows))
    assert not outcome.stored
    found = {(p.row, p.column) for p in outcome.validation.problems}
    assert found == {
        (3, "region_code"),
        (4, "employer_id"),
        (4, "reported_workers"),
        (5, "employer_id, period"),
        (6, "programs"),
        (6, "registered_wages_idr"),  # checked although the row's programs cell failed
    }
    assert Employer.objects.count() == 0 and ImportBatch.objects.filter(dataset="employers").count() == 0


def test_it_refuses_wages_without_workers() -> None:
    outcome = employers_import(
        file_name="x.csv", content=employers_csv([row(registered=0, registered_wages=1000, programs="")])
    )
    [problem] = outcome.validation.problems
    assert problem.column == "registered_wages_idr"


def test_it_refuses_a_missing_column() -> None:
    content = employers_csv([row()]).replace(b"registered_wages_idr", b"gaji")
    problems = employers_import(file_name="x.csv", content=content).validation.problems
    assert {p.column for p in problems} == {"gaji", "registered_wages_idr"}


def test_reimporting_the_same_file_changes_nothing() -> None:
    content = employers_csv([row("NPP0001"), row("NPP0002")])
    first = employers_import(file_name="a.csv", content=content)
    events = AuditEvent.objects.count()
    second = employers_import(file_name="a.csv", content=content)
    assert first.stored and not second.stored
    assert second.plan is not None and second.plan.unchanged == 2
    assert (
        ImportBatch.objects.filter(dataset="employers").count() == 1 and AuditEvent.objects.count() == events
    )


def test_a_later_file_replaces_a_position_and_keeps_the_history() -> None:
    first = load_employers([row(registered=50)])
    second = load_employers([row(registered=40)], name="koreksi.csv")
    position = employer().positions.get()
    assert position.registered_workers == 40 and position.batch == second.batch
    change = PositionChange.objects.get()
    before: dict[str, int] = change.before
    after: dict[str, int] = change.after
    assert before["registered_workers"] == 50 and after["registered_workers"] == 40
    assert change.old_batch == first.batch and change.batch == second.batch
    assert second.batch is not None and second.batch.replaced_figures == 1


def test_each_month_is_kept_and_the_latest_one_is_checked() -> None:
    load_employers([row(period="2026-05", registered=10), row(period="2026-06", registered=50)])
    assert employer().latest_period == "2026-06"
    assert employer().positions.count() == 2
    assert not Finding.objects.exists()
    load_employers([row(period="2026-07", registered=45)])
    assert Finding.objects.get().period == "2026-07"


def test_the_name_and_region_of_the_latest_month_stand() -> None:
    load_employers([row(period="2026-06", name="PT Lama")])
    load_employers([row(period="2026-05", name="PT Lebih Lama", region="53.01")])
    assert (employer().name, employer().region_id) == ("PT Lama", "53.71")
    load_employers([row(period="2026-07", name="PT Baru", region="53.01")])
    assert (employer().name, employer().region_id) == ("PT Baru", "53.01")


def test_an_import_writes_one_audit_event() -> None:
    load_employers([row("NPP0001"), row("NPP0002")])
    # The event is the one batch model's now (events recorded before keep compliance.employerimport).
    [event] = AuditEvent.objects.filter(entity_type="imports.importbatch")
    assert event.after is not None and event.after["new_employers"] == 2
    assert event.after["dataset"] == "employers" and event.after["new_figures"] == 2


def test_an_officer_imports_only_for_their_regions(personas: object) -> None:
    from cakupan.regions.scope import RegionScope

    outcome = employers_import(
        file_name="x.csv", content=employers_csv([row(region="52.01")]), scope=RegionScope.of(["53"])
    )
    [problem] = outcome.validation.problems
    assert problem.column == "region_code" and "outside" in problem.reason


def test_the_benchmark_file_is_valid_and_finds_candidates() -> None:
    content = employers_file(600)
    assert content.startswith(",".join(HEADER).encode())
    outcome = employers_import(file_name="bench.csv", content=content)
    assert outcome.stored, [p.as_dict() for p in outcome.validation.problems[:3]]
    assert 100 < outcome.findings < 350


def test_a_dry_run_reports_the_plan_and_stores_nothing() -> None:
    load_employers([row("NPP0001", registered=50)])
    outcome = employers_import(
        file_name="b.csv",
        content=employers_csv([row("NPP0001", registered=40), row("NPP0002")]),
        dry_run=True,
    )
    report = outcome.as_dict()
    assert (report["valid"], report["stored"], report["new"], report["replaced"]) == (True, False, 1, 1)
    assert (
        ImportBatch.objects.filter(dataset="employers").count() == 1
        and employer("NPP0001").positions.get().registered_workers == 50
    )


def test_an_employer_known_by_its_npp_is_found_again_by_its_nib() -> None:
    load_employers([row("NPP0001", period="2026-05")])
    Employer.objects.filter(key="NPP0001").update(nib="1234567890123")
    load_employers([row("1234567890123", period="2026-06", registered=45)])
    assert Employer.objects.count() == 1
    assert list(employer("NPP0001").positions.values_list("period", flat=True)) == ["2026-06", "2026-05"]


def test_a_file_naming_one_employer_twice_for_a_month_is_refused() -> None:
    load_employers([row("NPP0001", period="2026-05")])
    Employer.objects.filter(key="NPP0001").update(nib="1234567890123")
    outcome = employers_import(
        file_name="x.csv", content=employers_csv([row("NPP0001"), row("1234567890123", registered=45)])
    )
    [problem] = outcome.validation.problems
    assert (problem.row, problem.column, problem.value) == (3, "employer_id", "1234567890123")
    assert not outcome.stored and EmployerPosition.objects.count() == 1


def test_every_problem_is_listed_even_on_rows_with_a_bad_cell() -> None:
    rows = [
        row("NPP0001"),
        row("NPP0002", reported="lima", registered_wages=0),  # a bad number …
        row(
            "NPP0002", reported=0, reported_wages=0, registered=0, registered_wages=9
        ),  # … then its duplicate
        row("NPP0003", region="53.99", period="2026-13"),  # an unknown region on a row with a bad month
        row("NPP0004", reported="x", registered=0, registered_wages=5),  # wages without workers, bad number
    ]
    outcome = employers_import(file_name="bad.csv", content=employers_csv(rows))
    assert not outcome.stored and Employer.objects.count() == 0
    problems = {(p.row, p.column): p.reason for p in outcome.validation.problems}
    assert set(problems) == {
        (3, "reported_workers"),
        (4, "registered_wages_idr"),
        (4, "employer_id, period"),
        (5, "period"),
        (5, "region_code"),
        (6, "reported_workers"),
        (6, "registered_wages_idr"),
    }
    assert problems[(4, "employer_id, period")] == "duplicate of row 3 (same employer and month)"
    assert problems[(5, "region_code")].startswith("unknown region code 53.99")
    assert problems[(6, "registered_wages_idr")] == "a registered wage bill without registered workers"


def test_a_file_naming_an_npp_two_employers_hold_is_refused_with_its_rows() -> None:
    load_employers([row("NPP0001", name="PT Satu"), row("NPP0002", name="PT Dua")])
    # Left from before NPPs were unique: PT Satu was re-numbered and PT Dua took its old number.
    Employer.objects.filter(key="NPP0001").update(npp="NPP0009")
    Employer.objects.filter(key="NPP0002").update(npp="NPP0001")
    outcome = employers_import(
        file_name="next.csv", content=employers_csv([row("NPP0003"), row("npp0001", period="2026-07")])
    )
    assert not outcome.stored
    [problem] = outcome.validation.problems
    assert (problem.row, problem.column, problem.value) == (3, "employer_id", "NPP0001")
    assert problem.reason == (
        "NPP0001 is held by more than one employer (PT Dua (NPP0002); PT Satu (NPP0001)): "
        "correct their NPP and NIB before importing"
    )
    assert EmployerPosition.objects.filter(period="2026-07").count() == 0
    assert not Employer.objects.filter(key="NPP0003").exists()


def test_the_database_holds_one_employer_per_npp_and_per_nib() -> None:
    from django.db import IntegrityError, transaction

    load_employers([row("NPP0001"), row("1234567890123", name="PT NIB"), row("NPP0002", name="PT Dua")])
    for column, value in (("npp", "NPP0001"), ("nib", "1234567890123")):
        with pytest.raises(IntegrityError), transaction.atomic():
            Employer.objects.filter(key="NPP0002").update(**{column: value})
    # Empty is not a value: many employers have no NIB.
    assert Employer.objects.filter(nib="").count() == 2


def test_new_employers_get_their_positions_and_findings_when_the_ids_run_below_a_restored_one() -> None:
    """A row restored with its id (a backup, a fixture) can stand above the database's sequence, which
    then numbers the next employers below it; the import still finds each new employer by its key."""
    Employer.objects.create(
        pk=100_000, key="NPP9999", kind="NPP", npp="NPP9999", name="PT Lama", region_id="53.71"
    )
    outcome = load_employers(
        [row("NPP0001"), row("NPP0002", registered=40), row("NPP9999", name="PT Lama Baru")]
    )
    assert outcome.batch is not None and outcome.batch.details["new_employers"] == 2
    for key in ("NPP0001", "NPP0002", "NPP9999"):
        assert employer(key).positions.count() == 1
    assert employer("NPP9999").name == "PT Lama Baru"
    assert Finding.objects.filter(employer=employer("NPP0002")).exists()  # 10 of its 50 not registered
    assert outcome.findings == Finding.objects.values("employer").distinct().count()
