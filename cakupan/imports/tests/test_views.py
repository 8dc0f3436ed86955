from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cakupan.common.testing import PARTICIPATION_HEADER, csv_bytes, participation_rows
from cakupan.imports.models import ImportBatch
from cakupan.indicators.models import ParticipationFigure

pytestmark = pytest.mark.django_db

GOOD = csv_bytes(PARTICIPATION_HEADER, participation_rows("53.01", "2024-06", {"PU": 10, "BPU": 5}))
BAD = csv_bytes(
    PARTICIPATION_HEADER, [("53.01", "2024-13", "PU", "active", "10"), ("99", "2024-06", "PU", "active", "x")]
)


@pytest.fixture
def officer(client: Client) -> User:
    user = User.objects.create_user("officer", password="a-long-passphrase")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_importbatch", "view_importbatch"])
    )
    client.force_login(user)
    return user


def _upload(client: Client, content: bytes, name: str = "peserta.csv") -> str:
    response = client.post("/impor/", {"dataset": "participation", "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    return str(response["Location"])


def test_a_valid_upload_is_previewed_then_committed(client: Client, officer: User) -> None:
    preview_url = _upload(client, GOOD)
    html = client.get(preview_url).content.decode()
    assert 'data-plan="new"' in html and ParticipationFigure.objects.count() == 0
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    response = client.post(f"/impor/pratinjau/{token}/simpan/")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/impor/batch/{batch.pk}/"
    assert (batch.uploaded_by, batch.source, batch.actor, batch.rows) == (officer, "web", "officer", 2)
    assert ParticipationFigure.objects.count() == 2
    assert client.get(response["Location"]).status_code == 200


def test_a_refused_upload_shows_every_problem_and_stores_nothing(client: Client, officer: User) -> None:
    html = client.get(_upload(client, BAD)).content.decode()
    rows = re.findall(r'<td class="num">(\d+)</td><td>([a-z_]+)</td>', html)
    assert ("2", "period") in rows and ("3", "participants") in rows and ("3", "region_code") in rows
    assert "Tidak ada data yang disimpan" in html
    assert ImportBatch.objects.count() == 0 and ParticipationFigure.objects.count() == 0


def test_a_refused_upload_cannot_be_committed(client: Client, officer: User) -> None:
    token = _upload(client, BAD).rstrip("/").rsplit("/", 1)[1]
    client.post(f"/impor/pratinjau/{token}/simpan/")
    assert ImportBatch.objects.count() == 0


def test_another_user_cannot_open_or_commit_a_staged_upload(client: Client, officer: User) -> None:
    preview_url = _upload(client, GOOD)
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    other = User.objects.create_user("other", password="a-long-passphrase")
    other.user_permissions.add(*Permission.objects.filter(codename__in=["add_importbatch"]))
    client.force_login(other)
    assert client.get(preview_url).status_code == 404
    assert client.post(f"/impor/pratinjau/{token}/simpan/").status_code == 404
    assert ImportBatch.objects.count() == 0


def test_importing_needs_a_login_and_the_permission(client: Client) -> None:
    response = client.get("/impor/")
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    client.force_login(User.objects.create_user("reader", password="a-long-passphrase"))
    assert client.get("/impor/").status_code == 403


def test_the_same_file_twice_commits_nothing_the_second_time(client: Client, officer: User) -> None:
    for _ in range(2):
        token = _upload(client, GOOD).rstrip("/").rsplit("/", 1)[1]
        client.post(f"/impor/pratinjau/{token}/simpan/")
    assert ImportBatch.objects.count() == 1
