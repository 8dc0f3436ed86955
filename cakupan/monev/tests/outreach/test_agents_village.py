"""Perisai agents placed at village level (issue 23): a BUMDes belongs to its village; entered through the
form and the API like every register; the participants active in the agent's village are shown beside the
agent's own report as context, not as its achievement."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client

from cakupan.monev.outreach import services
from cakupan.monev.outreach.models import Agent
from cakupan.monev.tests.helpers import region
from tests.personas import PARTICIPATION_HEADER, Personas, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db

VILLAGE = "53.71.01.1001"


def _client(user: object = None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def test_an_officer_places_a_bumdes_in_its_village_through_the_form(personas: Personas) -> None:
    client = _client(personas.officer_a)
    response = client.post(
        "/monev/perisai-agen/baru/",
        {"region": "53.71", "village": VILLAGE, "name": "BUMDes Oebobo", "kind": "BUMDES"},
    )
    assert response.status_code == 302 and response["Location"] == "/monev/perisai/53.71/"
    assert Agent.objects.get().region_id == VILLAGE
    assert "BUMDes Oebobo" in client.get("/monev/perisai/53.71/").content.decode()


def test_a_village_outside_the_region_is_refused(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        services.agent_create(
            region=region("53.01"),
            village=region(VILLAGE),
            name="BUMDes",
            kind="BUMDES",
            since=None,
            by=personas.officer_a,
        )


def test_participants_active_in_the_village_are_context_beside_the_agents_report(personas: Personas) -> None:
    load(
        "participation", csv_bytes(PARTICIPATION_HEADER, participation_rows(VILLAGE, "2024-06", {"BPU": 40}))
    )
    client = _client(personas.officer_a)
    created = client.post(
        "/api/v1/monev/agents",
        {"region": VILLAGE, "name": "BUMDes Oebobo", "kind": "BUMDES"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["region_code"] == VILLAGE
    agent_id = created.json()["agent_id"]
    figure = client.post(
        f"/api/v1/monev/agents/{agent_id}/figures",
        {"period": "2024-06", "enrolled": 12, "active": 9},
        content_type="application/json",
    )
    assert figure.status_code == 200 and figure.json()["enrolled"] == 12
    [agent] = client.get("/api/v1/monev/agents/53.71").json()
    # The agent reported 9 active; 40 participants are active in the village, whoever enrolled them.
    assert (agent["active"], agent["village_active_participants"]) == (9, 40)
    page = client.get("/monev/perisai/53.71/").content.decode()
    assert "context, not the agent" in page and ">40<" in page.replace(" ", "")
    assert (
        client.get("/monev/perisai/53.71/?unduh=json").json()["rows"][0]["village_active_participants"] == 40
    )


def test_the_officer_of_ntb_cannot_add_read_or_report_ntts_agents(personas: Personas) -> None:
    agent = services.agent_create(
        region=region("53.71"), village=region(VILLAGE), name="BUMDes", kind="BUMDES", since=None, by=None
    )
    officer_b = _client(personas.officer_b)
    body = {"region": VILLAGE, "name": "BUMDes lain", "kind": "BUMDES"}
    assert officer_b.post("/api/v1/monev/agents", body, content_type="application/json").status_code == 403
    assert officer_b.get("/api/v1/monev/agents/53.71").status_code == 403
    figure = {"period": "2024-06", "enrolled": 1, "active": 1}
    response = officer_b.post(
        f"/api/v1/monev/agents/{agent.pk}/figures", figure, content_type="application/json"
    )
    assert response.status_code == 404
    assert _client().get("/api/v1/monev/agents/53.71").status_code == 401
    assert Agent.objects.count() == 1


AGENTS_HEADER = ("region_code", "name", "kind", "period", "enrolled", "active")


def test_agents_and_their_figures_are_imported_from_a_file_like_every_register(personas: Personas) -> None:
    from cakupan.monev.outreach.models import AgentFigure
    from cakupan.monev.tests.helpers import commit

    rows = [
        (VILLAGE, "BUMDes Oebobo", "bumdes", "2024-06", 120, 90),
        (VILLAGE, "BUMDes Oebobo", "bumdes", "2024-07", 130, 95),
        ("53.71", "Ibu Maria", "perorangan", "", "", ""),
    ]
    batch, plan = commit("perisai_agents", AGENTS_HEADER, rows, name="agen.csv")
    assert batch is not None and len(plan.new) == 3
    assert dict(Agent.objects.values_list("name", "region_id")) == {
        "BUMDes Oebobo": VILLAGE,
        "Ibu Maria": "53.71",
    }
    assert AgentFigure.objects.count() == 2
    # The same file changes nothing; a corrected month replaces that figure only.
    assert commit("perisai_agents", AGENTS_HEADER, rows, name="agen.csv")[0] is None
    corrected = [(VILLAGE, "BUMDes Oebobo", "bumdes", "2024-07", 130, 99)]
    batch, plan = commit("perisai_agents", AGENTS_HEADER, corrected, name="agen2.csv")
    assert batch is not None and len(plan.replaced) == 1
    assert AgentFigure.objects.get(period="2024-07").active == 99 and Agent.objects.count() == 2


def test_an_agents_file_with_problems_stores_nothing_and_ntb_cannot_import_ntts_agents(
    personas: Personas,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = csv_bytes(
        AGENTS_HEADER, [(VILLAGE, "BUMDes", "BUMDES", "2024-06", 10, 11), (VILLAGE, "X", "BUMDES", "", 5, "")]
    )
    response = _client(personas.officer_a).post(
        "/api/v1/monev/imports", {"dataset": "perisai_agents", "file": SimpleUploadedFile("agen.csv", bad)}
    )
    assert response.status_code == 422
    assert [p["column"] for p in response.json()["error"]["problems"]] == ["active", "period"]
    good = csv_bytes(AGENTS_HEADER, [(VILLAGE, "BUMDes", "BUMDES", "2024-06", 10, 9)])
    response = _client(personas.officer_b).post(
        "/api/v1/monev/imports", {"dataset": "perisai_agents", "file": SimpleUploadedFile("agen.csv", good)}
    )
    assert response.status_code == 422 and not Agent.objects.exists()
    response = _client(personas.officer_a).post(
        "/api/v1/monev/imports", {"dataset": "perisai_agents", "file": SimpleUploadedFile("agen.csv", good)}
    )
    assert response.status_code == 201 and Agent.objects.get().region_id == VILLAGE
