"""A NIK typed into a Monev form is refused on its field and never stored; a document named after one is
stored under a safe name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from cakupan.monev.meetings.models import Meeting, MeetingItem
from cakupan.monev.regulations.models import Document, Regulation
from cakupan.monev.tests.helpers import meeting, pdf
from tests.personas import Personas

pytestmark = pytest.mark.django_db

GROUPED = "3201 2345 0190 0001"
REFUSED = "holds what looks like a NIK; a NIK is never stored here: remove it"


def _client(user: object) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _regulation(**extra: object) -> dict[str, object]:
    return {
        "region": "53",
        "kind": "PERGUB",
        "number": "3 Tahun 2024",
        "issued_on": "2024-02-01",
        "title": "Optimalisasi Jaminan Sosial Ketenagakerjaan",
        "topics": ["VULNERABLE"],
    } | extra


def test_a_regulation_title_holding_a_nik_is_refused_with_the_reason_and_not_stored(
    personas: Personas,
) -> None:
    response = _client(personas.officer_a).post(
        "/monev/regulasi/baru/", _regulation(title=f"Penetapan peserta a.n. NIK {GROUPED}")
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not Regulation.objects.exists()


def test_meeting_institutions_holding_a_nik_are_refused(personas: Personas) -> None:
    response = _client(personas.officer_a).post(
        "/monev/rapat/baru/",
        {
            "region": "53",
            "held_on": "2024-07-10",
            "place": "Kupang",
            "institutions": "Disnaker\n3201234501900001",
        },
    )
    assert REFUSED in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_finding_holding_a_nik_is_refused_and_a_finding_with_other_numbers_is_kept(
    personas: Personas,
) -> None:
    held = meeting("53", personas.officer_a, held_on=dt.date(2024, 7, 10))
    client = _client(personas.officer_a)
    refused = client.post(f"/monev/rapat/{held.pk}/butir/", {"kind": "FINDING", "text": f"Pekerja {GROUPED}"})
    assert refused.status_code == 422 and REFUSED in refused.content.decode()
    assert not MeetingItem.objects.exists()
    kept = client.post(
        f"/monev/rapat/{held.pk}/butir/", {"kind": "FINDING", "text": "NPP 12345678 2024-06-30: 879.094 BPU"}
    )
    assert kept.status_code == 302 and MeetingItem.objects.get().text.startswith("NPP 12345678")


def test_a_document_named_after_a_nik_is_stored_under_a_safe_name(personas: Personas) -> None:
    response = _client(personas.officer_a).post(
        "/monev/regulasi/baru/", _regulation(document=pdf("perda 3201234501900001.pdf"))
    )
    assert response.status_code == 302
    name = Document.objects.get().original_name
    assert name.startswith("berkas-document-") and name.endswith(".pdf")
    assert "3201234501900001" not in name
