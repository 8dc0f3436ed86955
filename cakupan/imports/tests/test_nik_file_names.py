"""A file named after a NIK is validated, previewed, stored and listed under a safe name, over the web and
the API alike; its problems name the safe name too."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cakupan.imports.models import ImportBatch
from tests.personas import PARTICIPATION_HEADER, Personas, csv_bytes, participation_rows

pytestmark = pytest.mark.django_db

NIK = "5371020501850002"
NAMED = f"peserta {NIK}.csv"
GOOD = csv_bytes(PARTICIPATION_HEADER, participation_rows("53.01", "2024-06", {"PU": 10, "BPU": 5}))
BAD = csv_bytes(PARTICIPATION_HEADER, [("53.01", "2024-13", "PU", "active", "10")])


def _web(personas: Personas) -> Client:
    client = Client()
    client.force_login(personas.bpjs_officer_a)
    return client


def test_a_web_upload_named_after_a_nik_is_previewed_and_stored_under_a_safe_name(personas: Personas) -> None:
    client = _web(personas)
    response = client.post("/impor/", {"dataset": "participation", "file": SimpleUploadedFile(NAMED, GOOD)})
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert NIK not in preview and "berkas-participation-" in preview
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    client.post(f"/impor/pratinjau/{token}/simpan/")
    batch = ImportBatch.objects.get()
    assert batch.file_name.startswith("berkas-participation-") and batch.file_name.endswith(".csv")
    assert NIK not in client.get(f"/impor/batch/{batch.pk}/").content.decode()


def test_a_refused_web_upload_names_the_safe_name_in_its_problems(personas: Personas) -> None:
    response = _web(personas).post(
        "/impor/", {"dataset": "participation", "file": SimpleUploadedFile(NAMED, BAD)}
    )
    assert response.status_code == 422
    assert NIK not in response.content.decode()


def test_an_api_upload_named_after_a_nik_is_stored_under_a_safe_name(personas: Personas) -> None:
    client = _web(personas)
    response = client.post(
        "/api/v1/imports", {"dataset": "participation", "file": SimpleUploadedFile(NAMED, GOOD)}
    )
    assert response.status_code == 201, response.content
    assert response.json()["file"].startswith("berkas-participation-")
    assert ImportBatch.objects.get().file_name == response.json()["file"]
    refused = client.post(
        "/api/v1/imports", {"dataset": "participation", "file": SimpleUploadedFile(NAMED, BAD)}
    )
    assert refused.status_code == 422 and NIK not in refused.content.decode()
