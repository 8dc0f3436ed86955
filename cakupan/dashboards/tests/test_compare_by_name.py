"""Compare: regions chosen by name (the region picker), and a seventh refused by name, never dropped."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures() -> None:
    codes = ["53", "52", "51", "11", "12", "13", "14"]
    load("workforce", csv_bytes(WORKFORCE_HEADER, [(c, "2024-06", "total", "100000", "") for c in codes]))
    rows = [row for c in codes for row in participation_rows(c, "2024-06", {"PU": 30_000})]
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))


def test_regions_named_are_compared_and_shown_as_ticked_boxes_of_their_codes(
    client: Client, figures: None
) -> None:
    page = client.get("/bandingkan/", {"wilayah": ["Nusa Tenggara Timur", "nusa tenggara barat", "51"]})
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count('data-figure="coverage_rate"') == 3
    for code in ("53", "52", "51"):
        assert f'name="wilayah" value="{code}" checked' in body
    assert "wilayah=53%2C%2052%2C%2051" in body  # the downloads keep the codes


def test_a_seventh_region_is_refused_by_name_and_the_first_six_are_compared(
    client: Client, figures: None
) -> None:
    body = client.get("/bandingkan/", {"wilayah": "53,52,51,11,12,13,14"}).content.decode()
    assert body.count('data-figure="coverage_rate"') == 6
    assert "Riau" in body.split('role="alert"')[1]  # 14 is Riau, the seventh
    unknown = client.get("/bandingkan/", {"wilayah": "53,Atlantis"}).content.decode()
    assert "Atlantis" in unknown and unknown.count('data-figure="coverage_rate"') == 1


def test_the_home_page_finds_a_region_by_name_and_opens_its_page(client: Client, figures: None) -> None:
    home = client.get("/").content.decode()
    assert 'action="/cari/"' in home and 'role="combobox"' in home
    found = client.get("/cari/", {"wilayah": "kota kupang", "periode": "2024-06"})
    assert found.status_code == 302 and found["Location"] == "/wilayah/53.71/?periode=2024-06"
    picked = client.get("/cari/", {"wilayah": "53.71"})
    assert picked["Location"] == "/wilayah/53.71/"
    unknown = client.get("/cari/", {"wilayah": "Atlantis"})
    assert unknown.status_code == 200 and "Atlantis" in unknown.content.decode()
    # The public reads no district figures: a district is not offered, and typed, it is refused.
    district = client.get("/cari/", {"wilayah": "53.71.01"})
    assert district.status_code == 200 and 'role="alert"' in district.content.decode()
