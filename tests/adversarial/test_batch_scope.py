"""Issue 16 §1: a batch that touched the reader's region and another province's shows the reader only
the rows of their regions — on the batch page and the API, as an officer of a city (53.71, its districts)
and of province B — and its counts say how many of them are in the reader's regions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cakupan.accounts.services import role_assign, user_create
from cakupan.regions.models import Region
from tests.personas import PARTICIPATION_HEADER, Personas, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db

# Old and new values of the other province's district that must never reach the officer of Kota Kupang.
ACEH_OLD, ACEH_NEW = 7_777_001, 8_888_002


def _client(user: Any) -> Client:
    client = Client()
    client.cookies["cakupan_lang"] = "en"
    client.force_login(user)
    return client


def _file(kupang: int, aceh: int, mataram: int) -> bytes:
    rows = participation_rows("53.71.01", "2024-06", {"PU": kupang})
    rows += participation_rows("11.01", "2024-06", {"PU": aceh})
    rows += participation_rows("52.71", "2024-06", {"PU": mataram})
    return csv_bytes(PARTICIPATION_HEADER, rows)


@pytest.fixture
def batch_id(personas: Personas) -> int:
    load("participation", _file(100, ACEH_OLD, 300))
    batch, _plan = load("participation", _file(101, ACEH_NEW, 301), "koreksi.csv")
    assert batch is not None
    return batch.pk


@pytest.fixture
def kupang_officer(personas: Personas) -> Any:
    officer = user_create(username="petugas_kupang", password="persona-passphrase-2026")
    role_assign(user=officer, role="REGIONAL_OFFICER", region=Region.objects.get(code="53.71"))
    return officer


def _seen(client: Client, batch_id: int) -> tuple[str, dict[str, Any], dict[str, Any]]:
    page = client.get(f"/impor/batch/{batch_id}/")
    changes = client.get(f"/api/v1/imports/{batch_id}/changes")
    detail = client.get(f"/api/v1/imports/{batch_id}")
    assert (page.status_code, changes.status_code, detail.status_code) == (200, 200, 200)
    return page.content.decode(), changes.json(), detail.json()


def test_the_officer_of_a_city_sees_only_its_rows_of_a_batch_that_touched_other_provinces(
    batch_id: int, kupang_officer: Any
) -> None:
    page, changes, detail = _seen(_client(kupang_officer), batch_id)
    for value in ("7,777,001", "8,888,002", "7777001", "8888002", "11.01", "52.71"):
        assert value not in page and value not in str(changes), value
    assert [c["region_code"] for c in changes["items"]] == ["53.71.01"] and changes["count"] == 1
    assert (changes["items"][0]["old_value"], changes["items"][0]["new_value"]) == (100, 101)
    assert "3 (of which 1 in your regions)" in page  # figures replaced, and regions
    assert detail["replaced_figures"] == 3 and detail["in_your_regions"] == {"regions": 1, "replaced": 1}


def test_the_officer_of_another_province_sees_only_theirs_and_the_national_analyst_everything(
    batch_id: int, personas: Personas
) -> None:
    page, changes, detail = _seen(_client(personas.officer_b), batch_id)
    assert [c["region_code"] for c in changes["items"]] == ["52.71"]
    assert "53.71.01" not in page and "11.01" not in page and "52.71" in page
    assert detail["in_your_regions"] == {"regions": 1, "replaced": 1}
    page, changes, detail = _seen(_client(personas.national_analyst), batch_id)
    assert changes["count"] == 3 and detail["in_your_regions"] is None
    assert "in your regions" not in page
    listed = _client(personas.officer_b).get("/api/v1/imports").json()["items"]
    assert [b["in_your_regions"] for b in listed if b["id"] == batch_id] == [{"regions": 1, "replaced": 1}]


def test_a_reader_without_a_region_of_the_batch_gets_no_page_of_it(batch_id: int, personas: Personas) -> None:
    assert _client(personas.bpjs_officer_a).get(f"/impor/batch/{batch_id}/").status_code == 200
    for persona in (personas.licensing_b, personas.compliance_b):
        client = _client(persona)
        assert client.get(f"/impor/batch/{batch_id}/").status_code == 403
        assert client.get(f"/api/v1/imports/{batch_id}/changes").status_code == 403
