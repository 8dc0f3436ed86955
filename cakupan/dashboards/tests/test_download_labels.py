"""Downloads carry codes and their words (issue 19 §3): the fair ranking, the compare table and the region
page's tables give each code (band, kind, peer group, segment, why no rate, warnings) with a label column
beside it, in the reader's language; the national fair ranking names each regency's province."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures() -> None:
    """Kota Kupang at 60 % (sedang), Kota Mataram at 20 % (sangat rendah), Kabupaten Kupang with
    participants and no workforce (no rate), NTT at 1,016 % (warned)."""
    workforce = [(c, "2024-06", "total", n, "BPS") for c, n in (("53.71", "100000"), ("52.71", "100000"))]
    load("workforce", csv_bytes(WORKFORCE_HEADER, [*workforce, ("53", "2024-06", "total", "1000", "BPS")]))
    rows = participation_rows("53.71", "2024-06", {"PU": 60_000})
    rows += participation_rows("52.71", "2024-06", {"PU": 20_000})
    rows += participation_rows("53.01", "2024-06", {"PU": 300})
    rows += participation_rows("53", "2024-06", {"PU": 10_160})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))


def _csv(client: Client, url: str, **params: str) -> list[dict[str, str]]:
    body = client.get(url, params).content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_the_national_fair_ranking_csv_names_province_band_kind_and_group(
    client: Client, figures: None
) -> None:
    rows = {r["region_code"]: r for r in _csv(client, "/peringkat/00/", periode="2024-06", unduh="csv")}
    city = rows["53.71"]
    assert (city["province_code"], city["province_name"]) == ("53", "Nusa Tenggara Timur")
    assert (city["band"], city["band_label"], city["kind"], city["kind_label"]) == (
        "sedang",
        "sedang",
        "kota",
        "kota",
    )
    assert rows["52.71"]["province_name"] == "Nusa Tenggara Barat"
    assert rows["52.71"]["band_label"] == "sangat rendah"
    client.cookies["cakupan_lang"] = "en"
    peers = _csv(client, "/peringkat/00/", periode="2024-06", jenis="peers", unduh="csv")
    city = next(r for r in peers if r["region_code"] == "53.71")
    assert (city["band_label"], city["kind_label"]) == ("medium", "city")
    assert city["group"] == "kota/kecil" and city["group_label"] == "Cities (kota), under 250,000 workers"


def test_a_provinces_fair_ranking_has_no_province_column(client: Client, figures: None) -> None:
    [row, *_] = _csv(client, "/peringkat/53/", periode="2024-06", unduh="csv")
    assert "province_name" not in row and row["band_label"]


def test_the_compare_csv_gives_the_words_of_band_kind_missing_rate_and_warnings(
    client: Client, figures: None
) -> None:
    client.cookies["cakupan_lang"] = "en"
    rows = {
        r["region_code"]: r
        for r in _csv(client, "/bandingkan/", wilayah="53,53.71,53.01", periode="2024-06", unduh="csv")
    }
    assert (rows["53.71"]["band_label"], rows["53.71"]["kind_label"], rows["53.71"]["level_label"]) == (
        "medium",
        "city",
        "Regency/city",
    )
    assert rows["53.01"]["coverage_missing"] == "no_workforce"
    assert rows["53.01"]["coverage_missing_text"].startswith("No workforce")
    # NTT supplies its own figures while 1 of its 22 regencies reports: warned twice, kinds and words.
    assert rows["53"]["warnings"] == "children_incomplete;coverage_above_100"
    first, second = rows["53"]["warnings_text"].split(" | ")
    assert first.startswith("Children incomplete") and second.startswith("Coverage above 100 %")


def test_the_region_pages_tables_label_segments_bands_and_warnings(client: Client, figures: None) -> None:
    segments = _csv(client, "/laporan/53.71/2024-06/segmen.csv")
    assert [(r["segment"], r["segment_label"]) for r in segments][:2] == [
        ("PU", "Penerima upah (PU)"),
        ("BPU", "Bukan penerima upah (BPU)"),
    ]
    children = {r["region_code"]: r for r in _csv(client, "/laporan/00/2024-06/anak.csv")}
    assert children["53"]["warnings"] == "children_incomplete;coverage_above_100"
    assert "Cakupan di atas 100 %" in children["53"]["warnings_text"]
    assert children["53"]["kind_label"] == "provinsi"
