from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cakupan.accounts.tokens import token_create
from cakupan.compliance.models import Case, Employer, Finding
from cakupan.compliance.tests.helpers import comply, employers_csv, load_employers, non_compliant, row
from cakupan.compliance.transitions import case_open, case_transition
from cakupan.imports.models import ImportBatch
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _token(user: object, role: str, region: str) -> str:
    _token_row, plain = token_create(user=user, name="dpmptsp", role=role, region_codes=[region], days=30)
    return plain


def test_the_licensing_office_checks_an_employer_by_nib_with_a_token(personas: Personas) -> None:
    load_employers([row("1234567890123", name="PT Patuh")])
    token = _token(personas.licensing_a, "LICENSING_OFFICER", "53.71")
    response = Client().get(
        "/api/v1/compliance/employers/1234567890123", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["nib"], body["region_code"], body["case_id"]) == (
        "compliant",
        "1234567890123",
        "53.71",
        None,
    )


def test_it_answers_in_process_with_the_stage_and_sanctioned_with_since_and_why(personas: Personas) -> None:
    case = case_open(employer=non_compliant(), by=personas.compliance_a, note="x", today=date(2026, 3, 13))
    token = _token(personas.licensing_a, "LICENSING_OFFICER", "53.71")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = client.get("/api/v1/compliance/employers/npp0001").json()
    assert (body["status"], body["stage"], body["rules"]) == (
        "in_process",
        "DETECTED",
        ["PDS_TK", "PDS_UPAH"],
    )
    Case.objects.filter(pk=case.pk).update(status="RECHECK_DUE")
    case.refresh_from_db()
    case_transition(
        case=case,
        action="sanction",
        by=personas.licensing_a,
        note="Tetap tidak patuh",
        today=date(2026, 9, 1),
        letter_number="B/1/2026",
        letter_date=date(2026, 9, 1),
    )
    body = client.get("/api/v1/compliance/employers/NPP0001").json()
    # The licensing office sees the sanction's date and letter; the note written with it is not theirs.
    assert (body["status"], body["status_label"], body["since"], body["reason"]) == (
        "sanctioned",
        "Sanctioned",
        "2026-09-01",
        "",
    )
    assert [(x["status"], x["number"], x["date"]) for x in body["letters"]] == [
        ("SANCTIONED", "B/1/2026", "2026-09-01")
    ]
    officer = Client(HTTP_AUTHORIZATION=f"Bearer {_token(personas.compliance_a, 'COMPLIANCE_OFFICER', '53')}")
    assert officer.get("/api/v1/compliance/employers/NPP0001").json()["reason"] == "Tetap tidak patuh"
    comply()
    assert client.get("/api/v1/compliance/employers/NPP0001").json()["status"] == "sanctioned"


def test_an_employer_outside_the_token_regions_is_not_found(personas: Personas) -> None:
    load_employers([row("NPP0002", region="53.01")])
    token = _token(personas.licensing_a, "LICENSING_OFFICER", "53.71")
    response = Client().get("/api/v1/compliance/employers/NPP0002", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_a_wrong_token_is_401_and_a_role_without_compliance_is_403(personas: Personas) -> None:
    assert (
        Client().get("/api/v1/compliance/employers/NPP0001", HTTP_AUTHORIZATION="Bearer ckp_1_x").status_code
        == 401
    )
    token = _token(personas.officer_a, "REGIONAL_OFFICER", "53")
    response = Client().get("/api/v1/compliance/employers/NPP0001", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403


def test_the_region_summary_operation(personas: Personas) -> None:
    case_open(employer=non_compliant(), by=personas.compliance_a, note="x", today=date(2026, 3, 13))
    token = _token(personas.compliance_a, "COMPLIANCE_OFFICER", "53")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = client.get("/api/v1/compliance/regions/53/summary").json()
    assert (body["open_cases"], body["candidates"]) == (1, 1)
    assert {s["status"]: s["cases"] for s in body["stages"]}["DETECTED"] == 1
    assert client.get("/api/v1/compliance/regions/52/summary").status_code == 403
    assert client.get("/api/v1/compliance/regions/99/summary").status_code == 404


def test_the_candidates_of_a_region_as_data(personas: Personas) -> None:
    load_employers([row("NPP1", registered=49), row("NPP2", registered=10), row("NPP3")])
    token = _token(personas.compliance_a, "COMPLIANCE_OFFICER", "53")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    items = client.get("/api/v1/compliance/regions/53/candidates").json()["items"]
    assert [i["key"] for i in items] == ["NPP2", "NPP1"]
    assert items[0]["worker_shortfall"] == 40 and items[0]["rules"] == ["PDS_TK", "PDS_UPAH"]
    items = client.get("/api/v1/compliance/regions/53/candidates?descending=false").json()["items"]
    assert [i["key"] for i in items] == ["NPP1", "NPP2"]
    assert client.get("/api/v1/compliance/regions/52/candidates").status_code == 403


def _upload(client: Client, content: bytes, **data: object) -> Any:
    return client.post(
        "/api/v1/compliance/employers/imports",
        {"file": SimpleUploadedFile("pemberi-kerja.csv", content), **data},
    )


def test_an_employers_file_is_imported_through_the_api_as_through_the_web(personas: Personas) -> None:
    token = _token(personas.bpjs_officer_a, "BPJS_OFFICER", "53.71")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    content = employers_csv([row("NPP1"), row("NPP2", registered=40)])
    response = _upload(client, content, dry_run="true")
    assert response.status_code == 200
    body = response.json()
    assert (body["dry_run"], body["stored"], body["batch_id"], body["new_employers"], body["new"]) == (
        True,
        False,
        None,
        2,
        2,
    )
    assert not Employer.objects.exists() and not ImportBatch.objects.filter(dataset="employers").exists()
    response = _upload(client, content)
    assert response.status_code == 201
    body = response.json()
    batch = ImportBatch.objects.filter(dataset="employers").get()
    assert (body["stored"], body["batch_id"], body["rows"], body["findings"]) == (True, batch.pk, 2, 1)
    assert (batch.source, batch.uploaded_by) == ("api", personas.bpjs_officer_a)
    assert Finding.objects.get().employer.key == "NPP2"
    # The same file again changes nothing.
    assert (
        _upload(client, content).status_code == 200
        and ImportBatch.objects.filter(dataset="employers").count() == 1
    )


def test_a_refused_employers_file_answers_422_with_every_problem_and_stores_nothing(
    personas: Personas,
) -> None:
    token = _token(personas.bpjs_officer_a, "BPJS_OFFICER", "53.71")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    content = employers_csv([row("NPP1"), row("NPP2", region="53.01"), row("NPP3", period="2026-13")])
    response = _upload(client, content)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_file" and error["message"].startswith("The file is refused: 2 problems")
    assert [(p["row"], p["column"]) for p in error["problems"]] == [(3, "region_code"), (4, "period")]
    # Region 53.01 is the BPJS branch's, but this token carries only 53.71: outside it, refused.
    assert "outside the regions you may import employers for" in error["problems"][0]["reason"]
    assert not Employer.objects.exists() and not ImportBatch.objects.filter(dataset="employers").exists()


def test_a_token_of_a_role_that_may_not_import_employers_is_403(personas: Personas) -> None:
    token = _token(personas.licensing_a, "LICENSING_OFFICER", "53.71")
    response = _upload(Client(HTTP_AUTHORIZATION=f"Bearer {token}"), employers_csv([row("NPP1")]))
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    assert not ImportBatch.objects.filter(dataset="employers").exists()


def test_an_identifier_naming_two_employers_answers_409(personas: Personas) -> None:
    load_employers([row("NPP0001", name="PT Satu"), row("NPP0002", name="PT Dua")])
    Employer.objects.filter(key="NPP0001").update(npp="NPP0009")
    Employer.objects.filter(key="NPP0002").update(npp="NPP0001")
    token = _token(personas.licensing_a, "LICENSING_OFFICER", "53.71")
    response = Client().get("/api/v1/compliance/employers/NPP0001", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "ambiguous" and "PT Satu (NPP0001)" in error["message"]
