"""POST /api/v1/monev/imports: the Monev datasets through the API, with the checks of the web upload."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cakupan.accounts.tokens import token_create
from cakupan.audit.models import AuditEvent
from cakupan.monev.benefits.models import BenefitFigure
from cakupan.monev.funding.models import VulnerableFunding
from cakupan.monev.tests.helpers import BENEFITS_HEADER, FUNDING_HEADER, monev_batches
from tests.personas import Personas, csv_bytes

pytestmark = pytest.mark.django_db

KUPANG_JKM = csv_bytes(BENEFITS_HEADER, [("53.71", "2024-06", "JKM", 2, 84_000_000)])


def _upload(client: Client, dataset: str, content: bytes, *, dry_run: bool = False, **headers: str) -> Any:
    return client.post(
        "/api/v1/monev/imports",
        {
            "dataset": dataset,
            "file": SimpleUploadedFile("data.csv", content),
            "dry_run": "true" if dry_run else "false",
        },
        headers=headers,
    )


def _bpjs_token(personas: Personas) -> str:
    _token, plain = token_create(
        user=personas.bpjs_officer_a, name="etl", role="BPJS_OFFICER", region_codes=["53.71"], days=30
    )
    return plain


def test_a_dry_run_validates_and_stores_nothing(client: Client, personas: Personas) -> None:
    response = _upload(
        client, "benefits", KUPANG_JKM, dry_run=True, Authorization=f"Bearer {_bpjs_token(personas)}"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["dry_run"], body["stored"], body["new"], body["regions"]) == (True, False, 1, ["53.71"])
    assert not BenefitFigure.objects.exists() and not monev_batches().exists()


def test_a_commit_stores_every_row_and_is_audited_as_an_api_write(client: Client, personas: Personas) -> None:
    bearer = f"Bearer {_bpjs_token(personas)}"
    response = _upload(client, "benefits", KUPANG_JKM, Authorization=bearer)
    assert response.status_code == 201 and response.json()["stored"]
    batch = monev_batches().get()
    assert (batch.pk, batch.source, batch.uploaded_by) == (
        response.json()["batch_id"],
        "api",
        personas.bpjs_officer_a,
    )
    assert BenefitFigure.objects.get().claims == 2
    event = AuditEvent.objects.get(entity_type="imports.importbatch")
    assert (event.source, event.actor, event.entity_id) == ("api", personas.bpjs_officer_a, str(batch.pk))
    again = _upload(client, "benefits", KUPANG_JKM, Authorization=bearer)
    assert again.status_code == 200 and again.json()["unchanged"] == 1 and monev_batches().count() == 1


def test_a_refused_file_lists_every_problem_and_stores_nothing(client: Client, personas: Personas) -> None:
    client.force_login(personas.officer_a)
    bad = csv_bytes(
        FUNDING_HEADER,
        [
            ("53", 2024, "APBD_PROVINSI", 100, 12, 20_160_000),
            ("53", 2024, "NOBODY", 10, 12, 1),
            ("53", 2023, "CSR", 10, 13, 1),
        ],
    )
    response = _upload(client, "vulnerable_funding", bad)
    error = response.json()["error"]
    assert response.status_code == 422 and error["code"] == "invalid_file"
    assert {(p["row"], p["column"]) for p in error["problems"]} == {(3, "funder"), (4, "months")}
    assert not VulnerableFunding.objects.exists() and not monev_batches().exists()


def test_rows_outside_the_callers_regions_are_refused_like_the_web_upload(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.officer_b)
    ntt = csv_bytes(FUNDING_HEADER, [("53", 2024, "APBD_PROVINSI", 100, 12, 20_160_000)])
    response = _upload(client, "vulnerable_funding", ntt)
    error = response.json()["error"]
    assert response.status_code == 422 and error["message"].startswith("The file is refused: 1 problem.")
    assert [p["column"] for p in error["problems"]] == ["region_code"]
    # A BPJS branch of Kupang may import benefits, but not for a regency outside its office.
    sumba_timur = csv_bytes(BENEFITS_HEADER, [("53.02", "2024-06", "JKM", 1, 42_000_000)])
    outside = _upload(client, "benefits", sumba_timur, Authorization=f"Bearer {_bpjs_token(personas)}")
    assert outside.status_code == 422 and not BenefitFigure.objects.exists()


def test_a_role_without_the_datasets_capability_is_refused(client: Client, personas: Personas) -> None:
    assert _upload(client, "benefits", KUPANG_JKM).status_code == 401
    client.force_login(personas.officer_a)  # writes funding, but benefits are BPJS Ketenagakerjaan's
    response = _upload(client, "benefits", KUPANG_JKM)
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    client.force_login(personas.bpjs_officer_a)  # imports benefits, but funding is the governments'
    funding = csv_bytes(FUNDING_HEADER, [("53.71", 2024, "APBD_KABKOTA", 10, 12, 2_016_000)])
    assert _upload(client, "vulnerable_funding", funding).status_code == 403
    assert not monev_batches().exists()


def test_the_first_funded_month_comes_through_the_api_like_the_other_columns(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.officer_a)
    header = (*FUNDING_HEADER, "start_period")
    late = csv_bytes(header, [("53.71", 2024, "APBD_KABKOTA", 100, 6, 10_080_000, "2025-02")])
    response = _upload(client, "vulnerable_funding", late)
    assert response.status_code == 422
    assert [p["column"] for p in response.json()["error"]["problems"]] == ["start_period"]
    good = csv_bytes(header, [("53.71", 2024, "APBD_KABKOTA", 100, 6, 10_080_000, "2024-07")])
    assert _upload(client, "vulnerable_funding", good).status_code == 201
    assert VulnerableFunding.objects.get().start_period == "2024-07"
