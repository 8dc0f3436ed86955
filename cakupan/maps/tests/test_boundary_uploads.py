"""Boundaries come in through the API and the admin's import page as through the command line: the whole
file checked, every problem listed and nothing stored, or one import batch that the batch page shows."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cakupan.imports.models import ImportBatch
from cakupan.maps.models import Boundary
from cakupan.maps.tests.geojson import collection, feature, ntt_three, polygon
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def geojson(document: Any, name: str = "batas.geojson") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(document).encode(), content_type="application/geo+json")


def test_a_national_administrator_uploads_boundaries_over_the_api_as_one_batch(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.national_admin)
    dry = client.post("/api/v1/maps/boundaries", {"file": geojson(ntt_three()), "dry_run": "true"})
    assert dry.status_code == 200 and dry.json()["new"] == 3 and not Boundary.objects.exists()
    stored = client.post("/api/v1/maps/boundaries", {"file": geojson(ntt_three())})
    assert stored.status_code == 201, stored.content
    batch = ImportBatch.objects.get(pk=stored.json()["batch_id"])
    assert (batch.dataset, batch.source, batch.uploaded_by) == ("boundaries", "api", personas.national_admin)
    again = client.post("/api/v1/maps/boundaries", {"file": geojson(ntt_three())})
    assert again.status_code == 200 and again.json()["unchanged"] == 3


def test_a_broken_file_over_the_api_lists_every_problem_and_stores_nothing(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.national_admin)
    broken = collection(feature("53.01", polygon(123.7, -10.0)), feature("99.99", polygon(300, 100)))
    response = client.post("/api/v1/maps/boundaries", {"file": geojson(broken)})
    assert response.status_code == 422
    problems = response.json()["error"]["problems"]
    assert problems and all(p["row"] == 2 for p in problems)
    assert not Boundary.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.parametrize("who", ["officer_a", "national_analyst", "bpjs_officer_a"])
def test_nobody_but_a_national_administrator_may_upload_boundaries(
    client: Client, personas: Personas, who: str
) -> None:
    client.force_login(getattr(personas, who))
    response = client.post("/api/v1/maps/boundaries", {"file": geojson(ntt_three())})
    assert response.status_code == 403 and not Boundary.objects.exists()


def test_the_admin_import_page_stores_a_file_and_links_its_batch_whose_page_lists_what_it_replaced(
    client: Client, personas: Personas
) -> None:
    admin = personas.national_admin
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    client.force_login(admin)
    page = client.get("/admin/maps/boundary/")
    assert "/admin/maps/boundary/impor/" in page.content.decode()
    client.post("/admin/maps/boundary/impor/", {"file": geojson(ntt_three())})
    moved = ntt_three()
    moved["features"][1]["geometry"] = polygon(123.8, -10.0, 0.4)
    response = client.post("/admin/maps/boundary/impor/", {"file": geojson(moved, "batas-2.geojson")})
    batch = ImportBatch.objects.filter(dataset="boundaries").order_by("-pk").first()
    assert batch is not None and batch.source == "web"
    assert f"/impor/batch/{batch.pk}/" in response.content.decode()
    shown = client.get(f"/impor/batch/{batch.pk}/").content.decode()
    assert "batas.geojson" in shown and "53.01" in shown  # the boundary replaced and the file it came from


def test_the_admin_import_page_refuses_a_staff_member_without_the_capability(
    client: Client, personas: Personas
) -> None:
    analyst = personas.national_analyst
    analyst.is_staff = True
    analyst.save(update_fields=["is_staff"])
    client.force_login(analyst)
    assert client.get("/admin/maps/boundary/impor/").status_code == 403
