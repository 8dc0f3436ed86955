"""The employers upload goes through staging, a preview and a confirmation, like every other upload page:
nothing is stored before the user has seen what the file holds and what it would change."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cakupan.compliance.models import Employer, EmployerPosition
from cakupan.compliance.tests.helpers import employers_csv, load_employers, row
from cakupan.imports.models import ImportBatch
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["cakupan_lang"] = "en"
    return client


def _stage(client: Client, rows: list[tuple[object, ...]]) -> str:
    response = client.post("/kepatuhan/impor/", {"file": SimpleUploadedFile("e.csv", employers_csv(rows))})
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response["Location"])


def test_the_preview_shows_the_position_a_file_would_replace_before_anything_is_stored(
    personas: Personas,
) -> None:
    load_employers([row(registered=50)])
    client = _client(personas.compliance_a)
    preview = _stage(client, [row(registered=40)])
    body = client.get(preview).content.decode()
    assert "1 positions replace stored ones" in body and "Positions that change" in body
    assert "How the file was read" in body and 'action="' + preview + 'simpan/"' in body
    assert EmployerPosition.objects.get().registered_workers == 50
    assert client.post(f"{preview}simpan/").status_code == 302
    assert EmployerPosition.objects.get().registered_workers == 40


def test_a_staged_file_is_seen_and_stored_only_by_who_sent_it(personas: Personas) -> None:
    preview = _stage(_client(personas.compliance_a), [row()])
    other = _client(personas.bpjs_officer_a)
    assert other.get(preview).status_code == 404
    assert other.post(f"{preview}simpan/").status_code == 404
    assert not Employer.objects.exists() and not ImportBatch.objects.filter(dataset="employers").exists()


def test_a_file_refused_at_confirmation_stores_nothing_and_goes_back_to_its_preview(
    personas: Personas,
) -> None:
    # Valid when sent; by the time it is confirmed another import has given NPP2 the NIB the file names
    # as a second employer for the same month.
    client = _client(personas.compliance_a)
    preview = _stage(client, [row("NPP1", period="2026-06"), row("NPP2", period="2026-06")])
    load_employers([row("NPP1", period="2026-05")])
    Employer.objects.filter(key="NPP1").update(npp="NPP2")
    confirmed = client.post(f"{preview}simpan/")
    assert confirmed.status_code == 302 and confirmed["Location"] == preview
    body = client.get(preview).content.decode()
    assert "The file is refused" in body
    assert not EmployerPosition.objects.filter(period="2026-06").exists()
