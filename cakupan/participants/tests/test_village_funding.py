from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from cakupan.imports.models import ImportBatch
from cakupan.monev.models import VulnerableFunding
from cakupan.participants.services import participants_rollup_import
from cakupan.participants.tests.helpers import HEADER, keyed, person, write_parquet
from cakupan.participants.village_funding import _suppressed, village_funding_report
from cakupan.regions.models import Region
from tests.personas import Personas

pytestmark = pytest.mark.django_db

V2_HEADER = (*HEADER, "funded_by")
FULL, SHORT, OTHER = "53.71.01.1001", "53.71.01.1002", "53.71.02.1001"
B_VILLAGE = "52.71.01.1001"


def _rows() -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for n in range(100):  # 100 funded and active: reached
        rows.append(
            (keyed(person(n)), FULL, "2024-06", "BPU", "active", "JKK", "APBDES" if n < 70 else "CSR")
        )
    for n in range(100, 112):  # 12 funded, 9 active
        status = "active" if n < 109 else "inactive"
        rows.append((keyed(person(n)), SHORT, "2024-06", "BPU", status, "JKK", "apbdes"))
    rows.append((keyed(person(120)), SHORT, "2024-06", "BPU", "active", "JKK", "SELF"))  # not funded
    rows += [
        (keyed(person(n)), OTHER, "2024-06", "BPU", "active", "JKK", "APBD_KABKOTA") for n in range(130, 133)
    ]
    rows += [
        (keyed(person(n)), B_VILLAGE, "2024-06", "BPU", "active", "JKK", "APBDES") for n in range(140, 145)
    ]
    return rows


@pytest.fixture(autouse=True)
def _participants(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.DATA_DIR = tmp_path / "data"
    monkeypatch.setenv("CAKUPAN_SUPPRESSION_K", "1")  # every count shown, unless a test says otherwise
    # A village of region B (the test list holds villages of Kota Kupang only).
    Region.objects.create(code="52.71.01", name="Ampenan", level=3, kind="kecamatan", parent_id="52.71")
    Region.objects.create(
        code=B_VILLAGE, name="Ampenan Selatan", level=4, kind="kelurahan", parent_id="52.71.01"
    )
    done = participants_rollup_import(
        path=write_parquet(tmp_path / "june.parquet", V2_HEADER, _rows()), user=None
    )
    assert done.ok, done.problems


def _funding(region: str, funder: str, months: int, start: str = "") -> None:
    counts = dict.fromkeys(("size_bytes", "rows", "new_figures", "replaced_figures", "unchanged_figures"), 1)
    batch = ImportBatch.objects.create(
        dataset="vulnerable_funding",
        file_name="f.csv",
        sha256="0" * 64,
        source="cli",
        actor="x",
        regions=1,
        **counts,
    )
    VulnerableFunding.objects.create(
        region_id=region,
        year=2024,
        funder=funder,
        workers=100,
        months=months,
        amount_idr=1_000_000,
        start_period=start,
        batch=batch,
    )


def test_funded_workers_and_the_active_among_them_are_counted_by_village(personas: Personas) -> None:
    report = village_funding_report(personas.officer_a, region_code="53.71", period="2024-06")
    assert report is not None and report.villages is not None
    assert {row.code: row.counts for row in report.villages} == {
        FULL: {"apbdes": 70, "other": 30, "funded": 100, "active": 100},
        SHORT: {"apbdes": 12, "other": 0, "funded": 12, "active": 9},
        OTHER: {"apbdes": 0, "other": 3, "funded": 3, "active": 3},
    }
    assert [row.code for row in report.villages if row.reached] == [FULL]
    assert report.reached == 1


def test_per_regency_the_villages_that_reached_100_are_counted_among_the_villages_of_the_list(
    personas: Personas,
) -> None:
    report = village_funding_report(personas.officer_a, region_code="53", period="2024-06")
    assert report is not None
    kupang = next(row for row in report.regencies if row.code == "53.71")
    assert (kupang.funded_villages, kupang.reached) == (3, 1)
    assert kupang.villages is not None and kupang.villages > 40  # Kota Kupang's villages in the test list
    assert len(report.regencies) == 22  # every regency of the province, with or without funded villages
    assert all(row.reached == 0 for row in report.regencies if row.code != "53.71")


def test_months_of_funding_left_come_from_the_first_funded_month_and_are_unknown_without_it(
    personas: Personas,
) -> None:
    _funding(FULL, "APBDES", 6, start="2024-03")  # March to August: 3 months left in June, June included
    _funding("53.71", "APBD_KABKOTA", 12)  # no first month: unknown
    report = village_funding_report(personas.officer_a, region_code="53.71", period="2024-06")
    assert report is not None and report.villages is not None
    rows = {row.code: row for row in report.villages}
    assert (rows[FULL].months_left, rows[FULL].funded_until, rows[FULL].funding_state) == (
        3,
        "2024-08",
        "known",
    )
    assert (rows[SHORT].months_left, rows[SHORT].funding_state) == (None, "unknown")
    assert {f.region_code for f in rows[FULL].funding} == {FULL, "53.71"}


def test_funding_that_has_run_out_leaves_0_months_and_funding_not_yet_started_does_not_count(
    personas: Personas,
) -> None:
    _funding(FULL, "APBDES", 3, start="2024-01")  # January to March
    _funding(SHORT, "APBDES", 6, start="2024-09")  # starts after June
    report = village_funding_report(personas.officer_a, region_code="53.71", period="2024-06")
    assert report is not None and report.villages is not None
    rows = {row.code: row for row in report.villages}
    assert (rows[FULL].months_left, rows[FULL].funding_state) == (0, "known")
    assert rows[SHORT].funding_state == "none"


def test_small_counts_are_hidden_with_the_cells_that_would_give_them_away(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAKUPAN_SUPPRESSION_K", "10")
    report = village_funding_report(personas.officer_a, region_code="53.71", period="2024-06")
    assert report is not None and report.villages is not None
    rows = {row.code: row.counts for row in report.villages}
    assert rows[OTHER] == {"apbdes": 0, "other": None, "funded": None, "active": None}  # 3 workers
    assert rows[SHORT] == {"apbdes": 12, "other": 0, "funded": 12, "active": None}  # 9 active
    assert rows[FULL] == {"apbdes": 70, "other": 30, "funded": 100, "active": 100}
    # 3 from one budget and 20 from others: both hidden, or the funded workers would give the 3 away.
    assert _suppressed((3, 20, 23, 20), 10) == {"apbdes": None, "other": None, "funded": 23, "active": 20}


def test_a_month_without_participant_data_is_said_on_the_page(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.officer_a)
    page = client.get(
        "/peserta/tertinggal/desa-100/", {"region": "53.71", "period": "2024-09"}
    ).content.decode()
    assert "No participant data of September 2024 has been imported." in page
    assert 'id="village-table"' not in page


def test_the_page_shows_the_villages_the_regencies_and_a_map_and_the_left_out_page_links_to_it(
    personas: Personas,
) -> None:
    client = Client()
    client.force_login(personas.officer_a)
    response = client.get("/peserta/tertinggal/desa-100/", {"region": "53", "period": "2024-06"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'data-village="{FULL}"' in page and 'id="regency-table"' in page and "<svg" in page
    assert "/peserta/tertinggal/desa-100/" in client.get("/peserta/tertinggal/").content.decode()


def test_the_download_has_its_header_first_and_a_simulated_column(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.officer_a)
    response = client.get(
        "/peserta/tertinggal/desa-100/", {"region": "53.71", "period": "2024-06", "unduh": "csv"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="desa-100-desa-5371-2024-06.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["village_code"] == FULL and rows[0]["reached_100"] == "true"
    assert {row["simulated"] for row in rows} == {"false"}
    regencies = client.get(
        "/peserta/tertinggal/desa-100/",
        {"region": "53.71", "period": "2024-06", "unduh": "csv", "tabel": "kabupaten"},
    )
    body = list(csv.DictReader(io.StringIO(regencies.content.decode("utf-8-sig"))))
    assert body[0]["regency_code"] == "53.71" and body[0]["villages_reached_100"] == "1"


def test_an_officer_of_region_b_cannot_see_region_a(personas: Personas) -> None:
    assert village_funding_report(personas.officer_b, region_code="53.71", period="2024-06") is None
    client = Client()
    client.force_login(personas.officer_b)
    page = client.get("/peserta/tertinggal/desa-100/", {"region": "53.71", "period": "2024-06"})
    assert page.status_code == 200 and 'id="village-table"' not in page.content.decode()  # the picker refuses
    csv_file = client.get("/peserta/tertinggal/desa-100/", {"region": "53.71", "unduh": "csv"})
    assert FULL not in csv_file.content.decode()
    api = client.get("/api/v1/participants/left-out/villages", {"region": "53.71"})
    assert api.status_code == 404
    own = village_funding_report(personas.officer_b, region_code="52", period="2024-06")
    assert own is not None and own.villages is not None
    assert [row.code for row in own.villages] == [B_VILLAGE]


def test_the_api_gives_the_same_figures_to_the_regions_officer(personas: Personas) -> None:
    _funding(FULL, "APBDES", 6, start="2024-03")
    client = Client()
    client.force_login(personas.officer_a)
    body = client.get(
        "/api/v1/participants/left-out/villages", {"region": "5371", "period": "2024-06"}
    ).json()
    assert body["period"] == "2024-06" and body["target"] == 100 and body["month_without_data"] is False
    villages = {row["code"]: row for row in body["villages"]}
    assert villages[FULL]["counts"] == {"apbdes": 70, "other": 30, "funded": 100, "active": 100}
    assert villages[FULL]["reached"] is True and villages[FULL]["funding_months_left"] == 3
    assert villages[SHORT]["funding_state"] == "none"
    assert body["regencies"] == [
        {
            "code": "53.71",
            "name": "Kota Kupang",
            "villages": body["regencies"][0]["villages"],
            "villages_with_funded_workers": 3,
            "villages_reached": 1,
        }
    ]


def test_the_public_is_sent_to_log_in() -> None:
    response = Client().get("/peserta/tertinggal/desa-100/", {"region": "53.71"})
    assert response.status_code == 302


def test_the_whole_country_is_drawn_as_province_tiles_and_a_regency_has_no_map(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.national_admin)
    country = client.get(
        "/peserta/tertinggal/desa-100/", {"region": "00", "period": "2024-06"}
    ).content.decode()
    assert "map-svg-tiles" in country and f'data-village="{B_VILLAGE}"' in country
    regency = client.get(
        "/peserta/tertinggal/desa-100/", {"region": "53.71", "period": "2024-06"}
    ).content.decode()
    assert 'id="regency-table"' in regency and "<svg" not in regency
