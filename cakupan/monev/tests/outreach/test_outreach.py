from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from cakupan.audit.models import AuditEvent
from cakupan.monev.outreach import selectors, services
from cakupan.monev.outreach.models import Agent, AgentFigure, Socialisation
from cakupan.monev.tests.helpers import region
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _client(user: object = None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def test_an_officer_adds_an_agent_and_its_monthly_figures(personas: Personas) -> None:
    client = _client(personas.officer_a)
    response = client.post(
        "/monev/perisai-agen/baru/", {"region": "53.71", "name": "BUMDes Oebelo", "kind": "BUMDES"}
    )
    assert response.status_code == 302
    agent = Agent.objects.get()
    assert (
        client.post(
            f"/monev/perisai-agen/{agent.pk}/capaian/", {"period": "2024-06", "enrolled": 120, "active": 90}
        ).status_code
        == 302
    )
    refused = client.post(
        f"/monev/perisai-agen/{agent.pk}/capaian/", {"period": "2024-07", "enrolled": 10, "active": 11}
    )
    assert "Participants kept active cannot exceed those enrolled." in refused.content.decode()
    client.post(
        f"/monev/perisai-agen/{agent.pk}/capaian/", {"period": "2024-07", "enrolled": 130, "active": 100}
    )
    page = selectors.outreach_page(personas.officer_a, region=region("53"))
    [line] = page.agents
    assert line.latest is not None and (line.latest.period, line.latest.active) == ("2024-07", 100)
    assert AgentFigure.objects.count() == 2
    assert AuditEvent.objects.filter(entity_type="monev.agent", region_code="53.71").exists()


def test_socialisation_activities_are_recorded_with_audience_date_and_place(personas: Personas) -> None:
    response = _client(personas.officer_a).post(
        "/monev/sosialisasi/baru/",
        {
            "region": "53",
            "held_on": "2024-08-17",
            "place": "Pasar Oeba",
            "audience": "Pedagang pasar",
            "attendees": 80,
        },
    )
    assert response.status_code == 302
    page = _client(personas.officer_a).get("/monev/perisai/53/").content.decode()
    assert "Pasar Oeba" in page and "Pedagang pasar" in page
    assert Socialisation.objects.get().created_by == personas.officer_a


def test_the_officer_of_ntb_never_sees_or_edits_ntt_agents(personas: Personas) -> None:
    agent = services.agent_create(
        region=region("53"),
        name="Agen NTT",
        kind="INDIVIDUAL",
        since=dt.date(2023, 1, 1),
        by=personas.officer_a,
    )
    client = _client(personas.officer_b)
    assert client.get("/monev/perisai/53/").status_code == 403
    assert (
        client.post(
            f"/monev/perisai-agen/{agent.pk}/capaian/", {"period": "2024-06", "enrolled": 1, "active": 1}
        ).status_code
        == 404
    )
    assert (
        client.post("/monev/perisai-agen/baru/", {"region": "53", "name": "x", "kind": "OTHER"}).status_code
        == 200
    )
    assert Agent.objects.count() == 1 and not AgentFigure.objects.exists()
    assert _client().get("/monev/perisai/53/").status_code == 302
