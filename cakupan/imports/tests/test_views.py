from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from cakupan.imports import registry
from cakupan.imports.models import ImportBatch
from cakupan.imports.templatetags.import_format import figure
from cakupan.indicators.models import ParticipationFigure
from tests.personas import PARTICIPATION_HEADER, Personas, csv_bytes, participation_rows

pytestmark = pytest.mark.django_db

GOOD = csv_bytes(PARTICIPATION_HEADER, participation_rows("53.01", "2024-06", {"PU": 10, "BPU": 5}))
BAD = csv_bytes(
    PARTICIPATION_HEADER, [("53.01", "2024-13", "PU", "active", "10"), ("99", "2024-06", "PU", "active", "x")]
)


@pytest.fixture
def officer(client: Client, personas: Personas) -> User:
    """The BPJS branch officer for Kota Kupang (53.71) and Sumba Barat (53.01): imports participation."""
    client.force_login(personas.bpjs_officer_a)
    return personas.bpjs_officer_a


def _upload(client: Client, content: bytes, name: str = "peserta.csv") -> str:
    response = client.post("/impor/", {"dataset": "participation", "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    return str(response["Location"])


def _token(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def test_a_valid_upload_is_previewed_then_committed(client: Client, officer: User) -> None:
    preview_url = _upload(client, GOOD)
    html = client.get(preview_url).content.decode()
    assert 'data-plan="new"' in html and ParticipationFigure.objects.count() == 0
    response = client.post(f"/impor/pratinjau/{_token(preview_url)}/simpan/")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/impor/batch/{batch.pk}/"
    assert (batch.uploaded_by, batch.source, batch.actor, batch.rows) == (officer, "web", "bpjs_kupang", 2)
    assert ParticipationFigure.objects.count() == 2
    assert client.get(response["Location"]).status_code == 200


def _refused(client: Client, content: bytes) -> str:
    response = client.post(
        "/impor/", {"dataset": "participation", "file": SimpleUploadedFile("x.csv", content)}
    )
    assert response.status_code == 422
    return response.content.decode()


def test_a_refused_upload_shows_every_problem_and_stores_nothing(client: Client, officer: User) -> None:
    html = _refused(client, BAD)
    rows = re.findall(r'<td class="num">(\d+)</td><td>([a-z_]+)</td>', html)
    assert ("2", "period") in rows and ("3", "participants") in rows and ("3", "region_code") in rows
    assert "Tidak ada data yang disimpan" in html
    assert ImportBatch.objects.count() == 0 and ParticipationFigure.objects.count() == 0


def test_a_refused_upload_is_not_kept_even_for_its_preview(
    client: Client, officer: User, settings: Any
) -> None:
    _refused(client, BAD)
    staged = Path(settings.MEDIA_ROOT) / "staging"
    assert not staged.exists() or not any(staged.rglob("*"))
    assert "/simpan/" not in _refused(client, BAD)  # nothing to commit: no confirm form


def test_another_user_cannot_open_or_commit_a_staged_upload(
    client: Client, officer: User, personas: Personas
) -> None:
    preview_url = _upload(client, GOOD)
    client.force_login(personas.national_admin)
    assert client.get(preview_url).status_code == 404
    assert client.post(f"/impor/pratinjau/{_token(preview_url)}/simpan/").status_code == 404
    assert ImportBatch.objects.count() == 0


def test_importing_needs_a_login_and_an_importing_role(client: Client, personas: Personas) -> None:
    response = client.get("/impor/")
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    client.force_login(User.objects.create_user("reader", password="a-long-passphrase"))
    assert client.get("/impor/").status_code == 403
    client.force_login(personas.licensing_a)
    assert client.get("/impor/").status_code == 403


def test_rows_outside_the_officers_regions_are_refused(client: Client, officer: User) -> None:
    other_region = csv_bytes(PARTICIPATION_HEADER, participation_rows("52.01", "2024-06", {"PU": 10}))
    html = _refused(client, other_region)
    assert "52.01" in html and "data-plan" not in html
    assert ImportBatch.objects.count() == 0


def test_an_officer_may_not_import_a_dataset_outside_their_role(client: Client, officer: User) -> None:
    response = client.post("/impor/", {"dataset": "targets", "file": SimpleUploadedFile("t.csv", b"x")})
    assert response.status_code == 200 and ImportBatch.objects.count() == 0
    select = response.content.decode().split('id="id_dataset"')[1].split("</select>")[0]
    assert "targets" not in select and "participation" in select


def test_a_batch_of_region_a_is_hidden_from_the_officer_of_region_b(
    client: Client, officer: User, personas: Personas
) -> None:
    client.post(f"/impor/pratinjau/{_token(_upload(client, GOOD))}/simpan/")
    batch = ImportBatch.objects.get()
    client.force_login(personas.officer_b)
    assert client.get(f"/impor/batch/{batch.pk}/").status_code == 404
    assert f"/impor/batch/{batch.pk}/" not in client.get("/impor/").content.decode()
    client.force_login(personas.officer_a)
    assert client.get(f"/impor/batch/{batch.pk}/").status_code == 200


def test_the_same_file_twice_commits_nothing_the_second_time(client: Client, officer: User) -> None:
    for _ in range(2):
        client.post(f"/impor/pratinjau/{_token(_upload(client, GOOD))}/simpan/")
    assert ImportBatch.objects.count() == 1


def test_replaced_figures_and_the_file_size_are_written_the_way_the_language_writes_them(
    client: Client, officer: User
) -> None:
    before = csv_bytes(PARTICIPATION_HEADER, participation_rows("53.01", "2024-06", {"PU": 104_933}))
    client.post(f"/impor/pratinjau/{_token(_upload(client, before))}/simpan/")
    after = csv_bytes(PARTICIPATION_HEADER, participation_rows("53.01", "2024-06", {"PU": 99_999}))
    preview_url = _upload(client, after)
    changes = client.get(preview_url).content.decode().split('id="as-read"')[0]  # the table of changes
    cells = re.findall(r'<td class="num">([^<]*)</td>', changes)
    assert cells[-2:] == ["104.933", "99.999"]
    client.post(f"/impor/pratinjau/{_token(preview_url)}/simpan/")
    batch = ImportBatch.objects.latest("pk")
    page = client.get(f"/impor/batch/{batch.pk}/").content.decode()
    assert re.findall(r'<td class="num">([^<]*)</td>', page)[-2:] == ["104.933", "99.999"]
    assert f"({batch.size_bytes} bita)" in page
    client.cookies["cakupan_lang"] = "en"
    page = client.get(f"/impor/batch/{batch.pk}/").content.decode()
    assert re.findall(r'<td class="num">([^<]*)</td>', page)[-2:] == ["104,933", "99,999"]
    assert f"({batch.size_bytes} bytes)" in page


@pytest.mark.parametrize(
    "value, lang, shown",
    [
        (Decimal("67.2800"), "id", "67,28"),
        (Decimal("67.2800"), "en", "67.28"),
        (Decimal("1654526.0000"), "id", "1.654.526"),
        (1_654_526, "en", "1,654,526"),
        (Decimal("0.1250"), "id", "0,125"),
    ],
)
def test_import_figures_keep_their_decimals_and_group_thousands(value: Any, lang: str, shown: str) -> None:
    with translation.override(lang):
        assert figure(value) == shown


def test_the_recent_batches_name_their_dataset_in_words(client: Client, personas: Personas) -> None:
    client.force_login(personas.national_admin)
    upload = SimpleUploadedFile(
        "x.csv", csv_bytes(PARTICIPATION_HEADER, participation_rows("53.01", "2024-06", {"PU": 3}))
    )
    staged = client.post("/impor/", {"dataset": "participation", "file": upload})
    client.post(staged["Location"].rstrip("/") + "/simpan/")
    html = client.get("/impor/").content.decode()
    with translation.override("id"):
        words = str(registry.get("participation").label)
    assert f"<td>{words}</td>" in html and "<td>participation</td>" not in html
