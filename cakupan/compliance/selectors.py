"""Reads of compliance, each taking the user first and applying the region scope in one place."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.compliance.models import Case, CaseEvent, Employer, EmployerPosition, Finding
from cakupan.compliance.transitions import CASE_OPENERS, OPEN_STATES
from cakupan.imports import selectors as import_selectors
from cakupan.imports.models import ImportBatch
from cakupan.regions.scope import RegionScope

S = Case.Status


def view_scope(user: Any) -> RegionScope:
    return access.scope(user, Cap.VIEW_COMPLIANCE)


def import_scope(user: Any) -> RegionScope:
    """Who imports employers files: compliance officers and BPJS officers, for their regions."""
    return access.scope(user, Cap.MANAGE_CASES).union(access.scope(user, Cap.IMPORT_PARTICIPATION))


def can_view(user: Any, region_code: str) -> bool:
    return view_scope(user).covers(region_code)


def can_edit(user: Any, region_code: str) -> bool:
    return access.scope(user, Cap.MANAGE_CASES).covers(region_code)


def works_cases(user: Any) -> bool:
    """Opens or moves cases somewhere (or administers them): the deadlines of their steps concern them."""
    return access.can(user, Cap.MANAGE_CASES) or bool(access.roles(user) & CASE_OPENERS)


def _in_region(region_code: str, field: str = "region") -> Q:
    """The region and everything below it (the national code 00: everything)."""
    if region_code == "00":
        return Q()
    return Q(**{f"{field}__code": region_code}) | Q(**{f"{field}__code__startswith": region_code + "."})


def employer_list(user: Any, *, region_code: str, query: str = "") -> QuerySet[Employer]:
    qs = Employer.objects.filter(view_scope(user).q("region")).filter(_in_region(region_code))
    text = query.strip()
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(key__icontains=text.upper()) | Q(npp=text) | Q(nib=text))
    return qs.select_related("region", "finding").order_by("name", "key")


def employer_get(user: Any, *, pk: int) -> Employer | None:
    return (
        Employer.objects.filter(view_scope(user).q("region")).select_related("region").filter(pk=pk).first()
    )


class EmployerAmbiguous(Exception):
    """An NPP or NIB that names more than one employer: no answer is given for either."""

    def __init__(self, identifier: str, employers: list[Employer]) -> None:
        super().__init__(identifier)
        self.identifier = identifier
        self.employers = employers


def employer_find(user: Any, *, identifier: str) -> Employer | None:
    """By NPP or NIB (or the key as imported), within the user's scope. Raises EmployerAmbiguous when the
    identifier names several employers (one's import key and another's NPP or NIB): answering for one of
    them could answer for the wrong one."""
    text = identifier.strip().upper().replace(" ", "").replace(".", "").replace("-", "")
    if not text:
        return None
    found = list(
        Employer.objects.filter(view_scope(user).q("region"))
        .filter(Q(key=text) | Q(npp=text) | Q(nib=text))
        .select_related("region")
        .order_by("key")[:5]
    )
    if len(found) > 1:
        raise EmployerAmbiguous(text, found)
    return found[0] if found else None


def employer_positions(employer: Employer) -> QuerySet[EmployerPosition]:
    return employer.positions.select_related("batch").order_by("-period")


SORTS = {
    "kekurangan_iuran": "contribution_shortfall_idr",
    "kekurangan_pekerja": "worker_shortfall",
    "nama": "employer__name",
    "wilayah": "region_id",
    "periode": "period",
}


def candidate_list(
    user: Any, *, region_code: str, sort: str = "kekurangan_iuran", descending: bool = True
) -> Any:
    """Employers with a finding in the region, with their open case (if any), sorted."""
    column = SORTS.get(sort, SORTS["kekurangan_iuran"])
    order = [f"-{column}" if descending else column, "employer__name", "employer_id"]
    return (
        Finding.objects.filter(view_scope(user).q("region"))
        .filter(_in_region(region_code))
        .select_related("employer", "region")
        .order_by(*order)
    )


def open_cases_by_employer(employer_ids: list[int]) -> dict[int, Case]:
    cases = Case.objects.filter(employer_id__in=employer_ids).exclude(
        status__in=[S.CLOSED_COMPLIANT, S.LIFTED]
    )
    return {case.employer_id: case for case in cases}


def week_end(today: date) -> date:
    """The Sunday ending today's week."""
    return today + timedelta(days=6 - today.weekday())


def case_list(
    user: Any, *, region_code: str, view: str = "open", today: date | None = None
) -> QuerySet[Case]:
    """Cases of the region: `open`, `overdue` (due date passed), `week` (due this week), `all`."""
    today = today or timezone.localdate()
    qs = (
        Case.objects.filter(view_scope(user).q("region"))
        .filter(_in_region(region_code))
        .select_related("employer", "region")
    )
    if view == "overdue":
        qs = qs.filter(status__in=OPEN_STATES, due_date__lt=today)
    elif view == "week":
        qs = qs.filter(status__in=OPEN_STATES, due_date__gte=today, due_date__lte=week_end(today))
    elif view == "open":
        qs = qs.exclude(status__in=[S.CLOSED_COMPLIANT, S.LIFTED])
    return qs.order_by("due_date", "id") if view != "all" else qs.order_by("-opened_at", "-id")


def case_get(user: Any, *, pk: int) -> Case | None:
    return (
        Case.objects.filter(view_scope(user).q("region"))
        .select_related("employer", "region", "opened_by")
        .filter(pk=pk)
        .first()
    )


def case_timeline(case: Case) -> list[CaseEvent]:
    return list(case.events.select_related("by").prefetch_related("evidence").order_by("at", "id"))


def import_list(user: Any) -> list[ImportBatch]:
    """Employers files of the user's regions: every region of the file in scope, or sent by the user."""
    scope = view_scope(user)
    batches = ImportBatch.objects.filter(dataset="employers").prefetch_related("touched_regions")
    return [
        b
        for b in batches.order_by("-created_at", "-id")[:200]
        if b.uploaded_by_id == getattr(user, "pk", None)
        or scope.covers_all([r.pk for r in b.touched_regions.all()])
    ]


def import_get(user: Any, *, pk: int) -> ImportBatch | None:
    """An employers batch the user may see, by its ImportBatch id."""
    batch = import_selectors.batch_get(user, pk=pk)
    return batch if batch is not None and batch.dataset == "employers" else None


def import_legacy_get(user: Any, *, legacy_id: int) -> ImportBatch | None:
    """An employers batch by the id it had as a compliance.EmployerImport, when the user may see it."""
    return import_selectors.batch_legacy_get(user, kind="compliance.employerimport", legacy_id=legacy_id)


# --- licensing check -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LicensingStatus:
    """What the licensing office needs to know about an employer."""

    status: str  # compliant | not_compliant | in_process | sanctioned
    stage: str = ""
    stage_label: str = ""
    case_id: int | None = None
    since: date | None = None
    reason: str = ""
    rules: list[str] = field(default_factory=list)
    period: str = ""


def licensing_status(employer: Employer) -> LicensingStatus:
    case = (
        Case.objects.filter(employer=employer)
        .exclude(status__in=[S.CLOSED_COMPLIANT, S.LIFTED])
        .order_by("-opened_at")
        .first()
    )
    finding = Finding.objects.filter(employer=employer).first()
    rules = finding.rule_list if finding else []
    period = finding.period if finding else employer.latest_period
    if case is not None and case.status == S.SANCTIONED:
        return LicensingStatus(
            "sanctioned",
            case.status,
            str(case.get_status_display()),
            case.pk,
            case.sanctioned_on,
            case.sanction_reason,
            rules,
            period,
        )
    if case is not None:
        return LicensingStatus(
            "in_process",
            case.status,
            str(case.get_status_display()),
            case.pk,
            timezone.localdate(case.status_since),
            "",
            rules,
            period,
        )
    if finding is not None:
        return LicensingStatus("not_compliant", rules=rules, period=period)
    return LicensingStatus("compliant", period=period)


# --- compliance figures per region ------------------------------------------------------------------


@dataclass(frozen=True)
class RegionSummary:
    region_code: str
    as_of: date
    cases_by_stage: dict[str, int]
    median_days_by_stage: dict[str, float]
    open_cases: int
    overdue: int
    due_this_week: int
    candidates: int
    workers_registered_after_case: int
    sanctions_imposed: int
    sanctions_lifted: int

    @property
    def stages(self) -> list[tuple[str, str, int, float | None]]:
        """(status, label, cases now at it, median days spent at it) in the order of the chain."""
        return [
            (value, str(label), self.cases_by_stage.get(value, 0), self.median_days_by_stage.get(value))
            for value, label in S.choices
        ]


def _days(start: datetime, end: datetime) -> float:
    return round((end - start).total_seconds() / 86400, 1)


def region_summary(user: Any, *, region_code: str, today: date | None = None) -> RegionSummary | None:
    """The compliance figures of a region, or None when the user may not see them."""
    if not can_view(user, region_code):
        return None
    today = today or timezone.localdate()
    cases = Case.objects.filter(_in_region(region_code))
    by_stage: dict[str, int] = {}
    for status in cases.values_list("status", flat=True):
        by_stage[status] = by_stage.get(status, 0) + 1
    spent: dict[str, list[float]] = {}
    previous: dict[int, tuple[str, datetime]] = {}
    events = CaseEvent.objects.filter(_in_region(region_code, "case__region")).order_by("case_id", "at", "id")
    imposed = lifted = 0
    for case_id, to_status, at in events.values_list("case_id", "to_status", "at"):
        before = previous.get(case_id)
        if before is not None and before[0] == to_status:
            continue  # not a step (e.g. the region corrected): the stage runs on
        if before is not None:
            spent.setdefault(before[0], []).append(_days(before[1], at))
        previous[case_id] = (to_status, at)
        imposed += to_status == S.SANCTIONED
        lifted += to_status == S.LIFTED
    open_qs = cases.filter(status__in=OPEN_STATES)
    newly = 0
    opened = list(cases.values_list("employer_id", "period", "registered_workers_at_open"))
    latest = {
        employer_id: (period, registered)
        for employer_id, period, registered in EmployerPosition.objects.filter(
            employer_id__in=cases.values("employer_id"), period=F("employer__latest_period")
        ).values_list("employer_id", "period", "registered_workers")
    }
    for employer_id, period, at_open in opened:
        now = latest.get(employer_id)
        if now is not None and now[0] > period:
            newly += max(0, now[1] - at_open)
    return RegionSummary(
        region_code=region_code,
        as_of=today,
        cases_by_stage=by_stage,
        median_days_by_stage={k: round(statistics.median(v), 1) for k, v in spent.items()},
        open_cases=open_qs.count(),
        overdue=open_qs.filter(due_date__lt=today).count(),
        due_this_week=open_qs.filter(due_date__gte=today, due_date__lte=week_end(today)).count(),
        candidates=Finding.objects.filter(_in_region(region_code)).count(),
        workers_registered_after_case=newly,
        sanctions_imposed=imposed,
        sanctions_lifted=lifted,
    )
