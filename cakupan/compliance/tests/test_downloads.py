"""Every table of the compliance pages downloads as CSV and JSON (`?unduh=`): the page's rows (all of its
pages), the API's values, the page's region scope, and no text that a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from cakupan.compliance.models import Employer
from cakupan.compliance.tests.helpers import load_employers, row
from cakupan.compliance.transitions import case_open
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["cakupan_lang"] = "en"
    return client


def _csv(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def _json(body: bytes) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(body)["rows"]
    return rows


@pytest.fixture
def employers(personas: Personas) -> None:
    load_employers(
        [
            row("NPP1", name="PT Besar", registered=10),
            row("NPP2", name="PT Kecil", registered=45),
            row("NPP3", name="PT Patuh"),
            row("NPP4", name="PT NTB", region="52.01", registered=0, registered_wages=0, programs=""),
        ]
    )
    # A name that a spreadsheet would run (imports refuse such names now; older rows may hold them).
    Employer.objects.filter(key="NPP2").update(name="=HYPERLINK(evil)")


def test_the_candidates_download_carries_the_api_values_of_the_region_only(
    personas: Personas, employers: None
) -> None:
    client = client_for(personas.compliance_a)
    api = client.get("/api/v1/compliance/regions/53/candidates").json()["items"]
    rows = _json(client.get("/kepatuhan/wilayah/53/kandidat/?unduh=json").content)
    assert rows == api and [r["key"] for r in rows] == ["NPP1", "NPP2"]
    response = client.get("/kepatuhan/wilayah/53/kandidat/?unduh=csv&urut=kekurangan_iuran&arah=naik")
    assert response["Content-Disposition"] == 'attachment; filename="kandidat-53.csv"'
    table = _csv(response.content)
    assert [r["key"] for r in table] == ["NPP2", "NPP1"]  # the page's order
    assert table[0]["name"] == "'=HYPERLINK(evil)" and table[1]["rules"] == "PDS_TK;PDS_UPAH"
    assert table[1]["contribution_shortfall_idr"] == str(api[0]["contribution_shortfall_idr"])
    # The address the CSV had before is the same download.
    assert client.get("/kepatuhan/wilayah/53/kandidat.csv?urut=kekurangan_iuran&arah=naik").content == (
        response.content
    )
    assert client_for(personas.officer_b).get("/kepatuhan/wilayah/53/kandidat/?unduh=csv").status_code == 403


def test_the_employers_download_holds_every_match_of_the_search(personas: Personas, employers: None) -> None:
    client = client_for(personas.national_admin)
    rows = _csv(client.get("/kepatuhan/wilayah/53/pemberi-kerja/?unduh=csv&q=PT&halaman=2").content)
    assert [r["key"] for r in rows] == ["NPP1", "NPP3"]  # "=HYPERLINK" does not match "PT"; NTB is not 53
    assert rows[0]["finding_rules"] == "PDS_TK;PDS_UPAH" and rows[1]["finding_rules"] == ""
    page = client.get("/kepatuhan/wilayah/53/pemberi-kerja/?q=PT&halaman=1").content.decode()
    assert 'href="/kepatuhan/wilayah/53/pemberi-kerja/?q=PT&amp;unduh=csv"' in page  # every page, not one
    every = _json(client.get("/kepatuhan/wilayah/00/pemberi-kerja/?unduh=json").content)
    assert {r["region_code"] for r in every} == {"53.71", "52.01"}


def test_the_cases_download_follows_the_view_and_says_which_are_overdue(
    personas: Personas, employers: None
) -> None:
    case = case_open(
        employer=Employer.objects.get(key="NPP1"), by=personas.compliance_a, note="x", today=date(2026, 3, 13)
    )
    assert case.due_date is not None
    client = client_for(personas.compliance_a)
    with time_machine.travel(case.due_date + timedelta(days=1)):
        rows = _json(client.get("/kepatuhan/wilayah/53.71/kasus/?tampil=open&unduh=json").content)
        overdue = _csv(client.get("/kepatuhan/wilayah/53.71/kasus/?tampil=overdue&unduh=csv").content)
    assert [(r["case_id"], r["status"], r["employer_name"], r["overdue"]) for r in rows] == [
        (case.pk, "DETECTED", "PT Besar", True)
    ]
    assert rows[0]["due_date"] == case.due_date.isoformat() and rows[0]["rules"] == ["PDS_TK", "PDS_UPAH"]
    assert [(r["case_id"], r["overdue"]) for r in overdue] == [(str(case.pk), "true")]
    with time_machine.travel(case.due_date):
        assert _csv(client.get("/kepatuhan/wilayah/53.71/kasus/?tampil=overdue&unduh=csv").content) == []
    assert client_for(personas.officer_b).get("/kepatuhan/wilayah/53.71/kasus/?unduh=csv").status_code == 403


def test_the_region_summary_downloads_equal_the_api(personas: Personas, employers: None) -> None:
    client = client_for(personas.compliance_a)
    api = client.get("/api/v1/compliance/regions/53/summary").json()
    stages = api.pop("stages")
    summary = _json(client.get("/kepatuhan/wilayah/53/?unduh=json").content)
    assert summary == [api] and summary[0]["candidates"] == 2
    by_stage = _json(client.get("/kepatuhan/wilayah/53/?unduh=json&tabel=tahap").content)
    assert [{k: v for k, v in r.items() if k != "region_code"} for r in by_stage] == stages
    page = client.get("/kepatuhan/wilayah/53/").content.decode()
    assert "/kepatuhan/wilayah/53/?tabel=tahap&amp;unduh=csv" in page
    assert client_for(personas.officer_b).get("/kepatuhan/wilayah/53/?unduh=json").status_code == 403
