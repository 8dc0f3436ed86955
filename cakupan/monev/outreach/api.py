"""The API operations of outreach, under /api/v1/monev/ (included by the app's router)."""

from datetime import date
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from cakupan.common.api import READ_AUTH, WRITE_AUTH, Error, NikFreeText, error_body, responses
from cakupan.core.periods import PeriodError, parse_period
from cakupan.monev.api_parts import code_or_raw
from cakupan.monev.outreach import downloads, selectors, services
from cakupan.regions.selectors import region_get

router = Router(tags=["Monev"], auth=READ_AUTH)


class AgentOut(Schema):
    agent_id: int
    name: str
    kind: str
    region_code: str
    region_name: str
    since: date | None
    period: str | None = Field(..., description="The month of the agent's latest figure")
    enrolled: int | None
    active: int | None
    active_share: float | None
    village_active_participants: int | None = Field(
        ...,
        description="An agent placed in a village: every participant active in the village in the agent's "
        "month, whoever enrolled them (context, not the agent's achievement)",
    )


class AgentIn(Schema):
    region: str = Field(max_length=20, description="A region code; a village code places the agent there")
    name: NikFreeText = Field(min_length=1, max_length=200)
    kind: Literal["INDIVIDUAL", "BUMDES", "OTHER"]
    since: date | None = None


class AgentFigureIn(Schema):
    period: str = Field(pattern=r"^\d{4}-\d{2}$")
    enrolled: int = Field(ge=0, le=2_000_000_000)
    active: int = Field(ge=0, le=2_000_000_000)


class AgentFigureOut(Schema):
    agent_id: int
    period: str
    enrolled: int
    active: int


@router.get(
    path="/agents/{code}",
    auth=WRITE_AUTH,  # agents are people: a token or a session with a role for the region
    response=responses({200: list[AgentOut], 403: Error, 404: Error}),
    summary="Perisai agents of a region and the regions below it, with their latest figures",
)
def monev_agent_list(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    region = region_get(code=code_or_raw(code))
    if region is None:
        raise Http404("Unknown region code.")
    page = selectors.outreach_page(request.user, region=region)
    return downloads.agent_rows(page)


@router.post(
    path="/agents",
    auth=WRITE_AUTH,
    response=responses({201: AgentOut, 400: Error, 403: Error, 404: Error, 422: Error}),
    summary="Add a Perisai agent to a region or one of its villages (a BUMDes to its village)",
)
def monev_agent_create(request: HttpRequest, data: AgentIn) -> Any:
    """Needs `write_monev` for the region. A village enterprise (BUMDes) is placed in its village."""
    region = region_get(code=code_or_raw(data.region))
    if region is None:
        return Status(404, error_body("not_found", "Unknown region code."))
    parent = region
    village = None
    if region.level == region.Level.VILLAGE:
        village = region
        parent = region_get(code=".".join(region.code.split(".")[:2])) or region
    try:
        agent = services.agent_create(
            region=parent, village=village, name=data.name, kind=data.kind, since=data.since, by=request.user
        )
    except ValidationError as exc:
        return Status(422, error_body("invalid", " ".join(exc.messages)))
    rows = downloads.agent_rows(selectors.outreach_page(request.user, region=agent.region))
    return Status(201, next(r for r in rows if r["agent_id"] == agent.pk))


@router.post(
    path="/agents/{agent_id}/figures",
    auth=WRITE_AUTH,
    response=responses({200: AgentFigureOut, 400: Error, 403: Error, 404: Error, 422: Error}),
    summary="Record what a Perisai agent enrolled by the end of a month (a correction replaces it, audited)",
)
def monev_agent_figure(request: HttpRequest, agent_id: int, data: AgentFigureIn) -> Any:
    agent = selectors.agent_get(request.user, pk=agent_id)
    try:
        period = parse_period(data.period)
        figure = services.agent_figure_record(
            agent=agent, period=period, enrolled=data.enrolled, active=data.active, by=request.user
        )
    except PeriodError:
        return Status(422, error_body("invalid", "A month is written YYYY-MM, e.g. 2024-06."))
    except ValidationError as exc:
        return Status(422, error_body("invalid", " ".join(exc.messages)))
    return {
        "agent_id": agent.pk,
        "period": figure.period,
        "enrolled": figure.enrolled,
        "active": figure.active,
    }
