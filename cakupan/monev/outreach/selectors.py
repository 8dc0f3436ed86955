"""Reading outreach records: the agents and socialisation activities of a region and below (names of
people: a role for the region is needed)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from cakupan.indicators import formulas
from cakupan.indicators.models import ParticipationFigure
from cakupan.monev.outreach.models import Agent, AgentFigure, Socialisation
from cakupan.monev.selectors import can_read_records, within
from cakupan.regions.models import Region


@dataclass(frozen=True)
class AgentLine:
    agent: Agent
    latest: AgentFigure | None
    # An agent placed in a village: the participants active in the village in the month of the agent's
    # latest figure (every participant there, whoever enrolled them: context, not the agent's achievement).
    village_active: int | None = None

    @property
    def retention(self) -> Fraction | None:
        return formulas.rate_pct(self.latest.active, self.latest.enrolled) if self.latest else None


@dataclass
class OutreachPage:
    region: Region
    agents: list[AgentLine]
    socialisations: list[Socialisation]

    @property
    def enrolled(self) -> int:
        return sum(line.latest.enrolled for line in self.agents if line.latest)

    @property
    def active(self) -> int:
        return sum(line.latest.active for line in self.agents if line.latest)


def outreach_page(user: Any, *, region: Region) -> OutreachPage:
    """Agents (names of people: a role for the region is needed) and socialisation activities of the
    region and the regions below it."""
    if not can_read_records(user, region.code):
        raise PermissionDenied(_("Perisai agents and socialisation need a role for this region."))
    agents = list(Agent.objects.filter(within(region.code)).select_related("region"))
    latest: dict[int, AgentFigure] = {}
    for figure in AgentFigure.objects.filter(agent__in=agents).order_by("period"):
        latest[figure.agent_id] = figure
    socialisations = list(Socialisation.objects.filter(within(region.code)).select_related("region")[:200])
    by_period: dict[str, set[str]] = defaultdict(set)
    for agent in agents:
        found = latest.get(agent.pk)
        if found is not None and agent.region.level == Region.Level.VILLAGE:
            by_period[found.period].add(agent.region_id)
    # The stored participation figures of the village (villages are below the indicator library's rollup).
    village_active: dict[tuple[str, str], int] = {}
    for period, codes in by_period.items():
        for code, participants in ParticipationFigure.objects.filter(
            region_id__in=codes, period=period, status="active"
        ).values_list("region_id", "participants"):
            village_active[(code, period)] = village_active.get((code, period), 0) + participants
    lines = []
    for agent in agents:
        found = latest.get(agent.pk)
        context = village_active.get((agent.region_id, found.period)) if found is not None else None
        lines.append(AgentLine(agent, found, context))
    return OutreachPage(region, lines, socialisations)


def agent_get(user: Any, *, pk: int) -> Agent:
    agent = Agent.objects.select_related("region").filter(pk=pk).first()
    if agent is None or not can_read_records(user, agent.region_id):
        raise Http404
    return agent
