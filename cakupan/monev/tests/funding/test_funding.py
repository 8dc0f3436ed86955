from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.audit.models import AuditEvent
from cakupan.indicators.models import Parameter
from cakupan.monev import services
from cakupan.monev.funding.models import VulnerableFunding
from cakupan.monev.funding.services import funding_check
from cakupan.monev.importing import validate_monev_entry, validate_monev_file
from cakupan.monev.tests.helpers import FUNDING_HEADER, commit, monev_batches
from tests.personas import Personas, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def _client(user: object = None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def _problems(content: bytes, name: str = "dana.csv") -> list[tuple[int, str, str]]:
    with translation.override("en"):
        validation = validate_monev_file(dataset_name="vulnerable_funding", file_name=name, content=content)
    return [(p.row, p.column, p.reason) for p in validation.problems]


def test_a_valid_file_is_stored_whole_with_its_file_name_hash_and_one_audit_event() -> None:
    batch, plan = commit(
        "vulnerable_funding",
        FUNDING_HEADER,
        [
            ("53", 2024, "APBD_PROVINSI", 10_000, 12, 2_016_000_000),
            ("53.71", 2024, "csr", 500, 6, 50_400_000),
        ],
        name="dana-2024.csv",
    )
    assert batch is not None and (len(plan.new), batch.file_name, len(batch.sha256)) == (
        2,
        "dana-2024.csv",
        64,
    )
    assert VulnerableFunding.objects.current().count() == 2
    event = AuditEvent.objects.get(entity_type="imports.importbatch")
    assert event.action == "import" and event.after is not None and event.after["new_figures"] == 2


def test_the_amount_is_checked_against_workers_months_and_the_dated_minimum_contribution() -> None:
    agrees = funding_check(workers=10_000, months=12, amount_idr=2_016_000_000, year=2024)
    assert (agrees.expected_idr, agrees.monthly_idr, agrees.agrees) == (2_016_000_000, 16_800, True)
    short = funding_check(workers=10_000, months=12, amount_idr=1_800_000_000, year=2024)
    assert not short.agrees and short.difference_idr == -216_000_000


def test_the_check_uses_the_rate_valid_in_the_year_of_the_funding() -> None:
    Parameter.objects.filter(key="bpu_jkm_idr").update(valid_to=dt.date(2025, 12, 31))
    Parameter.objects.create(
        key="bpu_jkm_idr", value=Decimal("8000"), valid_from=dt.date(2026, 1, 1), legal_basis="test"
    )
    assert funding_check(workers=1, months=1, amount_idr=0, year=2025).expected_idr == 16_800
    assert funding_check(workers=1, months=1, amount_idr=0, year=2026).expected_idr == 18_000


def test_the_funding_page_warns_when_the_amount_disagrees(personas: Personas) -> None:
    commit("vulnerable_funding", FUNDING_HEADER, [("53", 2024, "APBD_PROVINSI", 10_000, 12, 1_800_000_000)])
    page = _client().get("/monev/pendanaan/53/").content.decode()
    assert 'data-check="warning"' in page and "Warning" in page


def test_every_problem_of_a_file_is_reported_with_row_column_and_reason_and_nothing_is_stored() -> None:
    content = csv_bytes(
        FUNDING_HEADER,
        [
            ("53", 2024, "APBN", 10, 12, 100),
            ("99.99", 2024, "CSR", 10, 12, 100),
            ("53", "24", "CSR", -1, 13, "1.5"),
            ("53", 2024, "APBD_PROVINSI", 10, 12, 2_016_000),
            ("53", 2024, "APBD_PROVINSI", 10, 12, 2_016_000),
        ],
    )
    problems = _problems(content)
    assert (2, "funder", "not one of: APBD_PROVINSI, APBD_KABKOTA, APBDES, CSR, OTHER") in problems
    assert (
        3,
        "region_code",
        "unknown region code 99.99 (not in the Kepmendagri 2025 region master)",
    ) in problems
    # The rule on months runs although other cells of the row failed: every problem at once.
    assert {(r, c) for r, c, _ in problems if r == 4} == {
        (4, "year"),
        (4, "workers"),
        (4, "months"),
        (4, "amount_idr"),
    }
    assert (6, "region_code, year, funder", "duplicate of row 5 (same region, year and funder)") in problems
    assert not VulnerableFunding.objects.exists() and not monev_batches().exists()


def test_a_missing_column_refuses_the_file() -> None:
    content = csv_bytes(("region_code", "year", "funder", "workers", "months"), [("53", 2024, "CSR", 1, 1)])
    [(row, column, reason)] = _problems(content)
    assert (row, column) == (1, "amount_idr") and reason.startswith("required column is missing")


def test_a_village_programme_is_villages_times_workers() -> None:
    header = (*FUNDING_HEADER, "villages", "workers_per_village")
    good = csv_bytes(header, [("53.71", 2024, "APBDES", 5100, 12, 1_028_160_000, 51, 100)])
    bad = csv_bytes(header, [("53.71", 2024, "APBDES", 5000, 12, 1_008_000_000, 51, 100)])
    half = csv_bytes(header, [("53.71", 2024, "APBDES", 5000, 12, 1_008_000_000, 51, "")])
    assert _problems(good) == []
    assert _problems(bad) == [
        (2, "workers", "a village programme covers villages × workers_per_village = 5100 workers, not 5000")
    ]
    assert _problems(half)[0][1] == "villages"


def test_an_xlsx_file_is_read_like_a_csv() -> None:
    content = xlsx_bytes(FUNDING_HEADER, [("53", 2024, "CSR", 100, 12, 20_160_000)])
    assert _problems(content, "dana.xlsx") == []


def test_a_later_file_replaces_the_row_and_keeps_the_history_and_the_same_file_changes_nothing() -> None:
    rows = [("53", 2024, "APBD_PROVINSI", 10_000, 12, 2_016_000_000)]
    first, _ = commit("vulnerable_funding", FUNDING_HEADER, rows)
    again, plan = commit("vulnerable_funding", FUNDING_HEADER, rows)
    assert again is None and plan.unchanged == 1
    second, plan = commit(
        "vulnerable_funding", FUNDING_HEADER, [("53", 2024, "APBD_PROVINSI", 12_000, 12, 2_419_200_000)]
    )
    assert second is not None and len(plan.replaced) == 1
    old = VulnerableFunding.objects.get(workers=10_000)
    assert old.replaced_by == second and old.batch == first
    assert VulnerableFunding.objects.current().get().workers == 12_000


def test_an_officer_imports_only_for_their_own_region(personas: Personas) -> None:
    content = csv_bytes(FUNDING_HEADER, [("53", 2024, "CSR", 100, 12, 20_160_000)])
    with translation.override("en"):
        validation = validate_monev_file(
            dataset_name="vulnerable_funding",
            file_name="dana.csv",
            content=content,
            scope=access.scope(personas.officer_b, Cap.WRITE_MONEV),
        )
    assert [p.reason for p in validation.problems] == [
        "region 53 is outside the regions you may import vulnerable_funding for"
    ]


def test_upload_preview_and_confirm_through_the_pages(personas: Personas) -> None:
    client = _client(personas.officer_a)
    content = csv_bytes(FUNDING_HEADER, [("53", 2024, "CSR", 100, 12, 10_000_000)])
    response = client.post(
        "/monev/impor/", {"dataset": "vulnerable_funding", "file": SimpleUploadedFile("dana.csv", content)}
    )
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert 'id="warnings"' in preview and "The file is valid" in preview
    stored = client.post(response["Location"] + "simpan/")
    assert VulnerableFunding.objects.get().amount_idr == 10_000_000
    batch = monev_batches().get()
    assert (batch.source, batch.uploaded_by) == ("web", personas.officer_a)
    # The stored file is shown on the one batch page of every dataset.
    assert stored.status_code == 302 and stored["Location"] == f"/impor/batch/{batch.pk}/"
    assert client.get(stored["Location"]).status_code == 200


def test_a_refused_upload_shows_every_problem_and_stores_nothing(personas: Personas) -> None:
    client = _client(personas.officer_b)
    content = csv_bytes(FUNDING_HEADER, [("53", 2024, "CSR", 100, 12, 20_160_000)])
    response = client.post(
        "/monev/impor/", {"dataset": "vulnerable_funding", "file": SimpleUploadedFile("dana.csv", content)}
    )
    assert response.status_code == 422  # refused at once, and the file is not kept for a preview
    page = response.content.decode()
    assert "The file is refused: 1 problem" in page and "outside the regions" in page
    assert "simpan/" not in page
    assert not VulnerableFunding.objects.exists()


def test_the_entry_form_stores_a_village_programme_through_the_same_checks(personas: Personas) -> None:
    client = _client(personas.officer_a)
    response = client.post(
        "/monev/pendanaan/53.71/isi/",
        {
            "year": 2025,
            "funder": "APBDES",
            "months": 12,
            "amount_idr": 1_028_160_000,
            "villages": 51,
            "workers_per_village": 100,
        },
    )
    assert response.status_code == 302
    row = VulnerableFunding.objects.get()
    assert (row.region_id, row.workers, row.villages) == ("53.71", 5100, 51)
    assert monev_batches().get().source == "entry"
    assert client.post("/monev/pendanaan/53.71/isi/", {"year": 2025}).status_code == 200


def test_the_officer_of_ntb_cannot_enter_funding_for_ntt(personas: Personas) -> None:
    response = _client(personas.officer_b).post(
        "/monev/pendanaan/53/isi/",
        {"year": 2025, "funder": "CSR", "workers": 1, "months": 1, "amount_idr": 16800},
    )
    assert response.status_code == 403
    with pytest.raises(Exception, match="may not write"):
        validation = validate_monev_entry(
            dataset_name="vulnerable_funding",
            data={
                "region_code": "53",
                "year": 2025,
                "funder": "CSR",
                "workers": 1,
                "months": 1,
                "amount_idr": 1,
            },
            scope=access.scope(personas.national_admin, Cap.WRITE_MONEV),
            label="entry",
        )
        services.monev_import_commit(validation=validation, by=personas.officer_b, source="entry")
    assert not VulnerableFunding.objects.exists()


def test_a_year_without_configured_rates_is_stored_with_the_amount_marked_unchecked(
    personas: Personas,
) -> None:
    client = _client(personas.officer_a)
    content = csv_bytes(FUNDING_HEADER, [("53", 2010, "CSR", 100, 12, 10_000_000)])
    response = client.post(
        "/monev/impor/", {"dataset": "vulnerable_funding", "file": SimpleUploadedFile("dana.csv", content)}
    )
    preview = client.get(response["Location"]).content.decode()
    assert "Amounts that cannot be checked" in preview and "bpu_jkk_min_idr" in preview
    page = client.get("/monev/pendanaan/53/")
    assert page.status_code == 200


START_HEADER = (*FUNDING_HEADER, "start_period")


def test_a_file_may_give_the_first_funded_month_and_a_file_without_it_stores_it_empty() -> None:
    commit(
        "vulnerable_funding",
        START_HEADER,
        [
            ("53.71", 2024, "APBD_KABKOTA", 100, 6, 10_080_000, "2024-07"),
            ("53.71", 2024, "CSR", 10, 12, 2_016_000, ""),
            ("53.01", 2025, "APBDES", 10, 12, 2_016_000, "Desember 2024"),
        ],
    )
    commit("vulnerable_funding", FUNDING_HEADER, [("53.02", 2024, "CSR", 10, 12, 2_016_000)])
    stored = dict(VulnerableFunding.objects.values_list("funder", "start_period"))
    assert stored == {"APBD_KABKOTA": "2024-07", "CSR": "", "APBDES": "2024-12"}
    assert VulnerableFunding.objects.get(region_id="53.02").start_period == ""


def test_a_first_month_after_the_year_or_not_a_month_is_a_clear_problem() -> None:
    problems = _problems(
        csv_bytes(
            START_HEADER,
            [
                ("53.71", 2024, "APBD_KABKOTA", 100, 6, 10_080_000, "2025-01"),
                ("53.71", 2024, "CSR", 10, 12, 2_016_000, "2024-13"),
                ("53.71", 2024, "APBDES", 10, 12, 2_016_000, "next year"),
            ],
        )
    )
    assert [(row, column) for row, column, _reason in problems] == [
        (2, "start_period"),
        (3, "start_period"),
        (4, "start_period"),
    ]
    assert problems[0][2] == (
        "the first funded month 2025-01 is after the funding's year 2024: write a month of 2024 or before"
    )
    assert not VulnerableFunding.objects.exists()


def test_changing_only_the_first_month_replaces_the_row(personas: Personas) -> None:
    row = ("53.71", 2024, "APBD_KABKOTA", 100, 6, 10_080_000)
    commit("vulnerable_funding", START_HEADER, [(*row, "2024-07")])
    batch, plan = commit("vulnerable_funding", START_HEADER, [(*row, "2024-07")], name="same.csv")
    assert batch is None and plan.unchanged == 1
    batch, plan = commit("vulnerable_funding", START_HEADER, [(*row, "2024-05")], name="moved.csv")
    assert batch is not None and len(plan.replaced) == 1
    assert VulnerableFunding.objects.current().get().start_period == "2024-05"


def test_the_entry_form_takes_the_first_month_and_the_page_and_download_show_it(personas: Personas) -> None:
    client = _client(personas.officer_a)
    entry = {"year": 2025, "funder": "CSR", "workers": 10, "months": 6, "amount_idr": 1_008_000}
    refused = client.post("/monev/pendanaan/53.71/isi/", entry | {"start_period": "2026-01"})
    assert refused.status_code == 200 and "after the funding&#x27;s year 2025" in refused.content.decode()
    assert not VulnerableFunding.objects.exists()
    assert client.post("/monev/pendanaan/53.71/isi/", entry | {"start_period": "2025-07"}).status_code == 302
    assert VulnerableFunding.objects.get().start_period == "2025-07"
    assert "July 2025" in client.get("/monev/pendanaan/53.71/").content.decode()
    [line] = json.loads(client.get("/monev/pendanaan/53.71/?unduh=json").content)["rows"]
    assert line["start_period"] == "2025-07"
    # The register is public; the officer of NTB may not enter Kota Kupang's funding.
    assert _client(personas.officer_b).post("/monev/pendanaan/53.71/isi/", entry).status_code == 403
