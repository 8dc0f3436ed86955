"""The rows of outreach (agents, socialisation) as the downloads give them."""

from __future__ import annotations

from cakupan.indicators.serialise import number
from cakupan.monev.downloads import Row
from cakupan.monev.outreach.selectors import OutreachPage


def agent_rows(page: OutreachPage) -> list[Row]:
    return [
        {
            "agent_id": line.agent.pk,
            "name": line.agent.name,
            "kind": line.agent.kind,
            "region_code": line.agent.region_id,
            "region_name": line.agent.region.name,
            "since": line.agent.since,
            "period": line.latest.period if line.latest else None,
            "enrolled": line.latest.enrolled if line.latest else None,
            "active": line.latest.active if line.latest else None,
            "active_share": number(line.retention),
            "village_active_participants": line.village_active,
        }
        for line in page.agents
    ]


def socialisation_rows(page: OutreachPage) -> list[Row]:
    return [
        {
            "id": s.pk,
            "held_on": s.held_on,
            "region_code": s.region_id,
            "region_name": s.region.name,
            "place": s.place,
            "audience": s.audience,
            "attendees": s.attendees,
            "organiser": s.organiser,
        }
        for s in page.socialisations
    ]
