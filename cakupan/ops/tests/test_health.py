"""The liveness and readiness endpoints a load balancer and an administrator poll."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cakupan.jobs.models import Job
from cakupan.ops import health

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_touching_the_database(client: Client) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sehat/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0
    assert "no-cache" in response.headers["Cache-Control"]


def test_a_migrated_instance_with_a_writable_data_folder_is_ready(client: Client) -> None:
    response = client.get("/siap/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name for name, check in body["checks"].items() if check["ok"]} == {
        "database",
        "migrations",
        "data_dir",
        "jobs",
    }


def test_unapplied_migrations_make_the_instance_unready(client: Client, monkeypatch: Any) -> None:
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(
        health.MigrationExecutor, "migration_plan", lambda self, targets: [("x", False), ("y", False)]
    )
    response = client.get("/siap/")
    assert response.status_code == 503
    check = response.json()["checks"]["migrations"]
    assert check == {"ok": False, "detail": "2 not applied: run `cakupan init`"}


def test_a_read_only_data_folder_makes_the_instance_unready(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path / "absent"
    response = client.get("/siap/")
    assert response.status_code == 503
    assert response.json()["checks"]["data_dir"] == {"ok": False, "detail": "not writable"}


def test_work_left_waiting_is_reported_but_pages_still_serve(client: Client) -> None:
    job = Job.objects.create(kind="charts.predraw", key="k" * 64)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=1))
    response = client.get("/siap/")
    assert response.status_code == 200
    check = response.json()["checks"]["jobs"]
    assert check["ok"] is False
    assert "is a worker running?" in check["detail"]


def test_readiness_reveals_no_configuration(client: Client, settings: Any) -> None:
    text = client.get("/siap/").content.decode()
    assert str(settings.DATA_DIR) not in text
    assert settings.DATABASES["default"]["NAME"] not in text


def test_probes_are_answered_by_address_over_plain_http_when_the_site_insists_on_https(
    client: Client, settings: Any
) -> None:
    settings.ALLOWED_HOSTS = ["cakupan.example.go.id"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/siap/", HTTP_HOST="10.0.0.5:8000").status_code == 200
    assert client.get("/sehat/", HTTP_HOST="10.0.0.5:8000").status_code == 200
    # Everything else still is refused by host and sent to https.
    assert client.get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400
    assert client.get("/", HTTP_HOST="cakupan.example.go.id").status_code == 301
