"""The participant pages choose regions by name (issue 19): the regions a participant file is complete for
and the region of a list to match are picked like every other region, among the user's own, and the
preview names the places it removes figures of in words; an officer of region B is offered none of A's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cakupan.accounts.region_picker.picker import region_label
from cakupan.participants.forms import MatchUploadForm, ParticipantsUploadForm
from cakupan.participants.tests.test_covers import CITY, MONTH, OTHER_VILLAGE, aggregate, figure, three_rows
from cakupan.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"


def _file(content: bytes = b"nik_hash\n") -> SimpleUploadedFile:
    return SimpleUploadedFile("tiga.parquet", content, content_type="application/octet-stream")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_covered_regions_are_taken_by_name_by_picked_label_or_by_code(personas: Any) -> None:
    # The Kupang branch imports for Kota Kupang (53.71) and Kabupaten Kupang (53.01).
    data = {"covers": ["Kota Kupang", "Kabupaten Kupang — Nusa Tenggara Timur (53.01)"]}
    form = ParticipantsUploadForm(data, {"file": _file()}, user=personas.bpjs_officer_a)
    assert form.is_valid(), form.errors
    assert [r.code for r in form.cleaned_data["covers"]] == ["53.71", "53.01"]
    by_code = ParticipantsUploadForm({"covers": ["5371"]}, {"file": _file()}, user=personas.bpjs_officer_a)
    assert by_code.is_valid() and [r.code for r in by_code.cleaned_data["covers"]] == ["53.71"]
    empty = ParticipantsUploadForm({"covers": [""]}, {"file": _file()}, user=personas.bpjs_officer_a)
    assert empty.is_valid() and empty.cleaned_data["covers"] == []


def test_a_region_outside_the_officers_import_regions_is_refused_by_name(personas: Any) -> None:
    form = ParticipantsUploadForm({"covers": ["Kota Kupang"]}, {"file": _file()}, user=personas.bpjs_b)
    assert not form.is_valid()
    assert form.errors["covers"] == ["Kota Kupang — Nusa Tenggara Timur cannot be chosen here."]
    unknown = ParticipantsUploadForm({"covers": ["Atlantis"]}, {"file": _file()}, user=personas.bpjs_b)
    assert not unknown.is_valid() and "No region is named Atlantis" in unknown.errors["covers"][0]


def test_the_picker_offers_the_officer_only_their_import_regions(personas: Any) -> None:
    form = ParticipantsUploadForm(user=personas.bpjs_officer_a)
    html = str(form["covers"])
    assert 'role="combobox"' in html and "hak=import_participation" in html
    url = reverse("regions:picker-matches")
    rules = {"hak": "import_participation", "dari": "0", "tingkat": "4"}
    officer = _client(personas.bpjs_officer_a)
    mine = officer.get(url, {"q": "kota kupang", **rules}).content.decode()
    assert 'data-code="53.71"' in mine
    assert 'data-code="53.12"' not in officer.get(url, {"q": "sumba barat", **rules}).content.decode()
    theirs = _client(personas.bpjs_b).get(url, {"q": "kota kupang", **rules}).content.decode()
    assert 'data-code="53.71"' not in theirs


def test_the_preview_names_the_covered_region_and_the_villages_it_removes_figures_of(
    tmp_path: Path, personas: Any
) -> None:
    aggregate([(OTHER_VILLAGE, MONTH, "BPU", "active", 7)])
    content = three_rows(tmp_path).read_bytes()
    upload = {"file": _file(content), "covers": "Kota Kupang", "action": "check"}
    page = _client(personas.bpjs_officer_a).post(reverse("participants:import"), upload)
    html = page.content.decode()
    village = region_label(Region.objects.get(code=OTHER_VILLAGE))
    assert "Declared complete for: Kota Kupang — Nusa Tenggara Timur" in html
    assert "3 records of 3 people, June 2024." in html  # the month in words
    assert 'id="removed"' in html and village in html and "June 2024" in html
    assert figure(OTHER_VILLAGE, "BPU") == 7  # a check stores nothing
    # Region B's officer names Kota Kupang and is refused, with nothing stored.
    refused = _client(personas.bpjs_b).post(reverse("participants:import"), {**upload, "action": "import"})
    assert "cannot be chosen here" in refused.content.decode() and figure(OTHER_VILLAGE, "BPU") == 7


def test_a_list_to_match_takes_its_region_by_name_among_the_users_regions(personas: Any) -> None:
    data = {"name": "Honorer", "region": "Kota Kupang", "period": ""}
    mine = MatchUploadForm(data, {"file": _file()}, user=personas.bpjs_officer_a)
    assert mine.is_valid(), mine.errors
    assert mine.cleaned_data["region"].code == CITY
    other = MatchUploadForm(data, {"file": _file()}, user=personas.officer_b)
    assert not other.is_valid() and "cannot be chosen here" in other.errors["region"][0]
