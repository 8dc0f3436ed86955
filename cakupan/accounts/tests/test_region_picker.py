from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from cakupan.accounts.region_picker.picker import (
    PickerFormMixin,
    PickRules,
    RegionField,
    RegionsField,
    region_label,
    region_search,
    regions_resolve,
)
from cakupan.regions.models import Region
from tests.personas import Personas

pytestmark = pytest.mark.django_db
PUBLIC = AnonymousUser()


class OneForm(PickerFormMixin, forms.Form):
    wilayah = RegionField(label="Region", rules=PickRules(cap="write_monev"))


class FiguresForm(PickerFormMixin, forms.Form):
    wilayah = RegionField(label="Region")


class ManyForm(PickerFormMixin, forms.Form):
    wilayah = RegionsField(label="Regions", max_count=2, required=False)


def test_a_region_is_labelled_with_its_parents_up_to_the_province() -> None:
    assert region_label(Region.objects.get(code="53.71")) == "Kota Kupang — Nusa Tenggara Timur"
    assert region_label(Region.objects.get(code="53")) == "Nusa Tenggara Timur"
    district = Region.objects.filter(parent_id="53.71").first()
    assert district is not None
    assert region_label(district) == f"{district.name} — Kota Kupang, Nusa Tenggara Timur"


def test_search_finds_by_words_of_the_name_or_by_code_higher_levels_first() -> None:
    found = [r.code for r in region_search(PUBLIC, text="kupang", rules=PickRules())]
    assert found[:2] == ["53.01", "53.71"]  # Kabupaten Kupang, Kota Kupang: regencies, by name
    assert [r.code for r in region_search(PUBLIC, text="kota kup", rules=PickRules())] == ["53.71"]
    assert [r.code for r in region_search(PUBLIC, text="5371", rules=PickRules())] == ["53.71"]
    assert region_search(PUBLIC, text="   ", rules=PickRules()) == []


def test_the_public_is_offered_no_district_a_role_holder_is_offered_those_of_their_region(
    personas: Personas,
) -> None:
    rules = PickRules()
    assert all(r.level <= 2 for r in region_search(PUBLIC, text="53.71", rules=rules))
    mine = region_search(personas.officer_a, text="53.71", rules=rules)
    assert any(r.level == 3 for r in mine)
    assert all(r.level <= 2 for r in region_search(personas.officer_b, text="53.71", rules=rules))
    national = region_search(personas.national_analyst, text="53.71", rules=rules)
    assert any(r.level == 3 for r in national)


def test_with_a_capability_only_the_regions_where_the_user_holds_it(personas: Personas) -> None:
    rules = PickRules(cap="write_monev")
    assert region_search(personas.officer_b, text="Nusa Tenggara Timur", rules=rules) == []
    assert [r.code for r in region_search(personas.officer_a, text="Nusa Tenggara Timur", rules=rules)] == [
        "53"
    ]
    refused = OneForm({"wilayah": "53"}, user=personas.officer_b)
    assert not refused.is_valid()
    assert "Nusa Tenggara Timur" in refused.errors["wilayah"][0]
    mine = OneForm({"wilayah": "52.71"}, user=personas.officer_b)
    assert mine.is_valid(), mine.errors
    assert mine.cleaned_data["wilayah"].code == "52.71"


def test_a_code_an_exact_name_or_a_picked_label_resolves_and_a_shared_name_asks_which(
    personas: Personas,
) -> None:
    rules = PickRules()
    texts = ["5371", "nusa tenggara barat", "Kota Kupang — Nusa Tenggara Timur (53.71)", "53"]
    resolved = regions_resolve(PUBLIC, texts=texts, rules=rules)
    assert [r.code for r in resolved.regions] == ["53.71", "52", "53"]
    assert resolved.problems == []
    unknown = regions_resolve(PUBLIC, texts=["Atlantis", "99"], rules=rules)
    assert unknown.regions == [] and len(unknown.problems) == 2
    assert "Atlantis" in unknown.problems[0] and "99" in unknown.problems[1]
    # A district and a village of Kota Kupang share the name Alak: asked which, never guessed.
    officer = personas.officer_a
    ambiguous = regions_resolve(officer, texts=["alak"], rules=rules)
    assert ambiguous.regions == [] and "(53.71." in ambiguous.problems[0]
    assert regions_resolve(officer, texts=["alak"], rules=PickRules(max_level=3)).regions[0].level == 3


def test_the_multiple_field_refuses_a_region_over_its_limit_by_name() -> None:
    form = ManyForm({"wilayah": ["53", "52", "Kota Kupang"]}, user=PUBLIC)
    assert not form.is_valid()
    assert "Kota Kupang" in str(form.errors["wilayah"])
    ok = ManyForm({"wilayah": ["53, 52"]}, user=PUBLIC)
    assert ok.is_valid() and [r.code for r in ok.cleaned_data["wilayah"]] == ["53", "52"]


def test_the_widget_shows_picked_regions_by_name_and_submits_their_codes() -> None:
    html = str(ManyForm({"wilayah": ["53", "nusa"]}, user=PUBLIC)["wilayah"])
    assert 'type="checkbox" name="wilayah" value="53" checked' in html
    assert "Nusa Tenggara Timur" in html and 'value="nusa"' in html
    assert 'role="combobox"' in html and 'aria-expanded="false"' in html
    single = str(FiguresForm(initial={"wilayah": "53.71"}, user=PUBLIC)["wilayah"])
    assert 'value="Kota Kupang — Nusa Tenggara Timur (53.71)"' in single
    assert 'data-picker-code="53.71"' in single


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_type_ahead_lists_matches_with_parents_and_keeps_within_what_the_user_may_pick(
    personas: Personas,
) -> None:
    public = _client(None).get("/pilih-wilayah/", {"q": "kupang", "daftar": "id_wilayah-list"})
    assert public.status_code == 200
    body = public.content.decode()
    assert 'data-code="53.71"' in body and "Kota Kupang — Nusa Tenggara Timur" in body
    assert 'id="id_wilayah-list-o1"' in body and 'role="option"' in body
    districts = _client(None).get("/pilih-wilayah/", {"q": "53.71."}).content.decode()
    assert 'data-code="53.71"' in districts and 'data-code="53.71.' not in districts
    none = _client(None).get("/pilih-wilayah/", {"q": "Atlantis"}).content.decode()
    assert "data-code=" not in none and "picker-none" in none and "Atlantis" in none
    own = _client(personas.officer_a).get("/pilih-wilayah/", {"q": "53.71."}).content.decode()
    assert 'data-code="53.71.' in own
    other = _client(personas.officer_b).get("/pilih-wilayah/", {"q": "53", "hak": "write_monev"})
    assert "data-code" not in other.content.decode()
    odd = _client(None).get("/pilih-wilayah/", {"q": "kupang", "tingkat": "x", "daftar": "<b>"})
    assert odd.status_code == 200 and "<b>" not in odd.content.decode()
