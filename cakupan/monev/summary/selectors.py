"""Reading the national summary, the addressees' reports and the semester narrative for a user."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.core.codes import NATIONAL
from cakupan.indicators import library
from cakupan.monev import metrics
from cakupan.monev.meetings.models import FollowUp
from cakupan.monev.regulations.models import Regulation
from cakupan.monev.selectors import can_read_records, records_scope
from cakupan.monev.summary.models import AddresseeReport, SemesterNarrative
from cakupan.regions.models import Region


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
