"""A job's file through the API: `result_url` answers an API token (not a login page) with the file, for
every job the token may follow, and never with restricted figures of regions outside the token's."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.test import Client

from cakupan.accounts.tokens import token_create
from cakupan.jobs.models import Job
from cakupan.jobs.worker import worker_run
from tests.personas import streamed

pytestmark = pytest.mark.django_db


def _bearer(user: Any, regions: list[str]) -> dict[str, str]:
    _token, plain = token_create(user=user, name="t", role="REGIONAL_OFFICER", region_codes=regions, days=1)
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def _finished_report_of_53(officer: Any) -> Job:
    web = Client()
    web.force_login(officer)
    assert web.post("/laporan/53/2024-06.pdf/buat/", HTTP_HX_REQUEST="true").status_code == 200
    worker_run(stop=threading.Event(), once=True)
    job = Job.objects.get(kind="reports.one")
    assert job.status == Job.Status.DONE
    return job


def test_a_token_fetches_the_file_of_its_job_from_result_url(personas: Any, figures: None) -> None:
    job = _finished_report_of_53(personas.officer_a)
    client, auth = Client(), _bearer(personas.officer_a, ["53"])
    state = client.get(f"/api/v1/jobs/{job.pk}", **auth).json()
    assert state["result_url"] == f"/api/v1/jobs/{job.pk}/result"
    response = client.get(state["result_url"], **auth)
    assert response.status_code == 200 and response.streaming
    assert streamed(response).startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]


def test_a_token_for_part_of_the_region_does_not_get_what_was_made_for_the_whole(
    personas: Any, figures: None
) -> None:
    # The officer saw NTT's restricted figures when the report was made; a token of theirs for Kota
    # Kupang alone must not carry them away.
    job = _finished_report_of_53(personas.officer_a)
    client = Client()
    assert (
        client.get(f"/api/v1/jobs/{job.pk}/result", **_bearer(personas.officer_a, ["53.71"])).status_code
        == 404
    )


def test_another_region_s_token_or_no_token_gets_nothing(personas: Any, figures: None) -> None:
    job = _finished_report_of_53(personas.officer_a)
    client = Client()
    assert (
        client.get(f"/api/v1/jobs/{job.pk}/result", **_bearer(personas.officer_b, ["52"])).status_code == 404
    )
    assert client.get(f"/api/v1/jobs/{job.pk}/result").status_code == 401


def test_a_batch_asked_with_a_token_is_fetched_with_it(personas: Any, figures: None) -> None:
    client, auth = Client(), _bearer(personas.officer_a, ["53.71"])
    created = client.post(
        "/api/v1/reports/batch",
        {"level": "provinsi", "period": "2024-06", "format": "xlsx"},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 202, created.content
    worker_run(stop=threading.Event(), once=True)
    state = client.get(f"/api/v1/jobs/{created.json()['id']}", **auth).json()
    assert state["status"] == "done"
    response = client.get(state["result_url"], **auth)
    assert response.status_code == 200 and streamed(response)[:2] == b"PK"
