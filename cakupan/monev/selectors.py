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
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.core import periods
from cakupan.core.codes import NATIONAL
from cakupan.imports import selectors as import_selectors
from cakupan.indicators import formulas, library
from cakupan.indicators.selectors import level_visible
from cakupan.monev import metrics
from cakupan.monev.meetings.models import FollowUp
from cakupan.monev.models import AddresseeReport, BenefitFigure, SemesterNarrative, StaffCoverage
from cakupan.monev.regulations.models import Regulation
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


def require_writer(user: Any, region_code: str, cap: str = Cap.WRITE_MONEV) -> None:
    if user is not None and not access.can(user, cap, region_code):
        raise PermissionDenied(
            _("You may not write Monev records for region %(code)s.") % {"code": region_code}
        )


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


# --- meetings and follow-ups ---------------------------------------------------------------------------


# --- commitments and the offices that own them ----------------------------------------------------------


def user_offices(user: Any) -> list[int]:
    """The offices in which the user holds a role (an API token's narrowed grants aside)."""
    if not getattr(user, "is_authenticated", False):
        return []
    from cakupan.accounts.models import RoleAssignment

    rows = RoleAssignment.objects.filter(user=user, office__isnull=False)
    return sorted(set(rows.values_list("office_id", flat=True)))


def writable_regions(user: Any) -> QuerySet[Region]:
    """Provinces and regencies/cities the user may write Monev records for (choices of a form)."""
    scope = access.scope(user, Cap.WRITE_MONEV)
    return Region.objects.filter(
        scope.q("code"), level__gte=Region.Level.PROVINCE, level__lte=Region.Level.REGENCY
    )


# --- vulnerable-worker funding -------------------------------------------------------------------------


# --- the budget register ------------------------------------------------------------------------------


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
