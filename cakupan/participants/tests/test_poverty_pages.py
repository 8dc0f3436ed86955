"""The poverty linkage kept and shown (issue 21 §4): its aggregates stored, published at regency level and
above with suppression that holds across regencies, provinces and the whole list; the page, its CSV, the
API, the region page's card and the upload page; and the sectors page and API (§5)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cakupan.opendata.intervals import interval
from cakupan.opendata.suppression import is_sensitive
from cakupan.participants.models import PovertyCell, PovertyLinkage
from cakupan.participants.poverty import (
    MEASURES,
    TOTAL,
    poverty_linkage_create,
    poverty_region_summary,
    poverty_table,
    relations,
)
from cakupan.participants.services import participants_rollup_import
from cakupan.participants.tests.helpers import HEADER, keyed, person, write_csv, write_parquet
from tests.personas import Personas

pytestmark = pytest.mark.django_db

V2 = (*HEADER, "kbli")
# June: 40 participants of Kota Kupang (30 active), 20 of Kabupaten Kupang (all active), 15 of Kota
# Mataram (all active, province B).
JUNE = (
    [
        (
            keyed(person(n)),
            "53.71.01.1001",
            "2024-06",
            "BPU",
            "active" if n < 30 else "inactive",
            "JKK",
            "47111",
        )
        for n in range(40)
    ]
    + [(keyed(person(n)), "53.01", "2024-06", "PU", "active", "JKK", "A") for n in range(100, 120)]
    + [(keyed(person(n)), "52.71", "2024-06", "PU", "active", "JKK", "10110") for n in range(400, 415)]
)
LIST_HEADER = ("nik_hash", "region_code", "desil", "list", "age", "working")
LISTED = (
    [(keyed(person(n)), "53.71.01.1001", str(1 + n % 4), "DTSEN", "30", "ya") for n in range(40)]
    + [(keyed(person(n)), "53.71", "7", "DTSEN", "40", "ya") for n in range(200, 212)]
    + [(keyed(person(n)), "5301", "2", "DTSEN", "9" if n < 103 else "33", "ya") for n in range(100, 120)]
    + [(keyed(person(n)), "52.71", "3", "DTSEN", "25", "ya") for n in range(400, 415)]
    + [(keyed(person(n)), "52.71", "9", "DTSEN", "25", "tidak") for n in range(500, 504)]  # 4: small
)


@pytest.fixture(autouse=True)
def _participants(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"
    path = write_parquet(tmp_path / "june.parquet", V2, JUNE)
    assert participants_rollup_import(path=path, user=None, covers=("53.01", "52.71")).ok


@pytest.fixture
def linkage(tmp_path: Path) -> PovertyLinkage:
    outcome = poverty_linkage_create(
        name="DTSEN 2024", list_path=write_csv(tmp_path / "dtsen.csv", LIST_HEADER, LISTED), user=None
    )
    assert outcome.linkage is not None, outcome.problems
    return outcome.linkage


def shown(linkage: PovertyLinkage, area: str, group: str) -> dict[str, int | None]:
    return PovertyCell.objects.get(linkage=linkage, area=area, group=group).shown


def test_the_aggregates_are_stored_by_regency_province_and_for_the_whole_list(
    linkage: PovertyLinkage,
) -> None:
    assert linkage.period == "2024-06" and linkage.with_work and linkage.listed == 91
    assert shown(linkage, "53.71", "1-4") == {
        "listed": 40,
        "active": 30,
        "not_active": 10,
        "workers": 40,
        "active_workers": 30,
        "workers_not_active": 10,
    }
    province = PovertyCell.objects.get(linkage=linkage, area="53", group=TOTAL)
    assert (province.listed, province.active, province.workers) == (72, 50, 69)
    everyone = PovertyCell.objects.get(linkage=linkage, area="00", group=TOTAL)
    assert (everyone.listed, everyone.active) == (91, 65)
    # Nothing of the list is kept: no hash in any stored field.
    stored = str(list(PovertyCell.objects.values())) + str(list(PovertyLinkage.objects.values()))
    assert keyed(person(1)) not in stored


def test_every_hidden_small_count_keeps_an_interval_at_least_k_wide_given_every_published_sum(
    tmp_path: Path,
) -> None:
    from cakupan.analytics.poverty import poverty_run  # the engine's cells, suppressed here again
    from cakupan.participants.services import engine_config, person_store_parts

    result = poverty_run(
        list_path=write_csv(tmp_path / "d.csv", LIST_HEADER, LISTED),
        parts=person_store_parts(["2024-06"]),
        period="2024-06",
        engine=engine_config("duckdb"),
        work_dir=tmp_path,
    )
    table = poverty_table(result, k=10)
    assert table.counts is not None
    values = {(key, m): cell[m] for key, cell in table.counts.items() for m in MEASURES}
    published = {((r.area, r.group), m): v for r in table.rows for m, v in r.cells.items()}
    hidden = {cell for cell, v in published.items() if v is None}
    assert hidden and all(published[cell] == values[cell] for cell in published if cell not in hidden)
    linked = relations(table.counts, MEASURES)
    checked = 0
    for cell in hidden:
        if is_sensitive(values[cell], 10):
            low, high = interval(values, hidden, linked, cell)
            assert high - low >= 10 - 1e-6, (cell, values[cell], low, high)
            checked += 1
    assert checked  # decile 9 of Kota Mataram (4 people) at least


def test_the_page_shows_a_regency_and_the_province_with_its_regencies_and_a_csv(
    personas: Personas, linkage: PovertyLinkage
) -> None:
    client = Client()
    client.force_login(personas.officer_a)
    page = client.get("/peserta/kemiskinan/", {"region": "53"}).content.decode()
    assert 'id="poverty-groups"' in page and 'id="poverty-children"' in page and "DTSEN 2024" in page
    assert 'data-code="53.71"' in page and 'data-code="52.71"' not in page
    response = client.get("/peserta/kemiskinan/", {"region": "53", "unduh": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "region_code" and "simulated" in rows[0]
    assert all(len(row) == len(rows[0]) for row in rows)
    assert rows[1][:1] + rows[1][2:3] == ["53", "1-4"]


def test_an_officer_of_region_b_cannot_see_region_a(personas: Personas, linkage: PovertyLinkage) -> None:
    assert poverty_region_summary(personas.officer_b, code="53") is None
    assert poverty_region_summary(personas.officer_b, code="52") is not None
    client = Client()
    client.force_login(personas.officer_b)
    page = client.get("/peserta/kemiskinan/", {"region": "53"}).content.decode()
    assert 'id="poverty-groups"' not in page  # the picker refuses
    assert client.get("/api/v1/participants/poverty", {"region": "53"}).status_code == 404
    assert client.get("/api/v1/participants/sectors", {"region": "53"}).status_code == 404
    sectors = client.get("/peserta/sektor/", {"region": "53"}).content.decode()
    assert 'id="sections"' not in sectors


def test_nothing_is_published_below_regency_level(personas: Personas, linkage: PovertyLinkage) -> None:
    assert poverty_region_summary(personas.national_admin, code="53.71.01") is None
    assert not PovertyCell.objects.filter(area__regex=r"^\d\d\.\d\d\.").exists()


def test_the_api_gives_the_published_figures(personas: Personas, linkage: PovertyLinkage) -> None:
    client = Client()
    client.force_login(personas.officer_a)
    body = client.get("/api/v1/participants/poverty", {"region": "5371"}).json()
    assert body["list_name"] == "DTSEN 2024" and body["period"] == "2024-06" and body["with_work"]
    poorest = next(g for g in body["groups"] if g["decile_group"] == "1-4")
    assert poorest["active_workers"] == 30 and poorest["rate_percent"] == 75.0
    assert client.get("/api/v1/participants/poverty", {"region": "x"}).status_code == 422


def test_the_region_page_shows_the_poorest_deciles_card(personas: Personas, linkage: PovertyLinkage) -> None:
    client = Client()
    client.force_login(personas.officer_a)
    page = client.get("/wilayah/53.71/").content.decode()
    assert 'data-figure="poverty_linkage"' in page and "75.00" in page.replace(",", ".")
    client.force_login(personas.officer_b)
    assert 'data-figure="poverty_linkage"' not in client.get("/wilayah/53.71/").content.decode()


def test_a_list_is_matched_through_the_web_by_a_national_importer(personas: Personas, tmp_path: Path) -> None:
    content = write_csv(tmp_path / "dtsen.csv", LIST_HEADER, LISTED).read_bytes()
    client = Client()
    client.force_login(personas.officer_a)
    refused = client.post(
        "/peserta/kemiskinan/cocokkan/", {"name": "x", "file": SimpleUploadedFile("d.csv", content)}
    )
    assert refused.status_code == 403 and not PovertyLinkage.objects.exists()
    client.force_login(personas.national_admin)
    response = client.post(
        "/peserta/kemiskinan/cocokkan/",
        {"name": "DTSEN web", "period": "2024-06", "file": SimpleUploadedFile("dtsen.csv", content)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PovertyLinkage.objects.get().name == "DTSEN web"
    bad = [(keyed(person(1)), "53.71", "11", "DTSEN", "30", "ya")]
    content = write_csv(tmp_path / "bad.csv", LIST_HEADER, bad).read_bytes()
    page = client.post(
        "/peserta/kemiskinan/cocokkan/", {"name": "bad", "file": SimpleUploadedFile("b.csv", content)}
    )
    assert "not a welfare decile" in page.content.decode() and PovertyLinkage.objects.count() == 1


def test_the_sectors_page_and_api_count_the_active_by_kbli_section(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.officer_a)
    page = client.get("/peserta/sektor/", {"region": "53", "period": "2024-06"}).content.decode()
    assert 'id="sections"' in page and 'data-section="G"' in page
    body = client.get("/api/v1/participants/sectors", {"region": "53"}).json()
    assert body["totals"]["G"] == 30 and body["totals"]["A"] == 20 and body["totals"]["all"] == 50
    assert "C" in body["sections"] and body["totals"]["C"] == 0  # Mataram is in province B
    response = client.get("/peserta/sektor/", {"region": "53", "unduh": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "region_code" and rows[0][-1] == "simulated"
    missing = client.get("/peserta/sektor/", {"region": "53", "period": "2023-01"}).content.decode()
    assert 'data-missing-month="2023-01"' in missing


def test_the_left_out_page_leads_to_the_poverty_and_sector_pages(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.officer_a)
    page = client.get("/peserta/tertinggal/").content.decode()
    assert 'href="/peserta/kemiskinan/"' in page and 'href="/peserta/sektor/"' in page


def test_open_data_publishes_the_same_cells_to_everyone_with_a_csv(linkage: PovertyLinkage) -> None:
    client = Client()
    page = client.get("/data-terbuka/kemiskinan/53/").content.decode()
    assert 'id="poverty-groups"' in page and 'data-code="53.71"' in page
    stored = shown(linkage, "53", "1-4")
    response = client.get("/data-terbuka/kemiskinan/53/unduh.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    first = rows[0]
    assert (first["region_code"], first["decile_group"]) == ("53", "1-4") and "simulated" in first
    assert first["listed"] == ("" if stored["listed"] is None else str(stored["listed"]))
    assert client.get("/data-terbuka/kemiskinan/53.71.01/").status_code == 404  # never below regency
    assert client.get("/data-terbuka/kemiskinan/5371/").status_code == 302
