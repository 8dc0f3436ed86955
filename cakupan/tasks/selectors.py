"""What waits for a user: their regions (where they land) and the work due from them — follow-ups of
meetings, compliance case steps their role takes, commitments at risk, data requested from them. Titles
and links only: a task carries no figure. The daily digest will read the same list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.compliance import selectors as compliance
from cakupan.compliance.models import Case
from cakupan.compliance.transitions import OPEN_STATES, STEPS, acting_role
from cakupan.core.codes import NATIONAL
from cakupan.datacalls.selectors import dataset_label, requests_for_user
from cakupan.monev.meetings.selectors import follow_ups_for_user
from cakupan.monev.models import FollowUp
from cakupan.monev.targets.commitments import AT_RISK, LATE, measure_all
from cakupan.monev.targets.selectors import commitments_for_user
from cakupan.regions.models import Region

SOON_DAYS = 7  # a task due within a week is listed before it is late
LIMIT = 50  # per kind: the list is a reminder, the pages behind the links hold the rest


@dataclass(frozen=True)
class Task:
    kind: str  # follow_up, case_step, commitment, data_request
    kind_label: str
    title: str
    region: str
    url: str
    due: date | None
    overdue: bool
    # A data request not submitted by its due date: the region is late (the digest says so).
    late: bool = False


@dataclass(frozen=True)
class Landing:
    everything: bool  # a national role: the national page is theirs
    regions: list[Region]


def my_regions(user: Any) -> Landing:
    """The regions the user holds a role for (the roots of their grants), by code."""
    codes: set[str] = set()
    for _role, where in access.grants(user):
        if where.everything:
            return Landing(everything=True, regions=[])
        codes.update(where.roots)
    if NATIONAL in codes:
        return Landing(everything=True, regions=[])
    return Landing(everything=False, regions=list(Region.objects.filter(code__in=codes).order_by("code")))


def _follow_ups(user: Any, today: date) -> list[Task]:
    horizon = today + timedelta(days=SOON_DAYS)
    owned = list(follow_ups_for_user(user).filter(due_on__lte=horizon)[:LIMIT])
    # A follow-up no office owns yet is the meeting region's: its Monev writers see it as theirs.
    region_scope = access.scope(user, Cap.WRITE_MONEV)
    unowned = (
        FollowUp.objects.filter(owner__isnull=True, due_on__lte=horizon)
        .filter(region_scope.q("region"))
        .exclude(status__in=FollowUp.CLOSED)
        .select_related("meeting", "region")
        .order_by("due_on", "pk")
    )
    found = {f.pk: f for f in [*owned, *unowned[:LIMIT]]}
    return [
        Task(
            kind="follow_up",
            kind_label=_("Follow-up"),
            title=f.action[:160],
            region=f.region.name,
            url=reverse("monev:follow-up-edit", args=[f.pk]),
            due=f.due_on,
            overdue=f.due_on < today,
        )
        for f in found.values()
    ]


def _case_steps(user: Any, today: date) -> list[Task]:
    where = compliance.view_scope(user)
    if where.is_empty:
        return []
    horizon = today + timedelta(days=SOON_DAYS)
    cases = (
        Case.objects.filter(where.q("region"), status__in=OPEN_STATES, due_date__lte=horizon)
        .select_related("employer", "region")
        .order_by("due_date", "pk")
    )
    tasks: list[Task] = []
    for case in cases[: LIMIT * 4]:
        steps = [s for s in STEPS.values() if case.status in s.sources]
        if not any(acting_role(user, s.roles, case.region_id) for s in steps):
            continue  # the next step is another role's
        tasks.append(
            Task(
                kind="case_step",
                kind_label=_("Compliance case"),
                title=_("%(employer)s: %(status)s")
                % {"employer": case.employer.name, "status": case.get_status_display()},
                region=case.region.name,
                url=reverse("compliance:case", args=[case.pk]),
                due=case.due_date,
                overdue=case.due_date is not None and case.due_date < today,
            )
        )
        if len(tasks) == LIMIT:
            break
    return tasks


def _commitments(user: Any, today: date) -> list[Task]:
    measures = measure_all(list(commitments_for_user(user)[: LIMIT * 4]), today=today)
    return [
        Task(
            kind="commitment",
            kind_label=_("Commitment at risk") if m.status == AT_RISK else _("Commitment late"),
            title=f"{m.commitment.get_indicator_display()} · {m.commitment.region.name}",
            region=m.commitment.region.name,
            url=reverse("dashboards:region", args=[m.commitment.region_id]),
            due=m.commitment.deadline,
            overdue=m.status == LATE,
        )
        for m in measures
        if m.status in (AT_RISK, LATE)
    ][:LIMIT]


def _data_requests(user: Any, today: date) -> list[Task]:
    tasks = []
    for r in requests_for_user(user, today=today, limit=LIMIT):
        what = {
            "dataset": dataset_label(r.dataset),
            "months": ", ".join(r.periods),
            "host": r.call.region.name,
            "day": r.call.meeting.held_on.isoformat(),
        }
        tasks.append(
            Task(
                kind="data_request",
                kind_label=_("Data requested (late)") if r.late else _("Data requested"),
                title=_("%(dataset)s %(months)s for the meeting of %(host)s on %(day)s") % what,
                region=r.region.name,
                url=reverse("datacalls:detail", args=[r.call.pk]),
                due=r.call.due_on,
                overdue=r.late,
                late=r.late,
            )
        )
    return tasks


def tasks_for_user(user: Any, *, today: date | None = None) -> list[Task]:
    """Everything due from the user within a week or overdue, overdue first, then by due date."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or timezone.localdate()
    tasks = [
        *_follow_ups(user, today),
        *_case_steps(user, today),
        *_commitments(user, today),
        *_data_requests(user, today),
    ]
    return sorted(tasks, key=lambda t: (not t.overdue, t.due or date.max, t.kind, t.title))
