"""Reads of the packs: a meeting's presented versions, and the frozen figures beside today's, each region
shown only to readers whose records scope covers it (as the meeting's other parts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.http import Http404

from cakupan.indicators import formulas, library
from cakupan.indicators.versions import region_version
from cakupan.jobs.models import Job
from cakupan.monev import selectors as monev
from cakupan.monev.meetings.selectors import meeting_get
from cakupan.monev.models import Meeting
from cakupan.packs.content import RegionLine, meeting_period, region_lines
from cakupan.packs.models import PackSnapshot
from cakupan.packs.services import PRESENT_KIND


@dataclass
class FrozenRow:
    frozen: RegionLine
    today_rate: Fraction | None
    today_active: int | None
    difference_points: Fraction | None
    difference_active: int | None


@dataclass
class MeetingPack:
    meeting: Meeting
    period: str | None  # the month a new pack would show
    snapshots: list[PackSnapshot]
    rows: list[FrozenRow] = field(default_factory=list)  # of the latest version
    changed: bool = False  # the figures of the latest version's month changed since it was presented
    job: Job | None = None  # a present job still running
    failed: Job | None = None  # the last present job, when it failed after the latest version
    can_present: bool = False
    # The files carry every region and the host's records: for readers of the host region only (readers
    # of an invited region see their own rows of the frozen figures).
    can_download: bool = False

    @property
    def latest(self) -> PackSnapshot | None:
        return self.snapshots[0] if self.snapshots else None


def meeting_pack(user: Any, *, meeting_pk: int) -> MeetingPack:
    """Http404 unless the user may read the meeting."""
    meeting = meeting_get(user, pk=meeting_pk)
    snapshots = list(PackSnapshot.objects.filter(meeting=meeting).order_by("-version"))
    found = MeetingPack(
        meeting=meeting,
        period=meeting_period(meeting),
        snapshots=snapshots,
        job=_running(meeting),
        can_present=monev.can_write(user, meeting.region_id),
        can_download=monev.can_read_records(user, meeting.region_id),
    )
    latest = found.latest
    found.failed = _failed(meeting, after=latest)
    if latest is not None:
        found.rows = [
            _row(line) for line in region_lines(latest.values) if monev.can_read_records(user, line.code)
        ]
        found.changed = region_version(latest.region_id, latest.period) != latest.figures_version
    return found


def snapshot_get(user: Any, *, pk: int) -> PackSnapshot:
    """A presented version, if the user may read its meeting (Http404 otherwise, never saying it exists)."""
    snapshot = PackSnapshot.objects.filter(pk=pk).first()
    if snapshot is None:
        raise Http404
    meeting = meeting_get(user, pk=snapshot.meeting_id)
    if not monev.can_read_records(user, meeting.region_id):
        raise Http404  # an invited region's reader: the files carry the host's records
    return snapshot


def _running(meeting: Meeting) -> Job | None:
    waiting = Job.objects.filter(kind=PRESENT_KIND, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
    return next((job for job in waiting.order_by("-pk") if job.params.get("meeting") == meeting.pk), None)


def _failed(meeting: Meeting, *, after: PackSnapshot | None) -> Job | None:
    finished = Job.objects.filter(kind=PRESENT_KIND, finished_at__isnull=False).order_by("-pk")
    last = next((job for job in finished[:50] if job.params.get("meeting") == meeting.pk), None)
    if last is None or last.status != Job.Status.FAILED:
        return None
    if after is not None and last.finished_at is not None and last.finished_at < after.created_at:
        return None
    return last


def _row(line: RegionLine) -> FrozenRow:
    today = library.region_indicators(line.code, line.period)
    rate = today.coverage_rate if today is not None and today.ranked else None
    active = today.active if today is not None else None
    return FrozenRow(
        frozen=line,
        today_rate=rate,
        today_active=active,
        difference_points=formulas.difference(rate, line.coverage_rate),
        difference_active=(
            int(formulas.difference(active, line.active) or 0)
            if active is not None and line.active is not None
            else None
        ),
    )
