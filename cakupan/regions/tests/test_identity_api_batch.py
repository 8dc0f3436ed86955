"""Each batch keeps the codes it read as other codes, and the API gives them back (contract v2): a batch of
BPS codes is read through GET /api/v1/imports/{id} and the batch list with its [code as written, system,
stored code] rows, only of the regions the reader sees imports of."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cakupan.imports.models import ImportBatch
from cakupan.regions.tests.test_region_surfaces import BPS_FILE
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_the_api_gives_a_batchs_codes_as_written_and_as_stored_to_readers_of_its_regions(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.officer_a)
    upload = SimpleUploadedFile("bps.csv", BPS_FILE)
    assert client.post("/api/v1/imports", {"dataset": "workforce", "file": upload}).status_code == 201
    batch = ImportBatch.objects.get()
    detail = client.get(f"/api/v1/imports/{batch.pk}")
    assert detail.status_code == 200, detail.content
    body = detail.json()
    assert body["region_codes"] == [["5301", "bps", "53.12"], ["5371", "bps", "53.71"]]
    assert body["details"] == {}
    listed = client.get("/api/v1/imports", {"dataset": "workforce"})
    assert listed.status_code == 200 and listed.json()["items"][0]["region_codes"][0] == [
        "5301",
        "bps",
        "53.12",
    ]
    client.force_login(personas.national_analyst)
    assert client.get(f"/api/v1/imports/{batch.pk}").json()["region_codes"][1] == ["5371", "bps", "53.71"]
    client.force_login(personas.officer_b)
    assert client.get(f"/api/v1/imports/{batch.pk}").status_code == 404
    assert "53.12" not in client.get("/api/v1/imports").content.decode()
