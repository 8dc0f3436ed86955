"""The Monev meeting pack: one tree of plain data, built from the indicator library and the sections other
domains give the Monev report, that the PPTX, the PDF and the XLSX lay out and a snapshot freezes.

Every figure is the library's (`library.region_indicators`, `children_ranking`, `region_page`); the only
arithmetic here is `formulas.difference` between two of its rates, for the change since the previous
meeting.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cakupan.common.formatting import fmt_month
from cakupan.core import periods
from cakupan.dashboards.selectors import RegionPage, region_page
from cakupan.indicators import formulas, library
from cakupan.indicators.library import RegionIndicators
from cakupan.indicators.selectors import region_for_figures
from cakupan.indicators.versions import region_version
from cakupan.indicators.words import denominator_text, not_ranked_text, warning_sentence
from cakupan.monev.meetings.minutes import long_date
from cakupan.participants.left_out_sections import (
    COHORT_KEY,
    VILLAGE_KEY,
    funded_cohorts,
    one_village_a_hundred,
)
from cakupan.reports.sections import Provider, Section, extra_sections

# Sections of the Monev report that a pack carries (its own follow-ups table replaces the report's): the
# registers' sections read their pages' selectors and the scorecard's function, so the pack shows the figures
# of their pages (issue 23).
SECTION_KEYS = (
    "regulations",
    "commitments",
    "compliance",
    "staff",
    "benefits",
    "outreach",
    "scorecard",
    "poverty",  # the poorest deciles of the latest poverty list matched (issue 21 §4)
)
# Sections of the Monev report that a pack carries for every invited region, the host's first (issue 21 §2,
# §3): the host's as the report gives them, the others' from the same providers.
REGION_SECTIONS: dict[str, Provider] = {COHORT_KEY: funded_cohorts, VILLAGE_KEY: one_village_a_hundred}


class NoPackFigures(LookupError):
    """The host region has no figures for the month."""


@dataclass
class RegionLine:
    """One invited region's headline, with the change since the comparison month."""

    code: str
    name: str
    period: str
    workers: int | None
    active: int | None
    coverage_rate: Fraction | None  # None also when incomplete (no headline)
    band: str | None
    target_rate: Fraction | None
    target_gap_points: Fraction | None
    workers_to_target: int | None
    months_to_target: int | None
    target_reached_month: str | None
    ucj_gap_points: Fraction | None
    workers_to_protect: int | None
    bpu_unprotected: int | None
    before_period: str | None
    before_rate: Fraction | None
    change_points: Fraction | None
    change_active: int | None
    simulated: bool
    warnings: list[str] = field(default_factory=list)
    # The denominator's source and vintage, in the pack's language, shown beside the rate.
    denominator: str = ""


@dataclass
class RankLine:
    rank: int | None
    code: str
    name: str
    coverage_rate: Fraction | None
    band: str | None
    active: int | None
    workers: int | None
    change_month_points: Fraction | None
    note: str = ""  # why it is not ranked, or its warnings
    denominator: str = ""


@dataclass
class FollowUpLine:
    meeting_on: date
    region: str
    action: str
    responsible: str
    due_on: date
    status: str
    overdue: bool
    this_meeting: bool  # a commitment of this meeting (else an open one of an earlier meeting)


@dataclass
class Pack:
    title: str
    subtitle: str
    region_code: str
    region_name: str
    period: str
    lang: str
    generated_at: datetime
    comparison: str  # what the change compares with, in words
    regions: list[RegionLine]
    ranking: list[RankLine]
    follow_ups: list[FollowUpLine]
    sections: list[Section]
    simulated: bool
    figures_version: str
    meeting_id: int | None = None
    meeting_on: date | None = None
    budget_workers: int | None = None  # "what it takes": the host's workers to the target …
    budget_months: int | None = None
    budget_idr: int | None = None  # … paid for a year at the minimum BPU contribution
    page: RegionPage | None = None  # the host's region page: its charts and map, for the PDF

    @property
    def host(self) -> RegionLine:
        return self.regions[0]

    @property
    def file_stem(self) -> str:
        if self.meeting_id is not None:
            return f"bahan-rapat-{self.meeting_id}-{self.region_code}-{self.period}-{self.lang}"
        return f"bahan-rapat-{self.region_code}-{self.period}-{self.lang}"


def meeting_period(meeting: Any) -> str | None:
    """The month a meeting looks at: the latest with figures for its host on or before the meeting."""
    held = f"{meeting.held_on:%Y-%m}"
    months = [m for m in library.available_periods(meeting.region_id) if m <= held]
    return months[0] if months else None


def previous_meeting(meeting: Any) -> Any:
    """The latest earlier meeting hosted by the same region (whoever may read it: it is only a date)."""
    from cakupan.monev.models import Meeting

    return (
        Meeting.objects.filter(region_id=meeting.region_id, held_on__lt=meeting.held_on)
        .order_by("-held_on", "-pk")
        .first()
    )


def pack_build(
    user: Any, *, code: str, period: str, lang: str, meeting: Any = None, drawings: bool = True
) -> Pack:
    """The pack for a region and month, or for a meeting (its host region and invited regions). The
    caller has checked that the user may read the meeting. Raises Http404 / PermissionDenied like the
    region page, and NoPackFigures when the host has no figures for the month. Without `drawings` the
    trend chart and the map (SVG, for the PDF only) are not drawn: the slides and the workbook chart
    their figures themselves."""
    with translation.override(lang):
        page = region_page(
            user,
            code=code,
            period=period,
            sort="rank",
            direction="asc",
            view="" if drawings else "tabel",
            with_charts=drawings,
        )
        if page.indicators is None or page.period != period:
            raise NoPackFigures(code, period)
        before_meeting = previous_meeting(meeting) if meeting is not None else None
        before_period = meeting_period(before_meeting) if before_meeting is not None else None
        if before_meeting is not None and before_period is not None:
            comparison = _("Change since the previous meeting (%(date)s, figures of %(month)s)") % {
                "date": long_date(before_meeting.held_on, lang),
                "month": fmt_month(before_period, lang),
            }
        elif meeting is not None:
            before_period = None
            comparison = _("Change since the previous month (no earlier meeting of the region)")
        else:
            comparison = _("Change since the previous month")
        invited = [page.indicators] + [
            ind for ind in (_invited(user, c, period) for c in _other_codes(meeting)) if ind is not None
        ]
        regions = [_region_line(ind, before_period, lang) for ind in invited]
        found = extra_sections(user, code, period)
        sections = [s for s in found if s.key in SECTION_KEYS]
        sections += invited_sections(
            user,
            host=[s for s in found if s.key in REGION_SECTIONS],
            codes=[r.code for r in regions],
            names={r.code: r.name for r in regions},
            period=period,
        )
        budget = page.budget
        title = _("Monev meeting pack: %(name)s") % {"name": page.region.name}
        subtitle = fmt_month(period, lang)
        if meeting is not None:
            subtitle = _("Meeting of %(date)s in %(place)s · figures of %(month)s") % {
                "date": long_date(meeting.held_on, lang),
                "place": meeting.place,
                "month": fmt_month(period, lang),
            }
        return Pack(
            title=title,
            subtitle=subtitle,
            region_code=page.region.code,
            region_name=page.region.name,
            period=period,
            lang=lang,
            generated_at=timezone.localtime(),
            comparison=comparison,
            regions=regions,
            ranking=[_rank_line(c, lang) for c in page.children],
            follow_ups=_follow_ups(code, meeting),
            sections=sections,
            simulated=any(r.simulated for r in regions),
            figures_version=region_version(page.region.code, period),
            meeting_id=meeting.pk if meeting is not None else None,
            meeting_on=meeting.held_on if meeting is not None else None,
            budget_workers=budget.workers if budget else None,
            budget_months=budget.months if budget else None,
            budget_idr=budget.total_idr if budget else None,
            page=page,
        )


def invited_sections(
    user: Any, *, host: list[Section], codes: list[str], names: dict[str, str], period: str
) -> list[Section]:
    """The sections of REGION_SECTIONS for every invited region (`codes`, the host first, whose sections
    are `host`), one section each with a table per region and table named by its region when there are
    several; a region the user may not read restricted figures of gives nothing, as its pages."""
    given = {s.key: s for s in host}
    merged: list[Section] = []
    for key, provider in REGION_SECTIONS.items():
        found = [(codes[0], given.get(key))] if codes else []
        found += [(code, provider(user, code, period)) for code in codes[1:]]
        parts = [(code, section) for code, section in found if section is not None]
        if not parts:
            continue
        if len(codes) == 1:
            merged.append(parts[0][1])
            continue
        merged.append(_merged(parts, names))
    return merged


def _merged(parts: list[tuple[str, Section]], names: dict[str, str]) -> Section:
    """One section of several regions': the lines they share once, then each region's own lines and
    tables under its name."""
    first = parts[0][1]
    shared = [line for line in first.lines if all(line in s.lines for _code, s in parts)]
    lines = list(shared)
    tables = []
    for code, section in parts:
        name = f"{names.get(code) or code} ({code})"
        lines += [f"{name}: {line}" for line in section.lines if line not in shared]
        tables += [replace(t, title=f"{name}: {t.title}" if t.title else name) for t in section.tables]
    return Section(
        key=first.key,
        title=first.title,
        lines=lines,
        tables=tables,
        batch_ids=sorted({b for _code, s in parts for b in s.batch_ids}),
        sheet=first.sheet,
    )


def _other_codes(meeting: Any) -> list[str]:
    if meeting is None:
        return []
    return list(meeting.other_regions.order_by("code").values_list("code", flat=True))


def _invited(user: Any, code: str, period: str) -> RegionIndicators | None:
    region_for_figures(user, code=code)  # the same rule as the region page
    return library.region_indicators(code, period)


def _region_line(ind: RegionIndicators, before_period: str | None, lang: str) -> RegionLine:
    rate = ind.coverage_rate if ind.ranked else None
    if before_period is None:
        # The library's own change on the previous month (measured over the same sub-regions).
        change_points, change_active = ind.change_month_points, ind.change_month_active
        before = library.region_indicators(ind.region_code, periods.shift(ind.period, -1))
    else:
        before = library.region_indicators(ind.region_code, before_period)
        before_rate = before.coverage_rate if before is not None and before.ranked else None
        change_points = formulas.difference(rate, before_rate) if rate is not None else None
        change_active = (
            int(formulas.difference(ind.active, before.active) or 0)
            if before is not None and ind.active is not None and before.active is not None
            else None
        )
    warnings = [warning_sentence(w, lang) for w in ind.warnings]
    return RegionLine(
        code=ind.region_code,
        name=ind.region_name,
        period=ind.period,
        workers=ind.workers,
        active=ind.active,
        coverage_rate=rate,
        band=ind.band if ind.ranked else None,
        target_rate=ind.target_rate,
        target_gap_points=ind.target_gap_points if ind.ranked else None,
        workers_to_target=ind.workers_to_target if ind.ranked else None,
        months_to_target=ind.months_to_target,
        target_reached_month=ind.target_reached_month,
        ucj_gap_points=ind.gap_points if ind.ranked else None,
        workers_to_protect=ind.workers_to_protect if ind.ranked else None,
        bpu_unprotected=ind.bpu_unprotected,
        before_period=before.period if before is not None else before_period,
        before_rate=before.coverage_rate if before is not None and before.ranked else None,
        change_points=change_points,
        change_active=change_active,
        simulated=ind.simulated,
        warnings=warnings,
        denominator=denominator_text(ind, lang),
    )


def _rank_line(ind: RegionIndicators, lang: str) -> RankLine:
    notes = [] if ind.ranked else [not_ranked_text(ind)]
    notes += [warning_sentence(w, lang) for w in ind.warnings]
    return RankLine(
        rank=ind.rank,
        code=ind.region_code,
        name=ind.region_name,
        coverage_rate=ind.coverage_rate if ind.ranked else None,
        band=ind.band if ind.ranked else None,
        active=ind.active,
        workers=ind.workers,
        change_month_points=ind.change_month_points,
        note=" | ".join(notes),
        denominator=denominator_text(ind, lang, short=True),
    )


def _follow_ups(code: str, meeting: Any) -> list[FollowUpLine]:
    """The meeting's own commitments and the open follow-ups of the host region's earlier meetings (the
    region and its sub-regions only: a pack is read by whoever may read the host's records)."""
    from django.db.models import Q

    from cakupan.monev.models import FollowUp

    today = timezone.localdate()
    within = Q(region_id=code) | Q(region__code__startswith=code + ".") if code != "00" else Q()
    found = FollowUp.objects.filter(within).select_related("meeting", "region")
    if meeting is not None:
        found = found.filter(
            Q(meeting=meeting)
            | (
                Q(meeting__held_on__lte=meeting.held_on)
                & ~Q(status__in=FollowUp.CLOSED)
                & ~Q(meeting=meeting)
            )
        )
    else:
        found = found.exclude(status__in=FollowUp.CLOSED)
    lines = [
        FollowUpLine(
            meeting_on=f.meeting.held_on,
            region=f.region.name,
            action=f.action,
            responsible=f.responsible,
            due_on=f.due_on,
            status=str(f.get_status_display()),
            overdue=not f.is_closed and f.due_on < today,
            this_meeting=meeting is not None and f.meeting_id == meeting.pk,
        )
        for f in found.order_by("due_on", "pk")
    ]
    return sorted(lines, key=lambda line: (not line.this_meeting, line.due_on))


# --- the frozen values ---------------------------------------------------------------------------------


def pack_values(pack: Pack) -> dict[str, Any]:
    """What a snapshot keeps: the regions' headlines and the ranking, exact (fractions as text)."""
    return {
        "period": pack.period,
        "comparison": pack.comparison,
        "regions": [_jsonable(asdict(r)) for r in pack.regions],
        "ranking": [_jsonable(asdict(r)) for r in pack.ranking],
    }


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Fraction) else v) for k, v in row.items()}


FRACTIONS = {f for f in RegionLine.__dataclass_fields__ if "rate" in f or "points" in f}


def region_lines(values: dict[str, Any]) -> list[RegionLine]:
    """The frozen headlines back as lines (rates as exact fractions again)."""
    lines = []
    for row in values.get("regions", []):
        exact: dict[str, Any] = {
            k: (Fraction(v) if k in FRACTIONS and v is not None else v) for k, v in row.items()
        }
        lines.append(RegionLine(**exact))
    return lines
