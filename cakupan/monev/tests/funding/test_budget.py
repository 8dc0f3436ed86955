"""The one budget register (issue 23): allocation and realisation per budget line, region and year, with
the vulnerable-worker funding rows as the detail of the vulnerable-workers line, imported through the one
import framework (file, form, API) and meeting the Inpres matrix's budget instruction."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from cakupan.audit.models import AuditEvent
from cakupan.monev.funding.models import BudgetLine
from cakupan.monev.importing import validate_monev_file
from cakupan.monev.tests.helpers import FUNDING_HEADER, commit, regulation
from tests.personas import Personas, csv_bytes

pytestmark = pytest.mark.django_db

BUDGET_HEADER = ("region_code", "year", "line", "allocation_idr", "realisation_idr")


def _client(user: object = None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def _kupang() -> None:
    commit(
        "budget_lines",
        BUDGET_HEADER,
        [
            ("53.71", 2024, "VULNERABLE", 40_320_000, 20_160_000),
            ("53.71", 2024, "pemilu", 500_000_000, ""),
            ("53.71", 2024, "NON_ASN", 1_000_000_000, 750_000_000),
        ],
        name="anggaran-2024.csv",
    )
    commit("vulnerable_funding", FUNDING_HEADER, [("53.71", 2024, "APBD_KABKOTA", 100, 12, 20_160_000)])


def test_a_file_of_budget_lines_is_stored_whole_and_audited_as_one_import() -> None:
    _kupang()
    stored = {b.line: (b.allocation_idr, b.realisation_idr) for b in BudgetLine.objects.current()}
    assert stored == {
        "VULNERABLE": (40_320_000, 20_160_000),
        "ELECTION": (500_000_000, None),
        "NON_ASN": (1_000_000_000, 750_000_000),
    }
    event = AuditEvent.objects.get(
        entity_type="imports.importbatch", entity_id__isnull=False, after__dataset="budget_lines"
    )
    assert event.action == "import"


def test_a_realisation_above_the_allocation_and_an_unknown_line_are_clear_problems() -> None:
    with translation.override("en"):
        validation = validate_monev_file(
            dataset_name="budget_lines",
            file_name="anggaran.csv",
            content=csv_bytes(
                BUDGET_HEADER,
                [("53.71", 2024, "VULNERABLE", 100, 200), ("53.71", 2024, "ROADS", 100, "")],
            ),
        )
    problems = [(p.row, p.column, p.reason) for p in validation.problems]
    assert [(row, column) for row, column, _reason in problems] == [(2, "realisation_idr"), (3, "line")]
    assert "amended allocation" in problems[0][2]
    assert not BudgetLine.objects.exists()


def test_a_later_file_replaces_the_line_and_keeps_the_history() -> None:
    _kupang()
    commit(
        "budget_lines", BUDGET_HEADER, [("53.71", 2024, "VULNERABLE", 40_320_000, 40_320_000)], name="b.csv"
    )
    assert BudgetLine.objects.current().get(line="VULNERABLE").realisation_idr == 40_320_000
    assert BudgetLine.objects.filter(line="VULNERABLE").exclude(replaced_by=None).count() == 1


def test_the_page_shows_each_line_and_the_vulnerable_line_with_its_funding_rows(personas: Personas) -> None:
    _kupang()
    page = _client().get("/monev/anggaran/53/").content.decode()
    assert 'data-line="VULNERABLE"' in page and 'data-line="ELECTION"' in page
    assert "1 funding row: 100 workers, Rp20,160,000" in page and "not reported" in page
    assert "50.00%" in page  # 20,160,000 of 40,320,000 realised


def test_the_api_and_the_downloads_give_the_same_lines_with_the_detail(personas: Personas) -> None:
    _kupang()
    client = _client()
    body = client.get("/api/v1/monev/budget/53").json()
    vulnerable = next(line for line in body["lines"] if line["line"] == "VULNERABLE")
    assert (vulnerable["allocation_idr"], vulnerable["realisation_idr"], vulnerable["realised_pct"]) == (
        40_320_000,
        20_160_000,
        50.0,
    )
    assert vulnerable["funding_workers"] == 100 and vulnerable["funding"][0]["funder"] == "APBD_KABKOTA"
    election = next(line for line in body["lines"] if line["line"] == "ELECTION")
    assert (
        election["realisation_idr"] is None and election["funding"] == [] and election["funding_rows"] is None
    )
    download = json.loads(client.get("/monev/anggaran/53/?unduh=json").content)["rows"]
    assert [{k: v for k, v in line.items() if k != "funding"} for line in body["lines"]] == download
    detail = client.get("/monev/anggaran/53/?unduh=csv&tabel=rincian").content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(detail)))
    assert header[:3] == ["line_region_code", "line_year", "region_code"] and "simulated" in header
    frame = pd.read_csv(io.StringIO(detail))
    assert list(frame["amount_idr"]) == [20_160_000]
    assert client.get("/api/v1/monev/budget/53?year=2023").json()["lines"] == []


def test_the_budget_instruction_of_the_inpres_matrix_is_met_by_a_budget_line_not_a_regulation(
    personas: Personas,
) -> None:
    regulation("53.71", personas.officer_a, acts_on=("REGULATION", "BUDGET"))
    client = _client()
    matrix = client.get("/api/v1/monev/inpres/53").json()
    kupang = next(r for r in matrix["rows"] if r["region_code"] == "53.71")
    assert kupang["met"]["BUDGET"] is False and kupang["met"]["REGULATION"] is True
    _kupang()
    matrix = client.get("/api/v1/monev/inpres/53").json()
    kupang = next(r for r in matrix["rows"] if r["region_code"] == "53.71")
    assert kupang["met"]["BUDGET"] is True and {b["line"] for b in kupang["budget_lines"]} == {
        "VULNERABLE",
        "ELECTION",
        "NON_ASN",
    }
    page = client.get("/monev/inpres/53/").content.decode()
    assert 'data-budget-line="VULNERABLE"' in page and 'href="/monev/anggaran/53.71/"' in page


def test_the_entry_form_stores_a_line_through_the_same_checks(personas: Personas) -> None:
    client = _client(personas.officer_a)
    entry = {"year": 2025, "line": "VILLAGE", "allocation_idr": 100_000_000, "realisation_idr": 200_000_000}
    refused = client.post("/monev/anggaran/53.71/isi/", entry)
    assert refused.status_code == 200 and "amended allocation" in refused.content.decode()
    assert client.post("/monev/anggaran/53.71/isi/", entry | {"realisation_idr": ""}).status_code == 302
    line = BudgetLine.objects.get()
    assert (line.line, line.realisation_idr, line.batch.source) == ("VILLAGE", None, "entry")


def test_the_api_imports_budget_lines_like_the_other_monev_datasets(personas: Personas) -> None:
    client = _client(personas.officer_a)
    content = csv_bytes(BUDGET_HEADER, [("53.71", 2024, "VILLAGE", 100_000_000, "")])
    response = client.post(
        "/api/v1/monev/imports",
        {"dataset": "budget_lines", "file": SimpleUploadedFile("anggaran.csv", content), "dry_run": "false"},
    )
    assert response.status_code == 201 and BudgetLine.objects.get().batch.source == "api"


def test_the_officer_of_ntb_cannot_write_ntts_budget_lines(personas: Personas) -> None:
    """Region B cannot write region A's budget: not by the form, the file upload nor the API."""
    officer_b = _client(personas.officer_b)
    entry = {"year": 2025, "line": "VILLAGE", "allocation_idr": 100}
    assert officer_b.get("/monev/anggaran/53.71/isi/").status_code == 403
    assert officer_b.post("/monev/anggaran/53.71/isi/", entry).status_code == 403
    content = csv_bytes(BUDGET_HEADER, [("53.71", 2024, "VILLAGE", 100, "")])
    response = officer_b.post(
        "/api/v1/monev/imports",
        {"dataset": "budget_lines", "file": SimpleUploadedFile("anggaran.csv", content), "dry_run": "false"},
    )
    assert response.status_code == 422 and [p["column"] for p in response.json()["error"]["problems"]] == [
        "region_code"
    ]
    assert not BudgetLine.objects.exists()
    # District lines are not public: an anonymous reader of NTT's register does not see them.
    commit("budget_lines", BUDGET_HEADER, [("53.71.01", 2024, "VILLAGE", 100, "")])
    assert 'data-region="53.71.01"' not in _client().get("/monev/anggaran/53/").content.decode()
    assert 'data-region="53.71.01"' in _client(personas.officer_a).get("/monev/anggaran/53/").content.decode()
