"""Issue 16 §4: the server errors the route fuzzing found, each fixed at its root and kept fixed here."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.personas import (
    PARTICIPATION_HEADER,
    WORKFORCE_HEADER,
    Personas,
    csv_bytes,
    load,
    participation_rows,
)

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.cookies["cakupan_lang"] = "en"
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def figures_of_ntt() -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53", "2024-06", "total", "1654526", "")]))
    load(
        "participation", csv_bytes(PARTICIPATION_HEADER, participation_rows("53", "2024-06", {"PU": 558_115}))
    )


@pytest.mark.parametrize("other", ["11.01", "53.71.02"], ids=["regency", "district"])
def test_comparing_with_a_region_without_figures_shows_dashes_not_an_error(
    personas: Personas, figures_of_ntt: None, other: str
) -> None:
    """It was decimal.InvalidOperation: the empty column's missing figures reached the formatting."""
    client = _client(personas.national_analyst)
    page = client.get(f"/bandingkan/?wilayah=53,{other}&periode=2024-06")
    assert page.status_code == 200
    assert 'data-figure="coverage_rate">–' in page.content.decode()
    download = client.get(f"/bandingkan/?wilayah=53,{other}&periode=2024-06&unduh=csv")
    assert download.status_code == 200
    assert _client(None).get(f"/bandingkan/?wilayah={other}&periode=2024-06").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/bandingkan/?wilayah=53%00",
        "/wilayah/53%00/",
        "/api/v1/regions?parent=53%00",
        "/api/v1/regions/53%00",
    ],
)
def test_a_nul_character_in_the_address_is_a_bad_request(url: str) -> None:
    """PostgreSQL refuses text with a NUL: it used to be a server error wherever it reached a query."""
    response = _client(None).get(url)
    if url.startswith("/api/"):  # invalid input, as every operation documents it
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid"
    else:
        assert response.status_code == 400


def test_a_nul_character_in_a_form_or_json_body_is_a_bad_request(personas: Personas) -> None:
    client = _client(personas.national_admin)
    form = urlencode({"title": "Perda\x00"})
    sent = client.post("/monev/regulasi/baru/", form, content_type="application/x-www-form-urlencoded")
    assert sent.status_code == 400
    body = json.dumps({"level": "provinsi", "period": "2024-06\x00", "format": "pdf", "lang": "id"})
    answer = client.post("/api/v1/reports/batch", body, content_type="application/json")
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid"


def test_a_number_too_large_for_the_database_is_an_invalid_choice(personas: Personas) -> None:
    """An Inpres instruction by a number beyond the database's integers overflowed in the query."""
    client = _client(personas.national_admin)
    for value in ("99999999999999999999999999", "-1"):
        page = client.post("/monev/regulasi/baru/", {"acts_on": [value], "title": "Perda"})
        assert page.status_code == 200 and "is not a valid value" in page.content.decode()
    report = {"kind": "GOVERNOR", "addressee": "Gubernur", "region": "53", "half": 1, "text": "Laporan"}
    for year in (-(10**20), 10**26):
        answer = client.post(
            "/api/v1/monev/addressee-reports",
            json.dumps({**report, "year": year}),
            content_type="application/json",
        )
        assert answer.status_code == 422, answer.content


def test_a_nul_in_a_picked_region_of_a_multipart_form_is_a_form_error(personas: Personas) -> None:
    # Multipart bodies pass the NUL middleware (their files are read by their own checks): the region
    # picker refuses it itself, where PostgreSQL would have refused the query.
    client = _client(personas.national_admin)
    form = {
        "region": "53",
        "other_regions": "53\x00",
        "held_on": "2024-06-20",
        "place": "x",
        "institutions": "y",
    }
    assert client.post("/monev/rapat/baru/", form).status_code == 200


def test_an_addressee_longer_than_its_column_is_invalid_input(personas: Personas) -> None:
    client = _client(personas.national_analyst)
    body = {"kind": "MINISTER", "addressee": "x" * 301, "region": "00", "year": 2024, "half": 1, "text": "t"}
    response = client.post(
        "/api/v1/monev/addressee-reports", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
