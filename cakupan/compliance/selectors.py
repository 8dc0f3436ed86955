"""Reads of compliance, each taking the user first and applying the region scope in one place."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from cakupan.accounts import access
from cakupan.accounts.roles import ROLE_CAPS, Cap, Role
from cakupan.compliance.models import (
    Case,
    CaseEvent,
    Employer,
    EmployerPosition,
    Evidence,
    Finding,
    rule_labels,
)
from cakupan.compliance.transitions import CASE_OPENERS, OPEN_STATES
from cakupan.imports import selectors as import_selectors
from cakupan.imports.models import ImportBatch
from cakupan.regions.scope import NOTHING, RegionScope

S = Case.Status


def view_scope(user: Any) -> RegionScope:
    return access.scope(user, Cap.VIEW_COMPLIANCE)


# The steps whose letters the licensing office (DPMPTSP) sees: the referral addressed to it, the sanction
# it imposes and the lifting of that sanction.
LICENSING_LETTERS = frozenset({S.REFERRED, S.SANCTIONED, S.LIFTED})


def detail_scope(user: Any) -> RegionScope:
    """Where the user sees the working file of compliance: findings with their shortfalls, positions and
    wages, the notes and evidence of cases, every step's letter. Every role that sees compliance does,
    but the licensing office: it sees an employer's identity, its case's status and step, and the
    letters of LICENSING_LETTERS (README, "Who sees what")."""
    result = NOTHING
    for role, where in access.grants(user):
        if role != Role.LICENSING_OFFICER and Cap.VIEW_COMPLIANCE in ROLE_CAPS[role]:
            result = result.union(where)
    return result


def sees_details(user: Any, region_code: str) -> bool:
    return detail_scope(user).covers(region_code)


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
    """Employers with a finding in the region, with their open case (if any), sorted. Their shortfalls
    are the working file: only within the user's detail scope."""
    column = SORTS.get(sort, SORTS["kekurangan_iuran"])
    order = [f"-{column}" if descending else column, "employer__name", "employer_id"]
    return (
        Finding.objects.filter(detail_scope(user).q("region"))
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


@dataclass(frozen=True)
class TimelineEntry:
    """One event of a case as the reader may see it: the note, the letter and the files each only when
    the reader's role shows them (empty otherwise, never a placeholder that hints at what is hidden)."""

    event: CaseEvent
    note: str
    letter_number: str
    letter_date: date | None
    files: list[Evidence]

    @property
    def shows_letter(self) -> bool:
        return bool(self.letter_number) or self.letter_date is not None


def letter_visible(event: CaseEvent, details: bool) -> bool:
    return details or (event.to_status in LICENSING_LETTERS and event.from_status != event.to_status)


def case_timeline(user: Any, case: Case) -> list[TimelineEntry]:
    details = sees_details(user, case.region_id)
    entries = []
    for event in case.events.select_related("by").prefetch_related("evidence").order_by("at", "id"):
        letter = letter_visible(event, details)
        files = [f for f in event.evidence.all() if details or (letter and f.is_letter)]
        entries.append(
            TimelineEntry(
                event=event,
                note=event.note if details else "",
                letter_number=event.letter_number if letter else "",
                letter_date=event.letter_date if letter else None,
                files=files,
            )
        )
    return entries


def evidence_get(user: Any, *, pk: int) -> Evidence | None:
    """An evidence file the user may download: any of a case they see in full, or the letter of a step
    the licensing office sees."""
    item = Evidence.objects.select_related("case", "event").filter(pk=pk).first()
    if item is None or case_get(user, pk=item.case_id) is None:
        return None
    if sees_details(user, item.case.region_id):
        return item
    return item if item.is_letter and letter_visible(item.event, False) else None


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
class Letter:
    """A step's letter as the licensing office sees it: number, date and the letter's file, if any."""

    status: str
    status_label: str
    number: str
    date: date | None
    file_id: int | None
    file_name: str


@dataclass(frozen=True)
class LicensingStatus:
    """What the licensing office needs to know about an employer."""

    status: str  # compliant | not_compliant | in_process | sanctioned
    stage: str = ""
    stage_label: str = ""
    case_id: int | None = None
    since: date | None = None
    reason: str = ""  # the sanction's note: only for readers who see the details
    rules: list[str] = field(default_factory=list)
    period: str = ""
    letters: list[Letter] = field(default_factory=list)

    @property
    def rule_labels(self) -> list[str]:
        return rule_labels(self.rules)


def licensing_letters(case: Case | None) -> list[Letter]:
    """The referral, sanction and lifting letters of the case, in the order they were recorded."""
    if case is None:
        return []
    events = (
        case.events.filter(to_status__in=LICENSING_LETTERS)
        .exclude(to_status=F("from_status"))
        .prefetch_related("evidence")
        .order_by("at", "id")
    )
    letters = []
    for event in events:
        document = next((f for f in event.evidence.all() if f.is_letter), None)
        letters.append(
            Letter(
                status=event.to_status,
                status_label=str(event.get_to_status_display()),
                number=event.letter_number,
                date=event.letter_date,
                file_id=document.pk if document else None,
                file_name=document.file_name if document else "",
            )
        )
    return letters


def case_step_date(case: Case) -> date:
    """The letter date of the case's current step (the day it was entered, for a step without one)."""
    day = (
        case.events.filter(to_status=case.status, letter_date__isnull=False)
        .order_by("-at", "-id")
        .values_list("letter_date", flat=True)
        .first()
    )
    return day or timezone.localdate(case.status_since)


def licensing_status(user: Any, employer: Employer) -> LicensingStatus:
    """The employer's compliance as the licensing check answers it; the sanction's reason (a note) only
    for a reader who sees the details of the employer's region."""
    cases = Case.objects.filter(employer=employer).order_by("-opened_at", "-id")
    case = cases.exclude(status__in=[S.CLOSED_COMPLIANT, S.LIFTED]).first()
    letters = licensing_letters(case or cases.first())
    details = sees_details(user, employer.region_id)
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
            case.sanction_reason if details else "",
            rules,
            period,
            letters,
        )
    if case is not None:
        return LicensingStatus(
            "in_process",
            case.status,
            str(case.get_status_display()),
            case.pk,
            case_step_date(case),
            "",
            rules,
            period,
            letters,
        )
    if finding is not None:
        return LicensingStatus("not_compliant", rules=rules, period=period, letters=letters)
    return LicensingStatus("compliant", period=period, letters=letters)


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
