"""The JSON API: the same figures as the pages, the one error shape, tokens, scope and imports."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cakupan.accounts.models import ApiToken
from cakupan.accounts.tokens import token_create, token_revoke
from cakupan.imports.models import ImportBatch
from cakupan.indicators.library import region_indicators
from cakupan.indicators.serialise import indicators_dict
from tests.personas import (
    PARTICIPATION_HEADER,
    WORKFORCE_HEADER,
    Personas,
    csv_bytes,
    load,
    participation_rows,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures() -> None:
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [
                ("53", "2024-06", "total", "1654526", "BPS"),
                ("53.71.01", "2024-06", "total", "40000", "Disnaker"),
            ],
        ),
    )
    load(
        "participation",
        csv_bytes(
            PARTICIPATION_HEADER,
            participation_rows("53", "2024-06", {"PU": 500_000, "BPU": 58_115})
            + participation_rows("53.71.01", "2024-06", {"PU": 12_000}),
        ),
    )


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"} and {"code", "message", "fields", "problems"} <= set(body["error"])
    return body["error"]


def test_public_indicators_equal_the_library_and_the_page(client: Client, figures: None) -> None:
    response = client.get("/api/v1/indicators/53/2024-06")
    assert response.status_code == 200
    expected = indicators_dict(region_indicators("53", "2024-06"))
    assert response.json() == expected
    assert response.json()["coverage_rate"] == 33.73
    page = client.get("/wilayah/53/", {"periode": "2024-06"}).content.decode()
    assert f'data-figure="coverage_rate" data-value="{response.json()["coverage_rate"]}"' in page


def test_district_figures_need_a_role_for_the_region(
    client: Client, figures: None, personas: Personas
) -> None:
    url = "/api/v1/indicators/53.71.01/2024-06"
    assert _error(client.get(url))["code"] == "forbidden"
    client.force_login(personas.officer_b)
    assert client.get(url).status_code == 403
    client.force_login(personas.officer_a)
    assert client.get(url).json()["active"] == 12_000


def test_unknown_regions_and_bad_months_have_the_one_error_shape(client: Client, figures: None) -> None:
    assert _error(client.get("/api/v1/indicators/99/2024-06"))["code"] == "not_found"
    assert _error(client.get("/api/v1/indicators/53/2024-13"))["code"] == "invalid"
    assert _error(client.get("/api/v1/indicators/53/2001-01"))["code"] == "no_data"
    assert client.get("/api/v1/trends/53?months=0").status_code == 422


def test_ranking_and_trends_match_the_library(client: Client, figures: None) -> None:
    ranking = client.get("/api/v1/ranking/00/2024-06").json()
    assert [r["region_code"] for r in ranking["regions"]] == ["53"]
    trend = client.get("/api/v1/trends/53", {"end": "2024-06", "months": 12}).json()
    assert [p["period"] for p in trend["points"]] == ["2024-06"]


def test_regions_are_searchable_and_paginated(client: Client) -> None:
    body = client.get("/api/v1/regions", {"parent": "53", "page": 1}).json()
    assert body["count"] == 22 and body["items"][0]["code"] == "53.01"
    assert client.get("/api/v1/regions", {"q": "kupang"}).json()["count"] >= 2
    detail = client.get("/api/v1/regions/5371").json()
    assert detail["code"] == "53.71" and [a["code"] for a in detail["ancestors"]] == ["00", "53"]


def test_a_token_acts_with_its_role_in_its_regions_only(
    client: Client, figures: None, personas: Personas
) -> None:
    _token, plain = token_create(
        user=personas.officer_a, name="bot", role="REGIONAL_OFFICER", region_codes=["53.71"], days=30
    )
    assert client.get("/api/v1/indicators/53.71.01/2024-06", headers=_bearer(plain)).status_code == 200
    assert ApiToken.objects.get().key_hash != plain and plain not in str(ApiToken.objects.values().get())
    _other, narrow = token_create(
        user=personas.officer_a, name="narrow", role="REGIONAL_OFFICER", region_codes=["53.01"], days=30
    )
    assert client.get("/api/v1/indicators/53.71.01/2024-06", headers=_bearer(narrow)).status_code == 403


def test_wrong_revoked_and_expired_tokens_are_401(client: Client, figures: None, personas: Personas) -> None:
    token, plain = token_create(
        user=personas.officer_a, name="bot", role="REGIONAL_OFFICER", region_codes=["53"], days=30
    )
    url = "/api/v1/indicators/53/2024-06"
    assert _error(client.get(url, headers=_bearer("ckp_nothing_here")))["code"] == "unauthenticated"
    assert client.get(url, headers=_bearer(plain[:-2] + "xx")).status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(url, headers=_bearer(plain)).status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + timedelta(days=1))
    assert client.get(url, headers=_bearer(plain)).status_code == 200
    token_revoke(token=token)
    assert client.get(url, headers=_bearer(plain)).status_code == 401


def test_a_token_cannot_be_made_for_regions_or_roles_the_user_does_not_hold(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        token_create(user=personas.officer_a, name="x", role="REGIONAL_OFFICER", region_codes=["52"], days=30)
    with pytest.raises(ValidationError):
        token_create(user=personas.officer_a, name="x", role="BPJS_OFFICER", region_codes=["53"], days=30)
    with pytest.raises(ValidationError):
        token_create(
            user=personas.officer_a, name="x", role="REGIONAL_OFFICER", region_codes=["53"], days=999
        )


def _upload(
    client: Client, plain: str, content: bytes, dataset: str = "participation", dry_run: bool = False
) -> Any:
    return client.post(
        "/api/v1/imports",
        {
            "dataset": dataset,
            "file": SimpleUploadedFile("p.csv", content),
            "dry_run": "true" if dry_run else "false",
        },
        headers=_bearer(plain),
    )


def test_imports_through_the_api_validate_dry_run_and_store(client: Client, personas: Personas) -> None:
    _token, plain = token_create(
        user=personas.bpjs_officer_a, name="etl", role="BPJS_OFFICER", region_codes=["53.71"], days=30
    )
    good = csv_bytes(PARTICIPATION_HEADER, participation_rows("53.71", "2024-06", {"PU": 10}))
    dry = _upload(client, plain, good, dry_run=True)
    assert dry.status_code == 200 and dry.json()["new"] == 1 and not dry.json()["stored"]
    assert ImportBatch.objects.count() == 0
    stored = _upload(client, plain, good)
    assert stored.status_code == 201 and stored.json()["stored"]
    batch = ImportBatch.objects.get()
    assert (batch.source, batch.uploaded_by) == ("api", personas.bpjs_officer_a)
    assert client.get(f"/api/v1/imports/{batch.pk}", headers=_bearer(plain)).json()["rows"] == 1
    again = _upload(client, plain, good)
    assert again.status_code == 200 and again.json()["unchanged"] == 1


def test_a_bad_file_through_the_api_lists_every_problem_and_stores_nothing(
    client: Client, personas: Personas
) -> None:
    _token, plain = token_create(
        user=personas.bpjs_officer_a,
        name="etl",
        role="BPJS_OFFICER",
        region_codes=["53.71", "53.01"],
        days=30,
    )
    bad = csv_bytes(
        PARTICIPATION_HEADER,
        [("53.71", "2024-13", "PU", "active", "1"), ("52.01", "2024-06", "PU", "active", "1")],
    )
    response = _upload(client, plain, bad)
    error = _error(response)
    assert response.status_code == 422 and error["code"] == "invalid_file"
    assert [(p["row"], p["column"]) for p in error["problems"]] == [(2, "period"), (3, "region_code")]
    assert ImportBatch.objects.count() == 0


def test_imports_need_an_importing_role_and_authentication(client: Client, personas: Personas) -> None:
    good = csv_bytes(PARTICIPATION_HEADER, participation_rows("53.71", "2024-06", {"PU": 10}))
    assert (
        client.post(
            "/api/v1/imports", {"dataset": "participation", "file": SimpleUploadedFile("p.csv", good)}
        ).status_code
        == 401
    )
    _token, plain = token_create(
        user=personas.licensing_a, name="x", role="LICENSING_OFFICER", region_codes=["53.71"], days=30
    )
    assert _upload(client, plain, good).status_code == 403


def test_batches_of_region_a_are_invisible_to_region_b(client: Client, personas: Personas) -> None:
    load("participation", csv_bytes(PARTICIPATION_HEADER, participation_rows("53.71", "2024-06", {"PU": 1})))
    batch = ImportBatch.objects.get()
    _a, token_a = token_create(
        user=personas.officer_a, name="a", role="REGIONAL_OFFICER", region_codes=["53"], days=30
    )
    _b, token_b = token_create(
        user=personas.officer_b, name="b", role="REGIONAL_OFFICER", region_codes=["52"], days=30
    )
    assert client.get("/api/v1/imports", headers=_bearer(token_a)).json()["count"] == 1
    assert client.get("/api/v1/imports", headers=_bearer(token_b)).json()["count"] == 0
    assert client.get(f"/api/v1/imports/{batch.pk}", headers=_bearer(token_b)).status_code == 404
    assert client.get(f"/api/v1/imports/{batch.pk}/changes", headers=_bearer(token_b)).status_code == 404


def test_the_openapi_document_and_docs_are_served(client: Client) -> None:
    document = client.get("/api/openapi.json").json()
    assert document["info"]["title"] == "Cakupan API"
    assert "/api/v1/indicators/{code}/{period}" in document["paths"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    # Swagger UI from the local static files, never a CDN (the page's CSP allows no other origin).
    addresses = re.findall(r'(?:src|href)="([^"]+)"', docs.content.decode())
    assert "/static/ninja/swagger-ui-bundle.js" in addresses and "/static/ninja/swagger-ui.css" in addresses
    assert [a for a in addresses if not a.startswith("/static/")] == []
    for address in addresses:
        assert client.get(address).status_code == 200, address


def test_the_budget_uses_the_dated_rates(client: Client) -> None:
    body = client.get("/api/v1/budget", {"workers": 12_800, "months": 12, "as_of": "2024-06-30"}).json()
    assert body["total_idr"] == 2_580_480_000 and body["monthly_idr"] == 16_800
    assert client.get("/api/v1/budget", {"workers": 1, "months": 1, "as_of": "2010-01-01"}).status_code == 404
