from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cakupan.dashboards.fair import fair_ranking, size_band
from cakupan.regions.models import Region
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures() -> None:
    """A big kabupaten at 40 %, a small kabupaten that doubled from 10 % to 20 %, a city at 60 %."""
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [
                ("53.01", "2023-01", "total", "2000000", ""),
                ("53.02", "2023-01", "total", "100000", ""),
                ("53.71", "2023-01", "total", "300000", ""),
            ],
        ),
    )
    rows = []
    for month, small in (("2023-06", 10_000), ("2024-06", 20_000)):
        rows += participation_rows("53.01", month, {"PU": 800_000})
        rows += participation_rows("53.02", month, {"PU": small})
        rows += participation_rows("53.71", month, {"PU": 180_000})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))


def test_by_level_the_city_leads(figures: None) -> None:
    [group] = fair_ranking(Region.objects.get(code="53"), period="2024-06", kind="level")
    assert [r.ind.region_code for r in group.rows] == ["53.71", "53.01", "53.02"]


def test_by_gain_the_small_regency_that_doubled_leads(figures: None) -> None:
    [group] = fair_ranking(Region.objects.get(code="53"), period="2024-06", kind="gain")
    first = group.rows[0]
    assert first.ind.region_code == "53.02" and first.rank == 1
    assert first.gain_points == 10 and first.gain_relative == 100


def test_peer_groups_separate_kabupaten_and_kota_and_size(figures: None) -> None:
    groups = fair_ranking(Region.objects.get(code="53"), period="2024-06", kind="peers")
    assert [g.key for g in groups] == ["kabupaten/kecil", "kabupaten/besar", "kota/sedang"]
    assert all(row.rank == 1 for g in groups for row in g.rows)


def test_size_bands() -> None:
    assert [size_band(n) for n in (None, 1, 250_000, 999_999, 1_000_000)] == [
        "?",
        "kecil",
        "sedang",
        "sedang",
        "besar",
    ]


def test_the_pages_render_and_national_covers_every_regency(client: Client, figures: None) -> None:
    html = client.get("/peringkat/00/", {"periode": "2024-06", "jenis": "gain"}).content.decode()
    assert html.index('data-region="53.02"') < html.index('data-region="53.71"')
    compare = client.get("/bandingkan/", {"wilayah": "53.01,53.02,99", "periode": "2024-06"}).content.decode()
    assert "Kabupaten Kupang" in compare and "Kabupaten Timor Tengah Selatan" in compare and "99" in compare


def test_the_budget_calculator_answers_in_the_page_and_as_a_part(client: Client, figures: Any) -> None:
    html = client.get(
        "/wilayah/53.02/", {"periode": "2024-06", "pekerja": "12800", "bulan": "12"}
    ).content.decode()
    assert "Rp2.580.480.000" in html
    part = client.get(
        "/wilayah/53.02/",
        {"periode": "2024-06", "pekerja": "6400", "bulan": "12", "bagian": "anggaran"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert part.lstrip().startswith('<section id="what-it-takes"') and "Rp1.290.240.000" in part


def test_the_fair_ranking_and_the_compare_table_download_as_csv_and_json(
    client: Client, figures: None
) -> None:
    import csv
    import io

    body = client.get("/peringkat/00/?periode=2024-06&jenis=gain&unduh=csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows and {"group", "rank", "region_code", "change_year_points"} <= set(rows[0])
    compared = client.get("/bandingkan/?wilayah=53,52&periode=2024-06&unduh=json").json()
    api = client.get("/api/v1/indicators/53/2024-06").json()
    row = next(r for r in compared["rows"] if r["region_code"] == "53")
    assert row["coverage_rate"] == api["coverage_rate"] and row["active"] == api["active"]

    # The segments and warnings as the API gives them; the CSV spreads the segments over columns.
    def numbers_of(segments: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
        return {k: {f: v for f, v in s.items() if f != "label"} for k, s in segments.items()}

    assert numbers_of(row["segments"]) == numbers_of(api["segments"]) and row["warnings"] == api["warnings"]
    body = client.get("/bandingkan/?wilayah=53,52&periode=2024-06&unduh=csv").content.decode("utf-8-sig")
    flat = next(r for r in csv.DictReader(io.StringIO(body)) if r["region_code"] == "53")
    assert flat["segments.PU.active"] == str(api["segments"]["PU"]["active"])
