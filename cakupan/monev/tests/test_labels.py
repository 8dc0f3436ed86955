"""Monev pages show labels, never internal codes or the domain reference's citation tags (issue 19)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from cakupan.monev.meetings.models import Meeting
from cakupan.monev.meetings.services import meeting_item_add
from cakupan.monev.tests.helpers import meeting, regulation
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _page(url: str, user: object = None, lang: str = "id") -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_inpres_matrix_and_scorecard_show_no_instruction_keys_nor_citation_tags(
    personas: Personas, lang: str
) -> None:
    regulation("53", personas.officer_a, acts_on=("REGULATION", "BUDGET", "RKPD_APBD"))
    for url in ("/monev/inpres/00/", "/monev/inpres/53/", "/monev/skor/00/?tahun=2024"):
        page = _page(url, lang=lang)
        visible = page.split("<main", 1)[-1]
        for code in (">REGULATION<", ">BUDGET<", ">RKPD_APBD<", "[V:", "[M]", "no official weights found"):
            assert code not in visible, (url, code)
    matrix = _page("/monev/inpres/00/", lang=lang)
    assert ("Instruksi 1" if lang == "id" else "Instruction 1") in matrix


def test_a_follow_ups_recommendation_is_offered_by_its_kind_label(personas: Personas) -> None:
    m = meeting("53", personas.officer_a, held_on=dt.date(2024, 7, 10))
    meeting_item_add(meeting=m, kind="RECOMMENDATION", text="Anggarkan iuran", by=None)
    page = _page(f"/monev/rapat/{m.pk}/", personas.officer_a)
    assert "Rekomendasi: Anggarkan iuran" in page
    assert "RECOMMENDATION:" not in page


def test_a_meeting_names_its_other_regions_and_the_lists_filter_by_name(personas: Personas) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(personas.officer_a)
    response = client.post(
        "/monev/rapat/baru/",
        {
            "region": "53",
            "other_regions": ["Nusa Tenggara Barat", "Kota Kupang — Nusa Tenggara Timur (53.71)"],
            "held_on": "2024-07-10",
            "place": "Kupang",
            "institutions": "Kemenko PMK",
        },
    )
    assert response.status_code == 302
    m = Meeting.objects.get()
    assert sorted(m.other_regions.values_list("code", flat=True)) == ["52", "53.71"]
    assert client.get("/monev/rapat/?wilayah=Nusa Tenggara Timur").context["region_code"] == "53"
    refused = client.get("/monev/rapat/?wilayah=Atlantis")
    assert refused.status_code == 200 and "No region is named" in refused.content.decode()
    assert "Region code<" not in client.get("/monev/tindak-lanjut/terlambat/").content.decode()
