"""Reading Monev meetings, their items, follow-ups, attendance and signatories for a user, with the region
scope applied (`cakupan.monev.selectors`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.core.codes import NATIONAL
from cakupan.monev.meetings.models import Attendee, FollowUp, Meeting, MeetingItem, MeetingSignatories
from cakupan.monev.selectors import can_read_records, records_scope, user_offices, within
from cakupan.regions.models import Region


def meeting_list(user: Any, *, region_code: str = "") -> QuerySet[Meeting]:
    """Meetings hosted by a region in the user's scope, or to which one was invited."""
    scope = records_scope(user)
    qs = Meeting.objects.select_related("region")
    if not scope.everything:  # an empty Q() would drop out of the OR
        invited = Meeting.objects.filter(scope.q("other_regions")).values("pk")
        qs = qs.filter(scope.q() | Q(pk__in=invited))
    if region_code:
        qs = qs.filter(within(region_code))
    return qs


def meeting_get(user: Any, *, pk: int) -> Meeting:
    """The meeting, for readers of its host region or of one of its invited regions (who see only the
    parts about the regions in their scope: `meeting_items`, `follow_up_list`, `attendee_list`)."""
    meeting = Meeting.objects.select_related("region").filter(pk=pk).first()
    if meeting is None or not can_read_meeting(user, meeting):
        raise Http404
    return meeting


def can_read_meeting(user: Any, meeting: Meeting) -> bool:
    scope = records_scope(user)
    if scope.covers(meeting.region_id):
        return True
    return any(scope.covers(code) for code in meeting.other_regions.values_list("code", flat=True))


def meeting_items(user: Any, *, meeting: Meeting) -> list[MeetingItem]:
    """The findings and recommendations of the meeting about regions in the user's scope."""
    return list(MeetingItem.objects.filter(records_scope(user).q()).filter(meeting=meeting))


def previous_meeting(user: Any, *, meeting: Meeting) -> Meeting | None:
    """The meeting of the same region held before this one."""
    return (
        meeting_list(user)
        .filter(region_id=meeting.region_id)
        .filter(Q(held_on__lt=meeting.held_on) | Q(held_on=meeting.held_on, pk__lt=meeting.pk))
        .order_by("-held_on", "-pk")
        .first()
    )


def latest_meeting(user: Any, *, region_code: str) -> Meeting | None:
    """The last meeting recorded for exactly this region (the one a new meeting follows up)."""
    return meeting_list(user).filter(region_id=region_code).order_by("-held_on", "-pk").first()


def open_follow_ups(user: Any, *, meeting: Meeting) -> list[FollowUp]:
    return list(
        follow_up_list(user)
        .filter(meeting=meeting)
        .exclude(status__in=FollowUp.CLOSED)
        .order_by("due_on", "pk")
    )


def attendee_list(user: Any, *, meeting: Meeting) -> list[Attendee]:
    """The meeting's invitees (the meeting read through `meeting_get`, so already in scope)."""
    return list(Attendee.objects.filter(records_scope(user).q()).filter(meeting=meeting))


def attendee_get(user: Any, *, pk: int) -> Attendee:
    attendee = Attendee.objects.filter(pk=pk).first()
    if attendee is None or not can_read_records(user, attendee.region_id):
        raise Http404
    return attendee


@dataclass(frozen=True)
class Minutes:
    """What the minutes (notulen) of a meeting say, read once for both the PDF and the DOCX."""

    meeting: Meeting
    attendees: list[Attendee]
    findings: list[MeetingItem]
    recommendations: list[MeetingItem]
    follow_ups: list[FollowUp]
    previous: Meeting | None
    previous_open: list[FollowUp]
    signatories: MeetingSignatories | None

    @property
    def present(self) -> list[Attendee]:
        return [a for a in self.attendees if a.attended]

    @property
    def absent(self) -> list[Attendee]:
        return [a for a in self.attendees if not a.attended]

    @property
    def head_of_region_present(self) -> bool:
        return any(a.head_of_region and a.attended for a in self.attendees)


def meeting_minutes(user: Any, *, pk: int) -> Minutes:
    """Everyone who may read the meeting may read its minutes."""
    meeting = meeting_get(user, pk=pk)
    items = meeting_items(user, meeting=meeting)
    previous = previous_meeting(user, meeting=meeting)
    return Minutes(
        meeting=meeting,
        attendees=attendee_list(user, meeting=meeting),
        findings=[i for i in items if i.kind == MeetingItem.Kind.FINDING],
        recommendations=[i for i in items if i.kind == MeetingItem.Kind.RECOMMENDATION],
        follow_ups=list(follow_up_list(user).filter(meeting=meeting)),
        previous=previous,
        previous_open=open_follow_ups(user, meeting=previous) if previous else [],
        signatories=MeetingSignatories.objects.filter(meeting=meeting).first(),
    )


def follow_up_list(user: Any) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(records_scope(user).q()).select_related("meeting", "region", "evidence")


def follow_ups_for_user(user: Any) -> QuerySet[FollowUp]:
    """The follow-ups still open that are the user's own: owned by an office in which the user holds a
    role, soonest due first (for the task list)."""
    offices = user_offices(user)
    if not offices:
        return FollowUp.objects.none()
    return (
        FollowUp.objects.filter(owner_id__in=offices)
        .exclude(status__in=FollowUp.CLOSED)
        .select_related("meeting", "region", "owner")
        .order_by("due_on", "pk")
    )


def meeting_regions(meeting: Meeting) -> QuerySet[Region]:
    """The host and the invited regions: those a meeting may commit."""
    invited = list(meeting.other_regions.values_list("code", flat=True))
    return Region.objects.filter(code__in=[meeting.region_id, *invited]).order_by("code")


def meeting_offices(meeting: Meeting) -> QuerySet[Any]:
    """Offices that may own a meeting's commitments and follow-ups: those working for a region of the
    meeting, above it or below it."""
    from cakupan.accounts.models import Office

    codes = [r.code for r in meeting_regions(meeting)]
    near = Q()
    for code in codes:
        parts = code.split(".")
        above = [".".join(parts[: i + 1]) for i in range(len(parts))]
        near |= Q(regions__code__in=[NATIONAL, *above]) | Q(regions__code__startswith=code + ".")
    return Office.objects.filter(near).distinct().order_by("name")


def open_follow_ups_in(user: Any, *, code: str) -> list[FollowUp]:
    """Follow-ups not done or dropped in the region and below that the user may see, soonest due first."""
    rows = follow_up_list(user).filter(within(code)).exclude(status__in=FollowUp.CLOSED)
    return list(rows.select_related("meeting", "region").order_by("due_on", "pk"))


def follow_up_get(user: Any, *, pk: int) -> FollowUp:
    follow_up = FollowUp.objects.select_related("meeting", "region", "evidence").filter(pk=pk).first()
    if follow_up is None or not can_read_records(user, follow_up.region_id):
        raise Http404
    return follow_up


def overdue_list(user: Any, *, region_code: str = "", today: date | None = None) -> QuerySet[FollowUp]:
    """Follow-ups not done or dropped whose due date has passed, the longest overdue first."""
    day = today or timezone.localdate()
    qs = follow_up_list(user).exclude(status__in=FollowUp.CLOSED).filter(due_on__lt=day)
    if region_code:
        qs = qs.filter(within(region_code))
    return qs.order_by("due_on", "pk")


@dataclass(frozen=True)
class TimelineEntry:
    day: date
    kind: str  # "meeting", "due", "done"
    meeting: Meeting
    follow_up: FollowUp | None = None


def region_timeline(user: Any, *, region: Region) -> list[TimelineEntry]:
    """Meetings of the region (and its children) and what became of their follow-ups, newest first."""
    if not can_read_records(user, region.code):
        raise PermissionDenied(_("Monev meetings need a role for this region."))
    meetings = list(meeting_list(user, region_code=region.code))
    entries = [TimelineEntry(m.held_on, "meeting", m) for m in meetings]
    for follow_up in follow_up_list(user).filter(meeting__in=meetings):
        if follow_up.status == FollowUp.Status.DONE and follow_up.done_on:
            entries.append(TimelineEntry(follow_up.done_on, "done", follow_up.meeting, follow_up))
        elif not follow_up.is_closed:
            entries.append(TimelineEntry(follow_up.due_on, "due", follow_up.meeting, follow_up))
    order = {"meeting": 0, "done": 1, "due": 2}
    return sorted(entries, key=lambda e: (e.day, -order[e.kind]), reverse=True)
