"""Reading targets and commitments for a user, with the region scope applied (`cakupan.monev.selectors`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cakupan.imports.models import FigureChange
from cakupan.indicators.models import Target
from cakupan.indicators.selectors import PUBLIC_MAX_LEVEL
from cakupan.monev.meetings.models import Meeting
from cakupan.monev.regulations.models import Regulation
from cakupan.monev.selectors import records_scope, user_offices, within
from cakupan.monev.targets import commitments
from cakupan.monev.targets.models import CommitmentSource
from cakupan.regions.models import Region


def commitment_list(user: Any, *, region_code: str = "") -> QuerySet[Target]:
    """Targets and commitments (the one register, `indicators.Target`) the user may read, soonest deadline
    first: the yearly targets of the `targets` dataset without an owner are public aggregates down to
    regencies/cities (like the coverage figures); those agreed at a meeting or owned by an office are
    working records of the region, and read by the users of the owning office."""
    scope = records_scope(user)
    qs = Target.objects.select_related(
        "region", "owner", "monev_source__meeting", "monev_source__regulation"
    ).order_by("deadline", "region_id", "indicator", "pk")
    if not scope.everything:  # an empty Q() would drop out of the OR below
        public = Q(batch__isnull=False, owner=None, region__level__lte=PUBLIC_MAX_LEVEL)
        qs = qs.filter(public | scope.q() | Q(owner_id__in=user_offices(user)))
    if region_code:
        qs = qs.filter(within(region_code))
    return qs


def commitments_shown_for(user: Any, *, region_code: str, today: date) -> QuerySet[Target]:
    """What a region's page and report list: the region's own targets from this year on, and every
    commitment of a meeting or an office in the region and below (the yearly targets of every regency
    would bury them)."""
    agreed = Q(batch__isnull=True) | Q(owner__isnull=False)
    current = Q(region_id=region_code, deadline__year__gte=today.year)
    return commitment_list(user, region_code=region_code).filter(agreed | current)


def meeting_commitments(user: Any, *, meeting: Meeting) -> QuerySet[Target]:
    """The commitments a meeting agreed that the user may read."""
    return commitment_list(user).filter(monev_source__meeting=meeting)


def commitments_for_user(user: Any) -> QuerySet[Target]:
    """The commitments that are the user's own: those owned by an office in which the user holds a role
    (every holder of a role in that office sees them as theirs), soonest deadline first. For the task
    list: measure them with `commitments.measure_all` to find those at risk or late."""
    offices = user_offices(user)
    if not offices:
        return Target.objects.none()
    return (
        Target.objects.filter(owner_id__in=offices)
        .select_related("region", "owner", "monev_source__meeting")
        .order_by("deadline", "pk")
    )


def commitment_get(user: Any, *, pk: int) -> Target:
    found = commitment_list(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class TargetLine:
    target: Target
    regulation: Regulation | None
    actual: Any  # the figure it is measured by (commitments.measure), when known
    actual_period: str | None  # the month of that figure (None for a year's funding)
    history: list[FigureChange]
    status: str  # commitments.MET, ON_TRACK, AT_RISK, LATE or NO_DATA
    status_label: str


def target_register(user: Any, *, region: Region) -> list[TargetLine]:
    """The yearly targets of the region with their source, the regulation that set them, their revisions
    and the figure they are measured by, with their status (`commitments.measure`, the one formula)."""
    targets = list(Target.objects.yearly().filter(region_id=region.code).order_by("-year", "indicator"))
    links = {
        s.target_id: s.regulation
        for s in CommitmentSource.objects.filter(target__in=targets, regulation__isnull=False).select_related(
            "regulation"
        )
    }
    changes: dict[tuple[str, str], list[FigureChange]] = defaultdict(list)
    for change in (
        FigureChange.objects.filter(dataset="targets", region_id=region.code)
        .select_related("batch")
        .order_by("-batch__created_at", "-pk")
    ):
        changes[(change.when, change.item)].append(change)
    lines = []
    for measured in (commitments.measure(t, today=timezone.localdate()) for t in targets):
        target, current = measured.commitment, measured.current
        lines.append(
            TargetLine(
                target=target,
                regulation=links.get(target.pk),
                actual=current if current is None or target.percent else int(current),
                actual_period=measured.as_of if measured.as_of and len(measured.as_of) == 7 else None,
                history=changes.get((str(target.year), target.indicator), []),
                status=measured.status,
                status_label=measured.status_label,
            )
        )
    return lines
