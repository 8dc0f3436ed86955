from __future__ import annotations

import threading
from typing import Any

import pytest
from django.test import Client

from cakupan.jobs.services import job_enqueue
from cakupan.jobs.worker import worker_run

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.cookies["cakupan_lang"] = "en"
    client.force_login(user)
    return client


def test_the_asker_follows_the_progress_and_downloads_the_result(personas: Any) -> None:
    job, _ = job_enqueue(kind="test.count", params={"items": 4}, by=personas.officer_a)
    client = _client(personas.officer_a)
    waiting = client.get(f"/tugas/{job.pk}/?bagian=status", HTTP_HX_REQUEST="true")
    assert waiting.status_code == 200
    assert 'hx-trigger="every 1s"' in waiting.content.decode()
    assert client.get(f"/tugas/{job.pk}/unduh/").status_code == 404  # not done yet
    worker_run(stop=threading.Event(), once=True)
    done = client.get(f"/tugas/{job.pk}/").content.decode()
    assert "every 1s" not in done
    assert 'value="100"' in done
    assert "Download count.txt" in done
    download = client.get(f"/tugas/{job.pk}/unduh/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"4"  # type: ignore[attr-defined]
    assert f"/tugas/{job.pk}/" in client.get("/tugas/").content.decode()


def test_another_user_sees_a_job_only_once_it_served_their_identical_request(personas: Any) -> None:
    private, _ = job_enqueue(kind="test.count", params={"items": 1}, by=personas.officer_a)
    other = _client(personas.officer_b)
    assert other.get(f"/tugas/{private.pk}/").status_code == 404
    assert f"/tugas/{private.pk}/" not in other.get("/tugas/").content.decode()
    assert _client(personas.national_admin).get(f"/tugas/{private.pk}/").status_code == 200
    assert Client().get(f"/tugas/{private.pk}/").status_code == 302  # to the login
    same, created = job_enqueue(kind="test.count", params={"items": 1}, by=personas.officer_b)
    assert same == private and not created
    assert other.get(f"/tugas/{private.pk}/").status_code == 200
    assert f"/tugas/{private.pk}/" in other.get("/tugas/").content.decode()
