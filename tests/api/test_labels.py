"""Codes with their words across the API (issue 19 §3): regions name their kind and level, imports their
dataset, source and figures, background jobs their kind and status, each in the answer's language
(English without Accept-Language, Indonesian with `Accept-Language: id`); what a reader may not see stays
hidden whatever the language."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.personas import PARTICIPATION_HEADER, Personas, csv_bytes, participation_rows

pytestmark = pytest.mark.django_db

INDONESIAN = {"HTTP_ACCEPT_LANGUAGE": "id"}


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_a_region_and_its_ancestors_name_their_kind_and_level() -> None:
    english = _client().get("/api/v1/regions/53.71").json()
    assert (english["kind"], english["kind_label"], english["level_label"]) == (
        "kota",
        "city",
        "Regency/city",
    )
    assert [(a["code"], a["kind_label"]) for a in english["ancestors"]][-1] == ("53", "province")
    listed = _client().get("/api/v1/regions", {"parent": "53"}, **INDONESIAN).json()["items"]
    assert {r["code"]: r["kind_label"] for r in listed}["53.01"] == "kabupaten"


def _upload(client: Client, rows: list[tuple[object, ...]], **extra: str) -> dict[str, object]:
    upload = SimpleUploadedFile("peserta.csv", csv_bytes(PARTICIPATION_HEADER, rows))
    response = client.post("/api/v1/imports", {"dataset": "participation", "file": upload, **extra})
    assert response.status_code in (200, 201), response.content
    body: dict[str, object] = response.json()
    return body


def test_an_import_names_its_dataset_its_batches_their_source_and_each_figure_changed(
    personas: Personas,
) -> None:
    officer = _client(personas.bpjs_officer_a)
    checked = _upload(officer, participation_rows("53.71", "2024-06", {"PU": 100}), dry_run="true")
    assert (checked["dataset"], checked["dataset_label"]) == (
        "participation",
        "Participation (BPJS Ketenagakerjaan participants)",
    )
    _upload(officer, participation_rows("53.71", "2024-06", {"PU": 100}))
    second = _upload(officer, participation_rows("53.71", "2024-06", {"PU": 120}))
    batch = officer.get(f"/api/v1/imports/{second['batch_id']}", **INDONESIAN).json()
    assert (batch["source"], batch["source_label"]) == ("api", "API")
    assert batch["dataset_label"] == "Kepesertaan (peserta BPJS Ketenagakerjaan)"
    changes = officer.get(f"/api/v1/imports/{second['batch_id']}/changes").json()["items"]
    assert {(c["item"], c["item_label"]) for c in changes} == {("PU/active", "PU active")}
    # Counts are integers in JSON (120, not 120.0).
    assert [(c["old_value"], c["new_value"]) for c in changes] == [(100, 120)]
    assert all(type(c["old_value"]) is int and type(c["new_value"]) is int for c in changes)
    # Region B's officer sees none of A's batches, in any language.
    other = _client(personas.bpjs_b)
    assert other.get(f"/api/v1/imports/{second['batch_id']}", **INDONESIAN).status_code in (403, 404)
    assert other.get("/api/v1/imports").json()["items"] == []


def test_a_background_job_names_its_kind_and_status(personas: Personas) -> None:
    admin = _client(personas.national_admin)
    made = admin.post(
        "/api/v1/reports/batch",
        {"level": "provinsi", "period": "2024-06"},
        content_type="application/json",
        **INDONESIAN,
    )
    assert made.status_code == 202, made.content
    job = made.json()
    assert (job["status"], job["status_label"]) == ("queued", "Menunggu")
    assert job["kind_label"] and job["kind_label"] != job["kind"]
    followed = admin.get(f"/api/v1/jobs/{job['id']}").json()
    assert (followed["status_label"], followed["kind"]) == ("Waiting", job["kind"])
    assert _client(personas.officer_b).get(f"/api/v1/jobs/{job['id']}").status_code == 404
