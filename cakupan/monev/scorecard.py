"""The Monev scorecard: a weighted index per region and year, every aspect with what was measured (numbers),
its score (0–100), weight and the page that is its evidence. Ranked among the provinces (the nation's
children) or among the regencies and cities of a province: the two tiers of the Paritrana Award.

An aspect without data has no score ("no data", not 0). The index is the weighted mean of the aspects that
have data; the share of the weight they carry is shown beside it, and a region whose share is below the
dated `scorecard_min_covered_weight_pct` is shown but not ranked.

Aspect scores:
- coverage_level: coverage rate ÷ the region's coverage target for the year (else the UCJ line) × 100, at
  most 100, in the latest month of the year with figures (indicator library).
- coverage_gain: change in coverage points against the same month a year earlier ÷ the configured
  full-score gain × 100, between 0 and 100.
- regulations: Inpres 2/2021 instructions acted on by the region's regulations issued by the end of the
  year ÷ the instructions a regulation meets × 100. The budget instruction is met by a budget and scored
  by the budget aspect, so a regulation tagged with it counts once (nowhere twice).
- budget: worker-months that the regional budgets (APBD provinsi, APBD kabupaten/kota, APBDes) of the
  year buy at the minimum BPU contribution (JKK + JKM, dated configuration valid on 1 January) ÷ (the
  region's `vulnerable_workers_funded` target × 12) × 100, at most 100. No target: no data.
- vulnerable_funding: workers funded in the year (every funder) ÷ the region's `vulnerable_workers_funded`
  target × 100, at most 100. No target: no data.
- non_asn: non-ASN staff covered ÷ non-ASN staff, in the latest month of the year with figures.
- compliance: employer compliance cases (cakupan.compliance) of the region and the regions below it that
  were open during the year and were closed by its end (closed as compliant, or sanction lifted) ÷ all
  of them. No case: no data.
- follow_ups: follow-ups of the region's Monev meetings due in the year that are done ÷ all of them.
- head_attendance: the region's own Monev meetings held in the year with their attendance recorded at
  which the head of region (kepala daerah) was present in person ÷ all of them. A joint meeting counts
  for its host only (the attendance list does not say whose head came). No such meeting: no data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cakupan.common import formatting, periods
from cakupan.common.dated import value_on, values_on
from cakupan.compliance.models import Case
from cakupan.indicators import formulas, library, words
from cakupan.indicators.models import Target
from cakupan.indicators.params import ParameterMissing, Params
from cakupan.monev import commitments as commitment_status
from cakupan.monev import selectors
from cakupan.monev.models import (
    Attendee,
    FollowUp,
    InpresInstruction,
    Meeting,
    MonevParameter,
    Regulation,
    ScorecardWeight,
    StaffCoverage,
    VulnerableFunding,
)
from cakupan.regions.codes import NATIONAL
from cakupan.regions.models import Region

HUNDRED = Fraction(100)
REGIONAL_BUDGETS = (
    VulnerableFunding.Funder.APBD_PROVINSI,
    VulnerableFunding.Funder.APBD_KABKOTA,
    VulnerableFunding.Funder.APBDES,
)
# The Inpres 2/2021 instruction a budget line meets (scored by the budget aspect, not by regulations).
BUDGET_INSTRUCTION = selectors.BUDGET_INSTRUCTION


class Unit:
    """What an aspect's `measured` and `of` count (the API's `unit`)."""

    PERCENT = "percent"  # coverage rate of the target rate
    POINTS = "points"  # coverage points gained of the full-score gain
    INSTRUCTIONS = "instructions"
    WORKER_MONTHS = "worker_months"
    WORKERS = "workers"
    STAFF = "staff"
    CASES = "cases"
    FOLLOW_UPS = "follow_ups"
    MEETINGS = "meetings"


@dataclass(frozen=True)
class AspectWeight:
    aspect: str
    label: str
    weight: Fraction
    legal_basis: str


@dataclass(frozen=True)
class AspectScore:
    aspect: str
    value: str  # the measured value in words and numbers for the page, e.g. "33.73 % of 45.00 %"
    score: Fraction | None  # None: no data (left out of the index, not 0)
    weight: Fraction
    evidence_url: str
    # The numbers behind `value` (the API and downloads give these, not the words): `measured` of `of`,
    # both in `unit`; None where there is nothing to measure.
    measured: Fraction | None = None
    of: Fraction | None = None
    unit: str = ""
    amount_idr: int | None = None  # the budget aspect: rupiah of the regional budgets

    @property
    def has_data(self) -> bool:
        return self.score is not None

    @property
    def points(self) -> Fraction:
        """Score × weight; the caller divides by the weight of the aspects with data."""
        return (self.score or Fraction(0)) * self.weight


@dataclass(frozen=True)
class RegionScore:
    region: Region
    aspects: list[AspectScore]
    index: Fraction | None  # weighted mean of the aspects with data; None when none has data
    rank: int | None  # None: not ranked (too little of the weight has data)
    # The targets and commitments due in the year by status (shown beside the index, not weighted).
    commitments: dict[str, int] = field(default_factory=dict)
    covered_pct: Fraction = Fraction(0)  # share of the weight carried by aspects with data (0–100)

    @property
    def ranked(self) -> bool:
        return self.rank is not None

    @property
    def commitments_text(self) -> str:
        parts = [
            f"{self.commitments[status]} {commitment_status.STATUS_LABELS[status]}"
            for status in commitment_status.STATUS_ORDER
            if self.commitments.get(status)
        ]
        return ", ".join(parts) if parts else str(_("none due"))


@dataclass
class Scorecard:
    region: Region  # the parent: national (province tier) or a province (regency tier)
    year: int
    period: str | None
    weights: list[AspectWeight]
    rows: list[RegionScore]
    # The share of the weight (%) a region's data must cover to be ranked; None: not configured (a region
    # is ranked when any aspect has data).
    min_covered_pct: Fraction | None = None
    bpu_monthly_idr: int | None = None  # the minimum BPU contribution a month the budget aspect used

    @property
    def tier(self) -> str:
        return "province" if self.region.code == NATIONAL else "regency"


def _weights(rows: dict[str, ScorecardWeight]) -> list[AspectWeight]:
    """The aspects with a weight above zero, in the order of the aspects."""
    labels = dict(ScorecardWeight.Aspect.choices)
    return [
        AspectWeight(a, str(labels[a]), Fraction(rows[a].weight), rows[a].legal_basis)
        for a in ScorecardWeight.Aspect.values
        if a in rows and rows[a].weight > 0
    ]


def _pct(value: Fraction | None) -> str:
    return formatting.fmt_pct(value, get_language())


def _int(value: int | Fraction) -> str:
    return formatting.fmt_int(int(value), get_language())


def _capped(value: Fraction) -> Fraction:
    return max(Fraction(0), min(HUNDRED, value))


def _share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) * HUNDRED if whole else None


def _optional(key: str, day: date) -> Fraction | None:
    row = value_on(MonevParameter, key, day=day, required=False)
    return None if row is None else Fraction(row.value)  # None: not configured for that day


def _bpu_monthly_idr(day: date) -> int | None:
    try:
        return Params.at(day).bpu_min_monthly_idr
    except ParameterMissing:
        return None


@dataclass(frozen=True)
class _Aspect:
    value: str
    score: Fraction | None
    evidence_url: str
    measured: Fraction | int | None = None
    of: Fraction | int | None = None
    unit: str = ""
    amount_idr: int | None = None


def _frac(value: Fraction | int | None) -> Fraction | None:
    return None if value is None else Fraction(value)


def scorecard(user: Any, *, region: Region, year: int) -> Scorecard:
    """The scorecard of the children of `region` (provinces for the nation, regencies and cities for a
    province) for the year."""
    if region.level not in (Region.Level.NATIONAL, Region.Level.PROVINCE):
        raise PermissionDenied(_("The scorecard ranks provinces and regencies/cities only."))
    year_end = date(year, 12, 31)
    weights = _weights(values_on(ScorecardWeight, year_end))
    children = list(Region.objects.filter(parent=region).order_by("code"))
    codes = [c.code for c in children]
    in_year = [p for p in library.available_periods(region.code) if periods.year_of(p) == year]
    period = in_year[0] if in_year else None
    indicators = library.compute(codes, period) if period else {}
    gain_full = _optional(MonevParameter.Key.SCORECARD_GAIN_FULL_POINTS, year_end)
    min_covered = _optional(MonevParameter.Key.SCORECARD_MIN_COVERED_WEIGHT_PCT, year_end)
    # The contribution a budget pays a worker a month, as the funding check reads it (1 January).
    bpu_monthly = _bpu_monthly_idr(date(year, 1, 1))

    instructions = InpresInstruction.objects.exclude(code=BUDGET_INSTRUCTION).count()
    acted: dict[str, set[int]] = defaultdict(set)
    links = (
        Regulation.acts_on.through.objects.filter(
            regulation__region_id__in=codes, regulation__issued_on__lte=year_end
        )
        .exclude(inpresinstruction__code=BUDGET_INSTRUCTION)
        .values_list("regulation__region_id", "inpresinstruction_id")
    )
    for code, instruction in links:
        acted[code].add(instruction)
    funding = VulnerableFunding.objects.current().filter(region_id__in=codes, year=year)
    funded_workers: dict[str, int] = defaultdict(int)
    regional_budget: dict[str, int] = defaultdict(int)
    for grant in funding:
        funded_workers[grant.region_id] += grant.workers
        if grant.funder in REGIONAL_BUDGETS:
            regional_budget[grant.region_id] += grant.amount_idr
    vulnerable_targets = {
        t.region_id: Fraction(t.value)
        for t in Target.objects.yearly().filter(
            region_id__in=codes, year=year, indicator="vulnerable_workers_funded"
        )
    }
    staff_rows = StaffCoverage.objects.filter(
        region_id__in=codes, group=StaffCoverage.Group.NON_ASN, period__startswith=f"{year}-"
    )
    latest_staff: dict[str, str] = {}
    for row in staff_rows:
        latest_staff[row.region_id] = max(latest_staff.get(row.region_id, ""), row.period)
    staff: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in staff_rows:
        if row.period == latest_staff[row.region_id]:
            staff[row.region_id][0] += row.staff
            staff[row.region_id][1] += row.covered
    follow_ups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for code, status in FollowUp.objects.filter(region_id__in=codes, due_on__year=year).values_list(
        "region_id", "status"
    ):
        follow_ups[code][0] += 1
        follow_ups[code][1] += status == FollowUp.Status.DONE
    # The region's own meetings of the year with an attendance list, and those its head came to in person.
    head_present: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    recorded = Attendee.objects.filter(meeting__region_id__in=codes, meeting__held_on__year=year)
    present = set(recorded.filter(head_of_region=True, attended=True).values_list("meeting_id", flat=True))
    for code, meeting_id in (
        Meeting.objects.filter(pk__in=recorded.values("meeting_id")).values_list("region_id", "pk").distinct()
    ):
        head_present[code][0] += 1
        head_present[code][1] += meeting_id in present

    cases: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    width = len(codes[0]) if codes else 0
    case_rows = Case.objects.filter(opened_at__date__lte=year_end).filter(
        Q(closed_at=None) | Q(closed_at__date__gte=date(year, 1, 1))
    )
    if region.code != NATIONAL:
        case_rows = case_rows.filter(Q(region_id=region.code) | Q(region__code__startswith=region.code + "."))
    for case_region, closed_at in case_rows.values_list("region_id", "closed_at"):
        counts = cases[case_region[:width]]
        counts[0] += 1
        counts[1] += closed_at is not None and closed_at.date() <= year_end

    total_weight = sum((w.weight for w in weights), Fraction(0))
    scored: list[tuple[Region, list[AspectScore], Fraction | None, Fraction, bool]] = []
    for child in children:
        code = child.code
        ind = indicators.get(code)
        evidence_region = reverse("dashboards:region", args=[code]) + (f"?periode={period}" if period else "")
        aspects: dict[str, _Aspect] = {}
        if ind is not None and ind.coverage_rate is not None:
            line = ind.target_rate or ind.ucj_target
            rate_words = _("%(rate)s of %(target)s") % {"rate": _pct(ind.coverage_rate), "target": _pct(line)}
            if denominator := words.denominator_text(ind, get_language(), short=True):
                rate_words += f" ({denominator})"  # the rate's workforce, as beside every rate
            aspects["coverage_level"] = _Aspect(
                rate_words,
                _capped(ind.coverage_rate / line * HUNDRED) if line else None,
                evidence_region,
                ind.coverage_rate,
                line,
                Unit.PERCENT,
            )
            gain = ind.change_year_points
            aspects["coverage_gain"] = _Aspect(
                _("%(points)s in a year") % {"points": formatting.fmt_points(gain, get_language())}
                if gain is not None
                else _("no data"),
                _capped(gain / gain_full * HUNDRED) if gain is not None and gain_full else None,
                evidence_region,
                gain,
                gain_full,
                Unit.POINTS,
            )
        else:
            aspects["coverage_level"] = _Aspect(_("no data"), None, evidence_region, unit=Unit.PERCENT)
            aspects["coverage_gain"] = _Aspect(_("no data"), None, evidence_region, unit=Unit.POINTS)
        done = len(acted.get(code, set()))
        aspects["regulations"] = _Aspect(
            _("%(done)d of %(total)d instructions") % {"done": done, "total": instructions},
            _share(done, instructions),
            reverse("monev:inpres", args=[code]),
            done,
            instructions,
            Unit.INSTRUCTIONS,
        )
        funding_url = reverse("monev:funding", args=[code])
        budget = regional_budget.get(code, 0)
        target = vulnerable_targets.get(code)
        bought = Fraction(budget, bpu_monthly) if bpu_monthly else None
        needed = target * 12 if target else None
        if bought is None:
            budget_text = _("Rp%(amount)s from regional budgets; no minimum contribution configured") % {
                "amount": _int(budget)
            }
        elif needed is None:
            budget_text = _("Rp%(amount)s, no target") % {"amount": _int(budget)}
        else:
            budget_text = _("%(bought)s of %(needed)s worker-months (Rp%(amount)s)") % {
                "bought": _int(bought),
                "needed": _int(needed),
                "amount": _int(budget),
            }
        aspects["budget"] = _Aspect(
            budget_text,
            _capped(bought / needed * HUNDRED) if bought is not None and needed else None,
            funding_url,
            bought,
            needed,
            Unit.WORKER_MONTHS,
            budget,
        )
        funded = funded_workers.get(code, 0)
        aspects["vulnerable_funding"] = _Aspect(
            _("%(funded)s of %(target)s workers") % {"funded": _int(funded), "target": _int(target)}
            if target
            else _("%(funded)s workers, no target") % {"funded": _int(funded)},
            _capped(Fraction(funded) / target * HUNDRED) if target else None,
            funding_url,
            funded,
            target,
            Unit.WORKERS,
        )
        staff_counts = staff.get(code)
        aspects["non_asn"] = _Aspect(
            _("%(covered)s of %(staff)s staff")
            % {"covered": _int(staff_counts[1]), "staff": _int(staff_counts[0])}
            if staff_counts
            else _("no data"),
            formulas.rate_pct(staff_counts[1], staff_counts[0]) if staff_counts else None,
            reverse("monev:staff", args=[code]),
            staff_counts[1] if staff_counts else None,
            staff_counts[0] if staff_counts else None,
            Unit.STAFF,
        )
        case_counts = cases.get(code)
        aspects["compliance"] = _Aspect(
            _("%(done)d of %(open)d cases resolved") % {"done": case_counts[1], "open": case_counts[0]}
            if case_counts
            else _("no cases"),
            _share(case_counts[1], case_counts[0]) if case_counts else None,
            reverse("compliance:cases", args=[code]),
            case_counts[1] if case_counts else None,
            case_counts[0] if case_counts else None,
            Unit.CASES,
        )
        due = follow_ups.get(code)
        aspects["follow_ups"] = _Aspect(
            _("%(done)d of %(due)d done") % {"done": due[1], "due": due[0]} if due else _("none due"),
            _share(due[1], due[0]) if due else None,
            reverse("monev:timeline", args=[code]),
            due[1] if due else None,
            due[0] if due else None,
            Unit.FOLLOW_UPS,
        )
        meetings = head_present.get(code)
        aspects["head_attendance"] = _Aspect(
            _("present at %(present)d of %(meetings)d meetings")
            % {"present": meetings[1], "meetings": meetings[0]}
            if meetings
            else _("no attendance recorded"),
            _share(meetings[1], meetings[0]) if meetings else None,
            reverse("monev:timeline", args=[code]),
            meetings[1] if meetings else None,
            meetings[0] if meetings else None,
            Unit.MEETINGS,
        )
        lines = [
            AspectScore(
                aspect=w.aspect,
                value=aspects[w.aspect].value,
                score=aspects[w.aspect].score,
                weight=w.weight,
                evidence_url=aspects[w.aspect].evidence_url,
                measured=_frac(aspects[w.aspect].measured),
                of=_frac(aspects[w.aspect].of),
                unit=aspects[w.aspect].unit,
                amount_idr=aspects[w.aspect].amount_idr,
            )
            for w in weights
        ]
        covered_weight = sum((a.weight for a in lines if a.has_data), Fraction(0))
        index = sum((a.points for a in lines), Fraction(0)) / covered_weight if covered_weight else None
        covered_pct = covered_weight / total_weight * HUNDRED if total_weight else Fraction(0)
        rankable = index is not None and (min_covered is None or covered_pct >= min_covered)
        scored.append((child, lines, index, covered_pct, rankable))
    ranks = formulas.competition_rank([index if rankable else None for _c, _l, index, _p, rankable in scored])
    by_status = _commitments_by_child(user, region=region, year=year)
    rows = [
        RegionScore(child, lines, index, rank, by_status.get(child.code, {}), covered_pct)
        for (child, lines, index, covered_pct, _r), rank in zip(scored, ranks, strict=True)
    ]
    # Ranked regions first by rank, then the unranked by their code.
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.region.code))
    return Scorecard(
        region=region,
        year=year,
        period=period,
        weights=weights,
        rows=rows,
        min_covered_pct=min_covered,
        bpu_monthly_idr=bpu_monthly,
    )


def _commitments_by_child(user: Any, *, region: Region, year: int) -> dict[str, dict[str, int]]:
    """The commitments due in the year under each child of the region, counted by status today."""
    # The children's own targets and every commitment agreed below (not every district's yearly target).
    agreed = Q(batch__isnull=True) | Q(owner__isnull=False)
    rows = selectors.commitment_list(user, region_code=region.code).filter(deadline__year=year)
    found = list(rows.filter(agreed | Q(region__parent_id=region.code)))
    width = 2 if region.code == NATIONAL else len(region.code) + 3
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for measured in commitment_status.measure_all(found, today=timezone.localdate()):
        counts[measured.commitment.region_id[:width]][measured.status] += 1
    return {code: dict(by_status) for code, by_status in counts.items()}
