"""Reads of the Monev register for a user, with the region scope applied here and nowhere else.

What is public and what needs a role:
- Regulations, their documents and the Inpres 2/2021 matrix are public information (regulations are
  published in the regional gazette): everyone reads them, at every level.
- Vulnerable-worker funding, benefits paid and targets are public aggregates for the nation, provinces and
  regencies/cities, like the coverage figures; district and village rows need `view_restricted` for the
  region (`cakupan.indicators.selectors.level_visible`).
- Monev meetings, findings, recommendations, follow-ups and their evidence are working records: they need
  a role with `view_restricted` or `write_monev` for the meeting's region.
- Writing anything needs `write_monev` for the region (targets: `import_targets`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.core import periods
from cakupan.core.codes import NATIONAL
from cakupan.imports import selectors as import_selectors
from cakupan.imports.models import FigureChange
from cakupan.indicators import formulas, library
from cakupan.indicators.models import Target
from cakupan.indicators.selectors import PUBLIC_MAX_LEVEL, level_visible
from cakupan.monev import metrics
from cakupan.monev.models import (
    AddresseeReport,
    Attendee,
    BenefitFigure,
    BudgetLine,
    CommitmentSource,
    Document,
    FollowUp,
    InpresInstruction,
    Meeting,
    MeetingItem,
    MeetingSignatories,
    Regulation,
    SemesterNarrative,
    StaffCoverage,
    VulnerableFunding,
)
from cakupan.monev.services import FundingCheck, funding_check
from cakupan.regions.models import Region
from cakupan.regions.scope import RegionScope
from cakupan.regions.selectors import region_get

READ_CAPS = (Cap.VIEW_RESTRICTED, Cap.WRITE_MONEV)


# --- who may do what -----------------------------------------------------------------------------------


def records_scope(user: Any) -> RegionScope:
    """The regions whose meetings and follow-ups the user may read."""
    return access.scope(user, Cap.VIEW_RESTRICTED).union(access.scope(user, Cap.WRITE_MONEV))


def can_read_records(user: Any, code: str) -> bool:
    return records_scope(user).covers(code)


def can_write(user: Any, code: str | None = None) -> bool:
    return access.can(user, Cap.WRITE_MONEV, code)


def import_scope(user: Any, dataset: str) -> RegionScope:
    """The regions the user may import a Monev dataset for (the dataset's capabilities: who owns its
    figures)."""
    return import_selectors.import_scope(user, dataset)


def importable_datasets(user: Any) -> list[str]:
    """The Monev datasets the user may import for at least one region."""
    from cakupan.monev.datasets import MONEV_DATASETS

    return import_selectors.importable_datasets(user, MONEV_DATASETS)


def require_write(user: Any, code: str) -> None:
    if not can_write(user, code):
        raise PermissionDenied(_("Writing Monev records for this region needs a role for it."))


def region_public(*, code: str) -> Region:
    """A region for the public registers (regulations, Inpres matrix): every level."""
    region = region_get(code=code)
    if region is None:
        raise Http404(_("Unknown region %(code)s.") % {"code": code})
    return region


def region_for_register(user: Any, *, code: str) -> Region:
    """A region whose public register (regulations, funding, benefits, targets) the user may read."""
    region = region_get(code=code)
    if region is None:
        raise Http404(_("Unknown region %(code)s.") % {"code": code})
    if not level_visible(user, level=region.level, code=region.code):
        raise PermissionDenied(_("District and village records need a role for this region."))
    return region


def within(code: str, field: str = "region") -> Q:
    """Records of the region and all its descendants."""
    if code == NATIONAL:
        return Q()
    return Q(**{f"{field}_id": code}) | Q(**{f"{field}__code__startswith": code + "."})


# --- regulations and the Inpres matrix -----------------------------------------------------------------


def regulation_list(user: Any, *, region: Region, kind: str = "", topic: str = "") -> list[Regulation]:
    qs = Regulation.objects.filter(within(region.code)).select_related("region", "document")
    qs = qs.prefetch_related("acts_on")
    if kind:
        qs = qs.filter(kind=kind)
    rows = list(qs)
    if topic:
        rows = [r for r in rows if topic in r.topics]
    return rows


def regulation_get(user: Any, *, pk: int) -> Regulation:
    regulation = (
        Regulation.objects.select_related("region", "document")
        .prefetch_related("acts_on")
        .filter(pk=pk)
        .first()
    )
    if regulation is None:
        raise Http404
    return regulation


# The Inpres 2/2021 instruction met by a budget line (the budget register), not by a regulation.
BUDGET_INSTRUCTION = metrics.BUDGET_INSTRUCTION


@dataclass
class MatrixRow:
    region: Region
    cells: list[list[Regulation]]  # per instruction, the regulations acting on it (none for the budget's)
    # The budget instruction's cell: the region's current budget lines with an allocation, latest year first.
    budget_lines: list[BudgetLine] = field(default_factory=list)
    budget_column: int | None = None  # which cell is the budget instruction's

    @property
    def met(self) -> list[bool]:
        return [
            bool(self.budget_lines) if index == self.budget_column else bool(cell)
            for index, cell in enumerate(self.cells)
        ]

    @property
    def done(self) -> int:
        return sum(self.met)


@dataclass
class InpresMatrix:
    region: Region
    instructions: list[InpresInstruction]
    rows: list[MatrixRow]


def inpres_matrix(user: Any, *, region: Region) -> InpresMatrix:
    """The region and its children (provinces for the nation, regencies for a province): for each
    Inpres 2/2021 instruction, the regulations of that region acting on it."""
    instructions = list(InpresInstruction.objects.all())
    regions = [region, *Region.objects.filter(parent=region).order_by("code")]
    if region.code == NATIONAL:
        regions = regions[1:]
    codes = [r.code for r in regions]
    by_key: dict[tuple[str, int], list[Regulation]] = defaultdict(list)
    through = Regulation.acts_on.through
    links = (
        through.objects.filter(regulation__region_id__in=codes)
        .exclude(inpresinstruction__code=BUDGET_INSTRUCTION)
        .select_related("regulation")
    )
    for link in links.order_by("regulation__issued_on"):
        by_key[(link.regulation.region_id, link.inpresinstruction_id)].append(link.regulation)
    budgets: dict[str, list[BudgetLine]] = defaultdict(list)
    for line in BudgetLine.objects.current().filter(region_id__in=codes, allocation_idr__gt=0):
        budgets[line.region_id].append(line)
    column = next((n for n, i in enumerate(instructions) if i.code == BUDGET_INSTRUCTION), None)
    rows = [
        MatrixRow(r, [by_key.get((r.code, i.pk), []) for i in instructions], budgets.get(r.code, []), column)
        for r in regions
    ]
    return InpresMatrix(region=region, instructions=instructions, rows=rows)


def document_get(user: Any, *, pk: int) -> Document:
    """A document, if the user may read it: public ones for everyone, evidence for roles of its region."""
    document = Document.objects.filter(pk=pk).first()
    if document is None:
        raise Http404
    if not document.public and not can_read_records(user, document.region_id):
        raise Http404  # never say that a restricted document exists
    return document


# --- meetings and follow-ups ---------------------------------------------------------------------------


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


# --- commitments and the offices that own them ----------------------------------------------------------


def _user_offices(user: Any) -> list[int]:
    """The offices in which the user holds a role (an API token's narrowed grants aside)."""
    if not getattr(user, "is_authenticated", False):
        return []
    from cakupan.accounts.models import RoleAssignment

    rows = RoleAssignment.objects.filter(user=user, office__isnull=False)
    return sorted(set(rows.values_list("office_id", flat=True)))


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
        qs = qs.filter(public | scope.q() | Q(owner_id__in=_user_offices(user)))
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
    list: measure them with `cakupan.monev.commitments.measure_all` to find those at risk or late."""
    offices = _user_offices(user)
    if not offices:
        return Target.objects.none()
    return (
        Target.objects.filter(owner_id__in=offices)
        .select_related("region", "owner", "monev_source__meeting")
        .order_by("deadline", "pk")
    )


def follow_ups_for_user(user: Any) -> QuerySet[FollowUp]:
    """The follow-ups still open that are the user's own: owned by an office in which the user holds a
    role, soonest due first (for the task list)."""
    offices = _user_offices(user)
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


def commitment_get(user: Any, *, pk: int) -> Target:
    found = commitment_list(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


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


def writable_regions(user: Any) -> QuerySet[Region]:
    """Provinces and regencies/cities the user may write Monev records for (choices of a form)."""
    scope = access.scope(user, Cap.WRITE_MONEV)
    return Region.objects.filter(
        scope.q("code"), level__gte=Region.Level.PROVINCE, level__lte=Region.Level.REGENCY
    )


# --- vulnerable-worker funding -------------------------------------------------------------------------


@dataclass(frozen=True)
class FundingLine:
    row: VulnerableFunding
    check: FundingCheck | None
    check_error: str = ""


@dataclass
class FundingPage:
    region: Region
    lines: list[FundingLine]
    history: list[VulnerableFunding]
    totals_by_year: dict[int, dict[str, int]] = field(default_factory=dict)


def funding_page(user: Any, *, region: Region) -> FundingPage:
    from cakupan.indicators.params import ParameterMissing

    qs = VulnerableFunding.objects.filter(within(region.code)).select_related("region", "batch")
    visible = [r for r in qs if level_visible(user, level=r.region.level, code=r.region_id)]
    lines = []
    totals: dict[int, dict[str, int]] = {}
    for row in (r for r in visible if r.replaced_by_id is None):
        try:
            check: FundingCheck | None = funding_check(
                workers=row.workers, months=row.months, amount_idr=row.amount_idr, year=row.year
            )
            error = ""
        except ParameterMissing as exc:
            check, error = None, str(exc)
        lines.append(FundingLine(row, check, error))
        total = totals.setdefault(row.year, {"workers": 0, "amount_idr": 0})
        total["workers"] += row.workers
        total["amount_idr"] += row.amount_idr
    history = [r for r in visible if r.replaced_by_id is not None]
    return FundingPage(
        region=region, lines=lines, history=history, totals_by_year=dict(sorted(totals.items()))
    )


# --- the budget register ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetRow:
    """A budget line of a region and year; the vulnerable-workers line with its detail, the region's
    vulnerable-worker funding rows of the year."""

    line: BudgetLine
    funding: list[VulnerableFunding] = field(default_factory=list)

    @property
    def realised_pct(self) -> Fraction | None:
        if self.line.realisation_idr is None or not self.line.allocation_idr:
            return None
        return formulas.rate_pct(self.line.realisation_idr, self.line.allocation_idr)

    @property
    def funding_idr(self) -> int:
        return sum(f.amount_idr for f in self.funding)

    @property
    def funding_workers(self) -> int:
        return sum(f.workers for f in self.funding)


@dataclass
class BudgetPage:
    region: Region
    rows: list[BudgetRow]
    history: list[BudgetLine]
    # Funding rows of a region and year without a vulnerable-workers line (the detail has no line yet).
    unlined_funding: list[VulnerableFunding] = field(default_factory=list)

    @property
    def totals_by_year(self) -> dict[int, dict[str, int]]:
        totals: dict[int, dict[str, int]] = {}
        for row in self.rows:
            total = totals.setdefault(row.line.year, {"allocation_idr": 0, "realisation_idr": 0})
            total["allocation_idr"] += row.line.allocation_idr
            total["realisation_idr"] += row.line.realisation_idr or 0
        return dict(sorted(totals.items(), reverse=True))


def budget_page(user: Any, *, region: Region, year: int | None = None) -> BudgetPage:
    """The budget lines of the region and the regions below it that the user may read (a public register
    down to the public level, as funding), current and replaced; the vulnerable-workers line of a region
    and year carries that region's vulnerable-worker funding rows of the year as its detail."""
    qs = BudgetLine.objects.filter(within(region.code)).select_related("region", "batch")
    funding_qs = VulnerableFunding.objects.current().filter(within(region.code)).select_related("region")
    if year is not None:
        qs, funding_qs = qs.filter(year=year), funding_qs.filter(year=year)
    visible = [r for r in qs if level_visible(user, level=r.region.level, code=r.region_id)]
    funding: dict[tuple[str, int], list[VulnerableFunding]] = defaultdict(list)
    for grant in funding_qs:
        if level_visible(user, level=grant.region.level, code=grant.region_id):
            funding[(grant.region_id, grant.year)].append(grant)
    rows = []
    lined: set[tuple[str, int]] = set()
    for line in (r for r in visible if r.replaced_by_id is None):
        detail: list[VulnerableFunding] = []
        if line.line == BudgetLine.Line.VULNERABLE:
            detail = funding.get((line.region_id, line.year), [])
            lined.add((line.region_id, line.year))
        rows.append(BudgetRow(line, detail))
    unlined = [g for key, grants in sorted(funding.items()) if key not in lined for g in grants]
    history = [r for r in visible if r.replaced_by_id is not None]
    return BudgetPage(region=region, rows=rows, history=history, unlined_funding=unlined)


# --- benefits -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenefitLine:
    program: str
    label: str
    claims: int
    amount_idr: int


@dataclass(frozen=True)
class BenefitMonth:
    period: str
    claims: int
    amount_idr: int


@dataclass
class RegionBenefits:
    region: Region
    period: str | None
    lines: list[BenefitLine]
    trend: list[BenefitMonth]
    from_children: bool

    @property
    def claims(self) -> int:
        return sum(line.claims for line in self.lines)

    @property
    def amount_idr(self) -> int:
        return sum(line.amount_idr for line in self.lines)

    @property
    def max_amount(self) -> int:
        return max((m.amount_idr for m in self.trend), default=0)


def _ancestors(code: str, *, below: str) -> list[str]:
    """The regions between `code` and `below` (exclusive): 53.71.01 below 53 → [53.71]."""
    parts = code.split(".")
    found = [".".join(parts[:n]) for n in range(1, len(parts))]
    return [a for a in found if a != below and (below == NATIONAL or a.startswith(below + "."))]


def _benefit_figures(code: str) -> tuple[dict[str, dict[str, list[int]]], bool]:
    """Claims and amounts of the region by month and program: its own figures where supplied for the
    month, else the sum over the regions below it, each taken at the highest level supplied in its
    branch (a regency's own figure stands for its districts; nothing is counted twice)."""
    rows = BenefitFigure.objects.current().filter(within(code))
    by_month: dict[str, dict[str, list[tuple[str, int, int]]]] = defaultdict(lambda: defaultdict(list))
    for region_code, when, program, claims, amount in rows.values_list(
        "region_id", "period", "program", "claims", "amount_idr"
    ):
        by_month[when][region_code].append((program, claims, amount))
    figures: dict[str, dict[str, list[int]]] = {}
    from_children = False
    for when, regions in by_month.items():
        if code in regions:
            chosen = [code]
        else:
            present = set(regions)
            chosen = [c for c in present if not any(a in present for a in _ancestors(c, below=code))]
            from_children = True
        sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for region_code in chosen:
            for program, claims, amount in regions[region_code]:
                sums[program][0] += claims
                sums[program][1] += amount
        figures[when] = dict(sums)
    return figures, from_children


def region_benefits(user: Any, *, code: str, period: str | None = None, months: int = 12) -> RegionBenefits:
    """Claims and amounts by program for the month (the latest when not given) and the monthly totals
    of the months before it: a public aggregate down to regencies, like the coverage figures."""
    region = region_for_register(user, code=code)
    figures, from_children = _benefit_figures(region.code)
    known = sorted(figures, reverse=True)
    shown_period = period if period in known else (known[0] if known else None)
    labels = dict(BenefitFigure.Program.choices)
    lines: list[BenefitLine] = []
    trend: list[BenefitMonth] = []
    if shown_period is not None:
        sums = figures[shown_period]
        lines = [
            BenefitLine(p, str(labels[p]), sums[p][0], sums[p][1])
            for p in BenefitFigure.Program.values
            if p in sums
        ]
        for when in periods.span(shown_period, months):
            if when in figures:
                month = figures[when].values()
                trend.append(BenefitMonth(when, sum(v[0] for v in month), sum(v[1] for v in month)))
    return RegionBenefits(region, shown_period, lines, trend, from_children)


# --- targets --------------------------------------------------------------------------------------------


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
    from cakupan.monev import commitments

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


# --- non-ASN staff, village officials, election organisers ---------------------------------------------


@dataclass(frozen=True)
class StaffCell:
    staff: int
    covered: int

    @property
    def rate(self) -> Fraction | None:
        return formulas.rate_pct(self.covered, self.staff)


@dataclass
class StaffTable:
    group: str
    label: str
    periods: list[str]
    rows: list[tuple[str, list[StaffCell | None]]]  # agency, a cell per period
    totals: list[StaffCell | None]


def staff_match_lists(user: Any, *, region: Region) -> list[Any]:
    """The list matches (participants.MatchList) of the region and those below it whose result the user
    may read and write into the non-ASN table: latest first."""
    from cakupan.participants.selectors import match_list_list

    if not can_write(user, region.code):
        return []
    return list(match_list_list(user).filter(within(region.code))[:20])


def staff_coverage_tables(user: Any, *, region: Region, months: int = 6) -> list[StaffTable]:
    """Per group, the agencies of the region with staff and covered counts over the latest months."""
    rows = list(StaffCoverage.objects.filter(region=region))
    tables = []
    for group, label in StaffCoverage.Group.choices:
        mine = [r for r in rows if r.group == group]
        if not mine:
            continue
        shown = sorted({r.period for r in mine})[-months:]
        cells = {(r.agency, r.period): StaffCell(r.staff, r.covered) for r in mine}
        agencies = sorted({r.agency for r in mine})
        table_rows = [(a, [cells.get((a, p)) for p in shown]) for a in agencies]
        totals: list[StaffCell | None] = []
        for index, _period in enumerate(shown):
            present = [cell for _a, line in table_rows if (cell := line[index]) is not None]
            totals.append(
                StaffCell(sum(c.staff for c in present), sum(c.covered for c in present)) if present else None
            )
        tables.append(StaffTable(group, str(label), shown, table_rows, totals))
    return tables


def staff_coverage_latest(*, region_code: str, group: str, year: int) -> StaffCell | None:
    """The region's total for a group in the latest month of the year with figures (for the scorecard)."""
    rows = StaffCoverage.objects.filter(region_id=region_code, group=group, period__startswith=f"{year}-")
    latest = rows.order_by("-period").values_list("period", flat=True).first()
    if latest is None:
        return None
    found = list(rows.filter(period=latest))
    return StaffCell(sum(r.staff for r in found), sum(r.covered for r in found))


def national_staff_coverage(*, year: int, last: str) -> dict[str, StaffCell]:
    """Every agency's latest figure of the year up to `last`, summed over the nation by group. Agencies of
    a province and of its regencies are distinct employers, so no one is counted twice."""
    latest: dict[tuple[str, str, str], StaffCoverage] = {}
    rows = StaffCoverage.objects.filter(period__startswith=f"{year}-", period__lte=last).order_by("period")
    for row in rows:
        latest[(row.region_id, row.group, row.agency)] = row
    totals: dict[str, StaffCell] = {}
    for (_code, group, _agency), row in latest.items():
        before = totals.get(group, StaffCell(0, 0))
        totals[group] = StaffCell(before.staff + row.staff, before.covered + row.covered)
    return totals


# --- the six-monthly national summary ------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceSummary:
    region: Region
    indicators: library.RegionIndicators | None
    regulations: int
    regulations_in_semester: int
    instructions_acted_on: int
    funded_workers: int
    funded_idr: int
    follow_ups_done: int
    follow_ups_open: int
    follow_ups_overdue: int


@dataclass
class NationalSummary:
    year: int
    half: int
    start: date
    end: date
    period: str | None
    national: library.RegionIndicators | None
    provinces: list[ProvinceSummary]
    instructions: int

    @property
    def totals(self) -> dict[str, int]:
        keys = (
            "regulations",
            "regulations_in_semester",
            "funded_workers",
            "funded_idr",
            "follow_ups_done",
            "follow_ups_open",
            "follow_ups_overdue",
        )
        return {k: sum(getattr(p, k) for p in self.provinces) for k in keys}


def summary_allowed(user: Any) -> bool:
    """The report to the President draws on every region's working records: national roles only."""
    return records_scope(user).everything


def national_summary(user: Any, *, year: int, half: int) -> NationalSummary:
    """National and per-province figures at the end of the half-year (or the latest month before it with
    figures), progress against targets, regulations, budgets and the status of follow-ups."""
    if not summary_allowed(user):
        raise PermissionDenied(_("The national summary needs a national role."))
    start = date(year, 1 if half == 1 else 7, 1)
    end = date(year, 6, 30) if half == 1 else date(year, 12, 31)
    last = f"{year}-{'06' if half == 1 else '12'}"
    period = next((p for p in library.available_periods(NATIONAL) if p <= last), None)
    national = library.region_indicators(NATIONAL, period) if period else None
    provinces = list(Region.objects.filter(level=Region.Level.PROVINCE).order_by("code"))
    figures = library.compute([p.code for p in provinces], period) if period else {}

    def province_of(code: str) -> str:
        return code[:2]

    regs: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for code, issued in Regulation.objects.filter(issued_on__lte=end).values_list("region_id", "issued_on"):
        regs[province_of(code)][0] += 1
        regs[province_of(code)][1] += issued >= start
    acted = metrics.instructions_acted_on(by=end, region_codes=[p.code for p in provinces])
    funds = metrics.funding(year=year, key=province_of)
    status = metrics.follow_up_counts(
        FollowUp.objects.filter(meeting__held_on__lte=end), by=end, key=province_of
    )
    rows = [
        ProvinceSummary(
            region=p,
            indicators=figures.get(p.code),
            regulations=regs[p.code][0],
            regulations_in_semester=regs[p.code][1],
            instructions_acted_on=len(acted[p.code]),
            funded_workers=funds[p.code].workers,
            funded_idr=funds[p.code].budget_idr,
            follow_ups_done=status[p.code].done,
            follow_ups_open=status[p.code].open,
            follow_ups_overdue=status[p.code].overdue,
        )
        for p in provinces
    ]
    return NationalSummary(
        year=year,
        half=half,
        start=start,
        end=end,
        period=period,
        national=national,
        provinces=rows,
        instructions=metrics.instructions_scored(),
    )


# --- the six-monthly report: what the Inpres addressees reported ---------------------------------------


def addressee_report_list(
    user: Any, *, year: int | None = None, half: int | None = None
) -> QuerySet[AddresseeReport]:
    """The reports of the regions the user may read records of (national roles: all of them)."""
    qs = AddresseeReport.objects.filter(records_scope(user).q()).select_related(
        "region", "document", "entered_by"
    )
    if year is not None:
        qs = qs.filter(year=year)
    if half is not None:
        qs = qs.filter(half=half)
    return qs


def addressee_report_get(user: Any, *, pk: int) -> AddresseeReport:
    report = AddresseeReport.objects.select_related("region", "document").filter(pk=pk).first()
    if report is None or not can_read_records(user, report.region_id):
        raise Http404
    return report


def addressee_regions(user: Any) -> QuerySet[Region]:
    """The nation, provinces and regencies/cities the user may enter an addressee's report for."""
    levels = [Region.Level.NATIONAL, Region.Level.PROVINCE, Region.Level.REGENCY]
    return Region.objects.filter(access.scope(user, Cap.WRITE_MONEV).q("code"), level__in=levels).order_by(
        "code"
    )


def semester_narrative(user: Any, *, year: int, half: int) -> SemesterNarrative | None:
    if not summary_allowed(user):
        raise PermissionDenied(_("The national summary needs a national role."))
    return SemesterNarrative.objects.filter(year=year, half=half).first()
