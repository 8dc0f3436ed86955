"""Every table of the Monev register pages downloads as CSV and JSON (`?unduh=`): the rows of the page's
selector, the API's values where the API has the table, the page's region scope, and no text that a
spreadsheet would run."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from cakupan.monev.outreach import services as outreach_services
from cakupan.monev.staff.services import staff_coverage_record
from cakupan.monev.targets.services import target_enter
from cakupan.monev.tests.helpers import (
    BENEFITS_HEADER,
    FUNDING_HEADER,
    commit,
    follow_up,
    meeting,
    region,
    regulation,
)
from tests.personas import (
    PARTICIPATION_HEADER,
    WORKFORCE_HEADER,
    Personas,
    csv_bytes,
    load,
    participation_rows,
)

pytestmark = pytest.mark.django_db


def _client(user: object = None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def _csv(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def _rows(client: Client, url: str) -> list[dict[str, Any]]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == "application/json"
    rows: list[dict[str, Any]] = json.loads(response.content)["rows"]
    return rows


@pytest.fixture
def world(personas: Personas) -> dict[str, Any]:
    officer = personas.officer_a
    regulation("53", officer, number="=1+1 Tahun 2023", acts_on=("REGULATION", "BUDGET"))
    first = meeting("53", officer, held_on=dt.date(2024, 2, 1))
    late = follow_up(first, officer, action="@SUM(A1) anggarkan iuran", due_on=dt.date(2024, 3, 1))
    commit("vulnerable_funding", FUNDING_HEADER, [("53", 2024, "APBD_PROVINSI", 100, 12, 20_160_000)])
    commit("vulnerable_funding", FUNDING_HEADER, [("53", 2024, "APBD_PROVINSI", 100, 12, 1_000_000)])
    commit(
        "benefits",
        BENEFITS_HEADER,
        [
            ("53.71", "2024-05", "JKM", 10, 420_000_000),
            ("53.71", "2024-06", "JKM", 12, 504_000_000),
            ("53.71", "2024-06", "JHT", 300, 3_000_000_000),
        ],
    )
    agent = outreach_services.agent_create(
        region=region("53.71"), name="BUMDes Oebelo", kind="BUMDES", since=None, by=officer
    )
    outreach_services.agent_figure_record(agent=agent, period="2024-06", enrolled=120, active=90, by=officer)
    staff_coverage_record(
        region=region("53"),
        period="2024-06",
        group="NON_ASN",
        agency="Dinas Pendidikan",
        staff=1200,
        covered=900,
        source="BKD",
        by=officer,
    )
    target_enter(
        region=region("53"),
        year=2024,
        indicator="vulnerable_workers_funded",
        value=Decimal("200"),
        source="Pergub",
        regulation=None,
        by=officer,
    )
    return {"follow_up": late}


def test_regulations_download_as_the_api_gives_them_with_formulas_neutralised(world: dict[str, Any]) -> None:
    client = _client()
    api = client.get("/api/v1/monev/regulations?region=53").json()
    assert _rows(client, "/monev/regulasi/?wilayah=53&unduh=json") == api
    [row] = _csv(client.get("/monev/regulasi/?wilayah=53&unduh=csv").content)
    assert row["number"] == "'=1+1 Tahun 2023" and row["inpres_instructions"] == "REGULATION;BUDGET"
    assert row["issued_on"] == "2023-05-02" and row["region_name"] == "Nusa Tenggara Timur"
    page = client.get("/monev/regulasi/?wilayah=53&jenis=PERDA").content.decode()
    assert 'href="/monev/regulasi/?wilayah=53&amp;jenis=PERDA&amp;unduh=csv"' in page
    assert _rows(client, "/monev/regulasi/?wilayah=53&jenis=PERGUB&unduh=json") == []


def test_follow_ups_and_meetings_download_only_for_roles_of_the_region(
    personas: Personas, world: dict[str, Any]
) -> None:
    mine = _client(personas.officer_a)
    api = mine.get("/api/v1/monev/follow-ups/overdue").json()
    rows = _rows(mine, "/monev/tindak-lanjut/terlambat/?unduh=json")
    assert rows == api and rows[0]["id"] == world["follow_up"].pk and rows[0]["days_overdue"] > 0
    [row] = _csv(mine.get("/monev/tindak-lanjut/terlambat/?unduh=csv").content)
    assert row["action"] == "'@SUM(A1) anggarkan iuran"
    [held] = _rows(mine, "/monev/rapat/?wilayah=53&unduh=json")
    assert held["institutions"] == ["Kemenko PMK", "Kemendagri", "BPJS Ketenagakerjaan"]
    kinds = [e["kind"] for e in _rows(mine, "/monev/linimasa/53/?unduh=json")]
    assert kinds == ["due", "meeting"]
    other = _client(personas.officer_b)
    assert _rows(other, "/monev/tindak-lanjut/terlambat/?unduh=json") == []
    assert _rows(other, "/monev/rapat/?wilayah=53&unduh=json") == []
    assert other.get("/monev/linimasa/53/?unduh=csv").status_code == 403
    assert _client().get("/monev/rapat/?unduh=csv").status_code == 302


def test_funding_downloads_the_current_rows_with_their_check_and_the_history(world: dict[str, Any]) -> None:
    client = _client()
    [row] = _rows(client, "/monev/pendanaan/53/?unduh=json")
    assert (row["workers"], row["months"], row["amount_idr"], row["agrees"]) == (100, 12, 1_000_000, False)
    assert row["expected_idr"] == 100 * 12 * row["monthly_idr"]
    [old] = _rows(client, "/monev/pendanaan/53/?unduh=json&tabel=riwayat")
    assert old["amount_idr"] == 20_160_000
    assert _csv(client.get("/monev/pendanaan/53/?unduh=csv").content)[0]["agrees"] == "false"


def test_benefits_download_as_the_api_and_districts_need_a_role(
    personas: Personas, world: dict[str, Any]
) -> None:
    client = _client()
    api = client.get("/api/v1/monev/benefits/53.71").json()
    programs = _rows(client, "/monev/manfaat/53.71/?unduh=json")
    fields = ("program", "program_label", "claims", "amount_idr")
    assert [{k: r[k] for k in fields} for r in programs] == api["programs"]
    assert {r["period"] for r in programs} == {api["period"]}
    trend = _rows(client, "/monev/manfaat/53.71/?unduh=json&tabel=tren")
    assert [{k: r[k] for k in ("period", "claims", "amount_idr")} for r in trend] == api["trend"]
    page = client.get("/monev/manfaat/53.71/").content.decode()
    assert "/monev/manfaat/53.71/?periode=2024-06&amp;tabel=tren&amp;unduh=json" in page
    assert client.get("/monev/manfaat/53.71.01/?unduh=csv").status_code == 403
    assert _client(personas.officer_b).get("/monev/manfaat/53.71.01/?unduh=csv").status_code == 403


def test_outreach_staff_and_targets_download_what_their_pages_show(
    personas: Personas, world: dict[str, Any]
) -> None:
    mine = _client(personas.officer_a)
    [agent] = _rows(mine, "/monev/perisai/53/?unduh=json&tabel=agen")
    assert (agent["name"], agent["enrolled"], agent["active"], agent["active_share"]) == (
        "BUMDes Oebelo",
        120,
        90,
        75.0,
    )
    assert _rows(mine, "/monev/perisai/53/?unduh=json&tabel=sosialisasi") == []
    assert _client(personas.officer_b).get("/monev/perisai/53/?unduh=csv").status_code == 403
    [staff] = _csv(_client().get("/monev/non-asn/53/?unduh=csv").content)
    assert (staff["agency"], staff["staff"], staff["covered"], staff["coverage_rate"]) == (
        "Dinas Pendidikan",
        "1200",
        "900",
        "75.00",
    )
    [target] = _rows(_client(), "/monev/target/53/?unduh=json")
    assert (target["value"], target["actual"], target["source"]) == (200, 100, "Pergub")


def test_the_inpres_matrix_and_the_scorecard_download_as_the_api(world: dict[str, Any]) -> None:
    client = _client()
    [row] = [r for r in _rows(client, "/monev/inpres/00/?unduh=json") if r["region_code"] == "53"]
    # The budget instruction is met by a budget line, not by the regulation tagged with it.
    assert row["acted_on"] == 1 and row["REGULATION"] == ["PERDA =1+1 Tahun 2023"] and row["BUDGET"] == []
    api = client.get("/api/v1/monev/scorecard/00/2024").json()
    aspects = _rows(client, "/monev/skor/00/?tahun=2024&unduh=json&tabel=aspek")
    flat = [
        (r["region_code"], a["aspect"], a["score"], a["measured"], a["of"])
        for r in api["rows"]
        for a in r["aspects"]
    ]
    assert [(r["region_code"], r["aspect"], r["score"], r["measured"], r["of"]) for r in aspects] == flat
    ranking = _rows(client, "/monev/skor/00/?tahun=2024&unduh=json")
    assert [(r["region_code"], r["rank"], r["index"]) for r in ranking] == [
        (r["region_code"], r["rank"], r["index"]) for r in api["rows"]
    ]
    ntt = next(r for r in ranking if r["region_code"] == "53")
    assert ntt["regulations"] == next(
        a["score"] for a in aspects if a["region_code"] == "53" and a["aspect"] == "regulations"
    )


def test_the_national_summary_downloads_the_nation_then_each_province(
    personas: Personas, world: dict[str, Any]
) -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53", "2024-06", "total", "1654526", "")]))
    load(
        "participation", csv_bytes(PARTICIPATION_HEADER, participation_rows("53", "2024-06", {"PU": 558_115}))
    )
    client = _client(personas.national_analyst)
    rows = _rows(client, "/monev/ringkasan/?semester=2024-1&unduh=json")
    assert [r["region_code"] for r in rows[:2]] == ["00", "11"] and len(rows) == 39
    ntt = next(r for r in rows if r["region_code"] == "53")
    assert (ntt["coverage_rate"], ntt["regulations"], ntt["funded_workers"], ntt["follow_ups_overdue"]) == (
        33.73,
        1,
        100,
        1,
    )
    assert rows[0]["funded_workers"] == 100 and rows[0]["follow_ups_open"] == 1
    assert _client(personas.officer_a).get("/monev/ringkasan/?unduh=csv").status_code == 403
