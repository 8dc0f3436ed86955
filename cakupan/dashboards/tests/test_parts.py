"""The region page shows the parts other apps register into it (cakupan.dashboards.parts), in their order,
each for the readers its app allows: region B's inspector sees none of region A's compliance figures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from cakupan.dashboards import parts
from cakupan.dashboards.parts import RegionPart, landing_for, region_part_register, region_parts
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db

TIMELINE = "/monev/linimasa/53.71/"
SUMMARY = 'id="compliance-summary-53.71"'  # the compliance part


@pytest.fixture
def figures() -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53.71", "2023-06", "total", "654526", "Sakernas")]))
    rows = participation_rows("53.71", "2024-06", {"PU": 250_000}, {"PU": 1_000})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows), simulated=True)


@pytest.fixture
def extra_part() -> Iterator[RegionPart]:
    """A part registered the way an app registers one (between compliance and the Monev links), with
    the context it adds; taken away afterwards."""
    part = RegionPart(
        name="test-find",
        slot="registers",
        order=45,
        template="dashboards/_find.html",
        context=lambda user, page: {"find_form": None},
    )
    region_part_register(part)
    yield part
    del parts._PARTS[part.name]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_apps_above_dashboards_register_their_parts_in_the_order_of_the_page() -> None:
    registered = [(part.slot, part.name) for part in region_parts()]
    assert [name for slot, name in registered if slot == "registers"] == [
        "monev-figures",
        "poverty",
        "compliance",
        "monev-links",
    ]
    assert [name for slot, name in registered if slot == "top"] == ["tasks"]


def test_the_compliance_part_shows_region_a_to_its_inspector_and_not_to_region_bs(
    personas: Any, figures: None
) -> None:
    page_a = "/wilayah/53.71/?periode=2024-06"
    assert 'id="compliance-summary-53.71"' in _client(personas.compliance_a).get(page_a).content.decode()
    assert 'id="compliance-summary-53.71"' not in _client(personas.compliance_b).get(page_a).content.decode()
    assert (
        'id="compliance-summary-53.71"' not in Client(HTTP_ACCEPT_LANGUAGE="en").get(page_a).content.decode()
    )


def test_the_monev_links_offer_follow_ups_to_region_as_officer_only(personas: Any, figures: None) -> None:
    page_a = "/wilayah/53.71/?periode=2024-06"
    html_a = _client(personas.officer_a).get(page_a).content.decode()
    assert 'id="h-register"' in html_a
    assert f'href="{TIMELINE}"' in html_a
    html_b = _client(personas.officer_b).get(page_a).content.decode()
    assert 'id="h-register"' in html_b  # the registers' links are public
    assert f'href="{TIMELINE}"' not in html_b


def test_a_part_shows_only_while_registered(personas: Any, figures: None) -> None:
    page_a = "/wilayah/53.71/?periode=2024-06"
    assert 'class="find-region"' not in _client(personas.compliance_a).get(page_a).content.decode()


def test_a_part_registered_by_another_app_shows_in_its_order(
    personas: Any, figures: None, extra_part: RegionPart
) -> None:
    html = _client(personas.compliance_a).get("/wilayah/53.71/?periode=2024-06").content.decode()
    found = [html.index(text) for text in (SUMMARY, 'class="find-region"', 'id="h-register"')]
    assert found == sorted(found)


def test_the_landing_is_the_registered_one_and_the_public_has_none(personas: Any) -> None:
    assert landing_for(personas.officer_a) == "/wilayah/53/"
    assert landing_for(personas.national_analyst) is None
