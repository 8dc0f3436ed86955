"""Issue 16 §2: a job is seen by its asker, by administrators and by whoever's identical request it
served; anyone else gets a 404, on the page, the download and the API. A failed job's error text is for
administrators; the others see a reference to quote."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.test import Client

from cakupan.jobs.models import Job
from cakupan.jobs.services import job_enqueue
from cakupan.jobs.tests import kinds  # noqa: F401  (registers the test job kind)
from cakupan.jobs.worker import worker_run
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.cookies["cakupan_lang"] = "en"
    client.force_login(user)
    return client


def _urls(job: Job) -> list[str]:
    page = f"/tugas/{job.pk}/"
    return [page, f"{page}?bagian=status", f"{page}unduh/", f"/api/v1/jobs/{job.pk}"]


def test_a_job_is_seen_by_its_asker_the_administrators_and_whom_it_served(personas: Personas) -> None:
    job, _ = job_enqueue(kind="test.count", params={"items": 2}, by=personas.officer_a)
    worker_run(stop=threading.Event(), once=True)
    # A role that could ask for the same work but did not is no reason to see it.
    for stranger in (personas.officer_b, personas.national_analyst, personas.bpjs_b, personas.licensing_a):
        client = _client(stranger)
        assert [client.get(url).status_code for url in _urls(job)] == [404] * 4, stranger.username
        assert f"/tugas/{job.pk}/" not in client.get("/tugas/").content.decode()
    for seer in (personas.officer_a, personas.national_admin):
        assert [_client(seer).get(url).status_code for url in _urls(job)] == [200] * 4
    served, created = job_enqueue(kind="test.count", params={"items": 2}, by=personas.officer_b)
    assert served == job and not created
    client = _client(personas.officer_b)
    assert [client.get(url).status_code for url in _urls(job)] == [200] * 4
    assert f"/tugas/{job.pk}/" in client.get("/tugas/").content.decode()
    assert _client(personas.bpjs_b).get(f"/api/v1/jobs/{job.pk}").status_code == 404


def test_a_failed_job_shows_its_error_to_administrators_and_a_reference_to_the_others(
    personas: Personas,
) -> None:
    job, _ = job_enqueue(kind="test.count", params={"items": 3, "fail_at": 1}, by=personas.officer_a)
    worker_run(stop=threading.Event(), once=True)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "Interrupted" in job.error
    asker = _client(personas.officer_a)
    page = asker.get(f"/tugas/{job.pk}/").content.decode()
    assert f"JOB-{job.pk}" in page and "Interrupted" not in page and "stopped at item" not in page
    answer = asker.get(f"/api/v1/jobs/{job.pk}").json()
    assert answer["error"] == "" and answer["error_reference"] == f"JOB-{job.pk}"
    admin = _client(personas.national_admin)
    assert "Interrupted: stopped at item 1" in admin.get(f"/tugas/{job.pk}/").content.decode()
    assert admin.get(f"/api/v1/jobs/{job.pk}").json()["error"] == "Interrupted: stopped at item 1"
