"""The rows of Monev meetings, their items, follow-ups, attendance and signatories as the downloads and the
API give them."""

from __future__ import annotations

from datetime import date

from cakupan.monev.downloads import Row
from cakupan.monev.meetings.models import FollowUp, Meeting
from cakupan.monev.meetings.selectors import TimelineEntry


def meeting_rows(meetings: list[Meeting]) -> list[Row]:
    return [
        {
            "id": m.pk,
            "held_on": m.held_on,
            "region_code": m.region_id,
            "region_name": m.region.name,
            "place": m.place,
            "institutions": m.institution_list(),
            "agenda": m.agenda,
        }
        for m in meetings
    ]


def follow_up_row(f: FollowUp, *, today: date) -> Row:
    """A follow-up as the API (`/monev/follow-ups/overdue`) gives it."""
    return {
        "id": f.pk,
        "region_code": f.region_id,
        "region_name": f.region.name,
        "meeting_id": f.meeting_id,
        "meeting_date": f.meeting.held_on,
        "action": f.action,
        "responsible": f.responsible,
        "due_on": f.due_on,
        "days_overdue": max(0, (today - f.due_on).days),
        "status": f.status,
        "status_label": str(f.get_status_display()),
    }


def timeline_rows(entries: list[TimelineEntry]) -> list[Row]:
    return [
        {
            "day": e.day,
            "kind": e.kind,
            "region_code": e.meeting.region_id,
            "meeting_id": e.meeting.pk,
            "meeting_place": e.meeting.place,
            "follow_up_id": e.follow_up.pk if e.follow_up else None,
            "action": e.follow_up.action if e.follow_up else None,
            "responsible": e.follow_up.responsible if e.follow_up else None,
            "status": e.follow_up.status if e.follow_up else None,
        }
        for e in entries
    ]
