"""The import page and POST /api/v1/imports take their datasets from the registry: a dataset another app
registers (the example app's outreach visits) is uploaded on the page and through the API, and the OpenAPI
document lists it; the datasets whose app uploads them on pages of its own are left out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cakupan.api import api
from cakupan.imports.datasets import upload_datasets
from cakupan.imports.models import ImportBatch
from tests.example_app.models import OutreachVisits
from tests.example_app.registered import registered
from tests.personas import Personas, csv_bytes

pytestmark = pytest.mark.django_db

VISITS_HEADER = ("region_code", "period", "visits", "source")
SHIPPED = ["workforce", "participation", "targets", "region_crosswalk"]


@pytest.fixture
def example_app() -> Iterator[None]:
    with registered():
        yield


def _visits(code: str = "53.71", visits: str = "42") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "kunjungan.csv", csv_bytes(VISITS_HEADER, [(code, "2024-06", visits, "Disnaker")])
    )


@pytest.fixture
def fresh_openapi() -> Iterator[None]:
    """The document is built once per process (cakupan/api.py), after every app registered in `ready()`;
    a test that registers the example app for its length builds it again, before and after."""
    api.__dict__.pop("_schemas", None)
    yield
    api.__dict__.pop("_schemas", None)


def _dataset_enum(client: Client) -> list[str]:
    document = client.get("/api/openapi.json").json()
    body = document["paths"]["/api/v1/imports"]["post"]["requestBody"]["content"]["multipart/form-data"]
    return list(body["schema"]["properties"]["dataset"]["enum"])


def test_the_shipped_upload_datasets_are_the_figures_and_the_crosswalk() -> None:
    assert upload_datasets() == SHIPPED


def test_a_registered_dataset_joins_the_upload_datasets_and_leaves_with_its_app(example_app: None) -> None:
    assert upload_datasets() == [*SHIPPED, "example_visits"]


def test_datasets_uploaded_on_their_apps_own_pages_or_read_whole_are_not_upload_datasets() -> None:
    own = {"vulnerable_funding", "benefits", "budget_lines", "perisai_agents", "employers"}
    assert not (own | {"participants", "boundaries"}) & set(upload_datasets())


def test_the_openapi_document_lists_the_registered_datasets_in_the_uploads_enum(
    client: Client, fresh_openapi: None, example_app: None
) -> None:
    assert _dataset_enum(client) == [*SHIPPED, "example_visits"]


def test_without_the_app_the_openapi_enum_has_the_shipped_datasets(
    client: Client, fresh_openapi: None
) -> None:
    assert _dataset_enum(client) == SHIPPED


def test_a_registered_dataset_is_uploaded_through_the_api(
    client: Client, personas: Personas, example_app: None
) -> None:
    client.force_login(personas.officer_a)
    dry = client.post("/api/v1/imports", {"dataset": "example_visits", "file": _visits(), "dry_run": True})
    assert dry.status_code == 200 and dry.json()["new"] == 1 and not OutreachVisits.objects.exists()
    stored = client.post("/api/v1/imports", {"dataset": "example_visits", "file": _visits()})
    assert stored.status_code == 201
    answer = stored.json()
    assert (answer["dataset"], answer["dataset_label"], answer["stored"]) == (
        "example_visits",
        "Outreach visits (example)",
        True,
    )
    assert OutreachVisits.objects.get().batch_id == answer["batch_id"]


def test_a_registered_dataset_is_uploaded_on_the_import_page_previewed_and_stored(
    client: Client, personas: Personas, example_app: None
) -> None:
    client.force_login(personas.officer_a)
    page = client.get("/impor/").content.decode()
    assert '<option value="example_visits"' in page
    previewed = client.post("/impor/", {"dataset": "example_visits", "file": _visits()})
    assert previewed.status_code == 302
    confirmed = client.post(f"{previewed['Location']}simpan/")
    batch = ImportBatch.objects.get(dataset="example_visits")
    assert confirmed["Location"] == f"/impor/batch/{batch.pk}/"
    assert OutreachVisits.objects.get().visits == 42


def test_the_officer_of_region_b_cannot_upload_visits_of_region_a(
    client: Client, personas: Personas, example_app: None
) -> None:
    client.force_login(personas.officer_b)
    refused = client.post("/api/v1/imports", {"dataset": "example_visits", "file": _visits("53.71")})
    assert refused.status_code == 422
    assert [p["column"] for p in refused.json()["error"]["problems"]] == ["region_code"]
    page = client.post("/impor/", {"dataset": "example_visits", "file": _visits("53.71")})
    assert page.status_code == 422
    assert not OutreachVisits.objects.exists() and not ImportBatch.objects.exists()


def test_an_unregistered_or_own_upload_dataset_is_refused_by_the_api_naming_the_accepted_ones(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.national_admin)
    for name in ("example_visits", "benefits"):
        answer = client.post("/api/v1/imports", {"dataset": name, "file": _visits()})
        assert answer.status_code == 422
        assert answer.json()["error"]["fields"]["dataset"] == [f"one of {', '.join(SHIPPED)}"]
