from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from cakupan.participants.left_out import cohort_report, inactivity_report
from cakupan.participants.services import participants_rollup_import
from cakupan.participants.tests.helpers import HEADER, keyed, person, write_parquet
from tests.personas import Personas

pytestmark = pytest.mark.django_db

V2_HEADER = (*HEADER, "last_paid_period", "funded_by")
A1, A2, B1 = "53.71.01.1001", "53.71.01.1002", "53.71.02.1001"
MAY = [
    (keyed(person(1)), A1, "2024-05", "PU", "active", "JKK", "2024-05", "EMPLOYER"),
    (keyed(person(2)), A1, "2024-05", "BPU", "active", "JKK", "2024-05", "SELF"),
    (keyed(person(3)), A2, "2024-05", "BPU", "inactive", "JKK", "2024-01", "SELF"),
    (keyed(person(4)), A2, "2024-05", "PU", "inactive", "JKK", None, "EMPLOYER"),
    (keyed(person(5)), B1, "2024-05", "JAKON", "active", "JKK", "2024-05", "EMPLOYER"),
    (keyed(person(6)), B1, "2024-05", "BPU", "active", "JKK", "2024-05", "APBDES"),
    (keyed(person(7)), B1, "2024-05", "BPU", "active", "JKK", "2024-05", "APBDes"),
]
JUNE = [
    (keyed(person(1)), A1, "2024-06", "PU", "inactive", "JKK", "2024-05", "EMPLOYER"),  # lapsed, 1 month
    (keyed(person(2)), A1, "2024-06", "BPU", "active", "JKK", "2024-06", "SELF"),
    (keyed(person(3)), A2, "2024-06", "BPU", "active", "JKK", "2024-06", "SELF"),  # came back
    (keyed(person(4)), A2, "2024-06", "PU", "inactive", "JKK", None, "EMPLOYER"),  # since when: unknown
    # person 5 is in no file of June, though June has a file for their village: absent
    (keyed(person(6)), B1, "2024-06", "BPU", "inactive", "JKK", "2023-05", "APBDES"),  # lapsed, 13 months
    (keyed(person(7)), B1, "2024-06", "BPU", "active", "JKK", "2024-06", "mandiri"),  # pays for themselves
]


@pytest.fixture(autouse=True)
def _participants(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.DATA_DIR = tmp_path / "data"
    monkeypatch.setenv("CAKUPAN_SUPPRESSION_K", "1")  # every count shown, unless a test says otherwise
    for name, rows in (("may.parquet", MAY), ("june.parquet", JUNE)):
        done = participants_rollup_import(path=write_parquet(tmp_path / name, V2_HEADER, rows), user=None)
        assert done.ok, done.problems


def counts(grid: Any) -> dict[str, dict[str, int | None]]:
    return {row.code: {k: v for k, v in row.cells.items() if v} for row in grid.areas}


def test_the_inactive_of_a_regency_are_counted_by_district_and_months_since_their_last_payment(
    personas: Personas,
) -> None:
    report = inactivity_report(personas.officer_a, region_code="53.71", period="2024-06")
    assert report is not None and report.durations is not None
    assert counts(report.durations) == {
        "53.71.01": {"1-3": 1, "unknown": 1, "inactive": 2},
        "53.71.02": {"13+": 1, "inactive": 1},
    }
    segments = {row.code: row.cells["inactive"] for row in report.durations.segments}
    assert segments == {"PU": 2, "BPU": 1}


def test_lapses_reactivations_and_absences_are_counted_since_the_month_before(personas: Personas) -> None:
    report = inactivity_report(personas.officer_a, region_code="53.71", period="2024-06")
    assert report is not None and report.before == "2024-05" and report.changes is not None
    assert counts(report.changes) == {
        "53.71.01": {"lapse": 1, "reactivation": 1},
        "53.71.02": {"lapse": 1, "absence": 1},
    }


def test_each_month_is_read_from_its_own_data_not_the_newest(personas: Personas) -> None:
    report = inactivity_report(personas.officer_a, region_code="53.71", period="2024-05", before="2024-04")
    assert report is not None and report.durations is not None
    assert counts(report.durations) == {"53.71.01": {"4-6": 1, "unknown": 1, "inactive": 2}}
    assert report.changes is None and report.missing == ["2024-04"]


def test_a_month_without_participant_data_is_said_on_the_page(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.officer_a)
    page = client.get("/peserta/tertinggal/", {"region": "53.71", "period": "2024-09"}).content.decode()
    assert "No participant data of September 2024 has been imported." in page
    assert 'id="inactive"' not in page


def test_the_page_shows_the_regency_to_its_officer(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.officer_a)
    response = client.get("/peserta/tertinggal/", {"region": "53.71", "period": "2024-06"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="inactive"' in page and 'id="changes"' in page and 'id="cohorts"' in page
    assert "Changes from May 2024 to June 2024" in page  # months in words


def test_small_counts_are_hidden_with_the_cells_that_would_give_them_away(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAKUPAN_SUPPRESSION_K", "10")
    report = inactivity_report(personas.officer_a, region_code="53.71", period="2024-06")
    assert report is not None and report.durations is not None
    shown = [v for row in report.durations.areas for v in row.cells.values()]
    assert all(v in (None, 0) for v in shown)


def test_an_officer_of_region_b_cannot_see_region_a(personas: Personas) -> None:
    assert inactivity_report(personas.officer_b, region_code="53.71", period="2024-06") is None
    client = Client()
    client.force_login(personas.officer_b)
    page = client.get("/peserta/tertinggal/", {"region": "53.71", "period": "2024-06"})
    assert page.status_code == 200 and 'id="inactive"' not in page.content.decode()  # the picker refuses
    api = client.get("/api/v1/participants/left-out/inactivity", {"region": "53.71"})
    assert api.status_code == 404


def test_the_api_gives_the_same_figures_to_the_regions_officer(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.officer_a)
    body = client.get(
        "/api/v1/participants/left-out/inactivity", {"region": "5371", "period": "2024-06"}
    ).json()
    assert body["before"] == "2024-05" and body["months_without_data"] == []
    areas = {row["code"]: row["counts"] for row in body["changes"]["areas"]}
    assert areas["53.71.02"] == {"lapse": 1, "reactivation": 0, "absence": 1}
    assert body["inactive_by_months_since_payment"]["totals"]["inactive"] == 3


def test_the_public_is_sent_to_log_in() -> None:
    response = Client().get("/peserta/tertinggal/", {"region": "53.71"})
    assert response.status_code == 302 and "tertinggal" in response["Location"]  # back here after login


def test_a_village_funded_worker_who_pays_for_themselves_afterwards_counts_as_retained(
    personas: Personas,
) -> None:
    cohorts = cohort_report(personas.officer_a, region_code="53.71")  # default: the earliest month here
    assert cohorts is not None and cohorts.month == "2024-05" and cohorts.grid is not None
    assert cohorts.followed == (1,)  # no data 3, 6 or 12 months later: no column
    assert counts(cohorts.grid) == {"53.71.02": {"cohort": 1, "1": 1}}  # person 6 is still funded
    assert [row.code for row in cohorts.grid.segments] == ["APBDES"]


def test_a_cohort_needs_the_month_after(personas: Personas) -> None:
    cohorts = cohort_report(personas.officer_a, region_code="53.71", month="2024-06")
    assert cohorts is not None and cohorts.grid is None and cohorts.missing == ["2024-07"]
    assert cohort_report(personas.officer_b, region_code="53.71") is None
    client = Client()
    client.force_login(personas.officer_a)
    page = client.get("/peserta/tertinggal/", {"region": "53.71", "cohort": "2024-06"}).content.decode()
    assert 'data-missing-month="2024-07"' in page and 'id="cohorts"' in page


def test_the_list_matching_page_leads_to_who_is_left_out(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.officer_a)
    assert 'href="/peserta/tertinggal/"' in client.get("/peserta/cocokkan/").content.decode()


def test_the_api_refuses_a_region_or_month_it_cannot_read_with_the_reason(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.officer_a)
    for path, query, reason in (
        ("inactivity", {"region": "NTT"}, "region"),
        ("inactivity", {"region": "53.71", "period": "Juni 2024"}, "YYYY-MM"),
        ("cohorts", {"region": "53.71", "month": "2024-13"}, "YYYY-MM"),
    ):
        response = client.get(f"/api/v1/participants/left-out/{path}", query)
        assert response.status_code == 422 and reason in response.content.decode(), (path, query)
