"""The Monev scorecard: a weighted index per region and year, every aspect with its value, score (0–100),
weight and the page that is its evidence. Ranked among the provinces (the nation's children) or among the
regencies and cities of a province: the two tiers of the Paritrana Award.

Aspect scores (missing data scores 0 and says so):
- coverage_level: coverage rate ÷ the region's coverage target for the year (else the UCJ line) × 100, at
  most 100, in the latest month of the year with figures (indicator library).
- coverage_gain: change in coverage points against the same month a year earlier ÷ the configured
  full-score gain × 100, between 0 and 100.
- regulations: Inpres 2/2021 instructions acted on by the region's regulations issued by the end of the
  year ÷ all instructions × 100.
- budget: 100 when a regional budget (APBD provinsi, APBD kabupaten/kota or APBDes) funds vulnerable
  workers' contributions in the year, else 0.
- vulnerable_funding: workers funded in the year (every funder) ÷ the region's `vulnerable_workers_funded`
  target × 100, at most 100.
- non_asn: non-ASN staff covered ÷ non-ASN staff, in the latest month of the year with figures.
- compliance: employer compliance cases (cakupan.compliance) of the region and the regions below it that
  were open during the year and were closed by its end (closed as compliant, or sanction lifted) ÷ all
  of them.
- follow_ups: follow-ups of the region's Monev meetings due in the year that are done ÷ all of them.
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
from cakupan.compliance.models import Case
from cakupan.indicators import formulas, library
from cakupan.indicators.models import Target
from cakupan.indicators.params import ParameterMissing
from cakupan.monev import commitments as commitment_status
from cakupan.monev import selectors
from cakupan.monev.models import (
    FollowUp,
    InpresInstruction,
    MonevParameter,
    Regulation,
    ScorecardWeight,
    StaffCoverage,
    VulnerableFunding,
)
from cakupan.monev.services import monev_parameter
from cakupan.regions.codes import NATIONAL
from cakupan.regions.models import Region

HUNDRED = Fraction(100)
REGIONAL_BUDGETS = (
    VulnerableFunding.Funder.APBD_PROVINSI,
    VulnerableFunding.Funder.APBD_KABKOTA,
    VulnerableFunding.Funder.APBDES,
)


@dataclass(frozen=True)
class AspectWeight:
    aspect: str
    label: str
    weight: Fraction
    legal_basis: str


@dataclass(frozen=True)
class AspectScore:
    aspect: str
    value: str  # the measured value in words and numbers, e.g. "33.73 % of 45.00 %"
    score: Fraction | None  # None: no data (counts as 0)
    weight: Fraction
    evidence_url: str

    @property
    def points(self) -> Fraction:
        """What the aspect adds to the index: score × weight ÷ total weight is applied by the caller."""
        return (self.score or Fraction(0)) * self.weight


@dataclass(frozen=True)
class RegionScore:
    region: Region
    aspects: list[AspectScore]
    index: Fraction
    rank: int | None
    # The targets and commitments due in the year by status (shown beside the index, not weighted).
    commitments: dict[str, int] = field(default_factory=dict)

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

    @property
    def tier(self) -> str:
        return "province" if self.region.code == NATIONAL else "regency"


def weights_at(day: date) -> list[AspectWeight]:
    labels = dict(ScorecardWeight.Aspect.choices)
    found: dict[str, ScorecardWeight] = {}
    rows = ScorecardWeight.objects.filter(valid_from__lte=day).filter(Q(valid_to=None) | Q(valid_to__gte=day))
    for row in rows.order_by("aspect", "valid_from"):
        found[row.aspect] = row
    return [
        AspectWeight(a, str(labels[a]), Fraction(found[a].weight), found[a].legal_basis)
        for a in ScorecardWeight.Aspect.values
        if a in found and found[a].weight > 0
    ]


def _pct(value: Fraction | None) -> str:
    return formatting.fmt_pct(value, get_language())


def _int(value: int) -> str:
    return formatting.fmt_int(value, get_language())


def _capped(value: Fraction) -> Fraction:
    return max(Fraction(0), min(HUNDRED, value))


def scorecard(user: Any, *, region: Region, year: int) -> Scorecard:
    """The scorecard of the children of `region` (provinces for the nation, regencies and cities for a
    province) for the year."""
    if region.level not in (Region.Level.NATIONAL, Region.Level.PROVINCE):
        raise PermissionDenied(_("The scorecard ranks provinces and regencies/cities only."))
    year_end = date(year, 12, 31)
    weights = weights_at(year_end)
    children = list(Region.objects.filter(parent=region).order_by("code"))
    codes = [c.code for c in children]
    in_year = [p for p in library.available_periods(region.code) if periods.year_of(p) == year]
    period = in_year[0] if in_year else None
    indicators = library.compute(codes, period) if period else {}
    try:
        gain_full: Fraction | None = monev_parameter(MonevParameter.Key.SCORECARD_GAIN_FULL_POINTS, year_end)
    except ParameterMissing:
        gain_full = None  # not configured for that year: the aspect has no score

    instructions = InpresInstruction.objects.count()
    acted: dict[str, set[int]] = defaultdict(set)
    links = Regulation.acts_on.through.objects.filter(
        regulation__region_id__in=codes, regulation__issued_on__lte=year_end
    ).values_list("regulation__region_id", "inpresinstruction_id")
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
    scored: list[tuple[Region, list[AspectScore], Fraction]] = []
    for child in children:
        code = child.code
        ind = indicators.get(code)
        evidence_region = reverse("dashboards:region", args=[code]) + (f"?periode={period}" if period else "")
        aspects: dict[str, tuple[str, Fraction | None, str]] = {}
        # coverage level
        if ind is not None and ind.coverage_rate is not None:
            line = ind.target_rate or ind.ucj_target
            aspects["coverage_level"] = (
                _("%(rate)s of %(target)s") % {"rate": _pct(ind.coverage_rate), "target": _pct(line)},
                _capped(ind.coverage_rate / line * HUNDRED) if line else None,
                evidence_region,
            )
            gain = ind.change_year_points
            aspects["coverage_gain"] = (
                _("%(points)s in a year") % {"points": formatting.fmt_points(gain, get_language())}
                if gain is not None
                else _("no data"),
                _capped(gain / gain_full * HUNDRED) if gain is not None and gain_full else None,
                evidence_region,
            )
        else:
            aspects["coverage_level"] = (_("no data"), None, evidence_region)
            aspects["coverage_gain"] = (_("no data"), None, evidence_region)
        done = len(acted.get(code, set()))
        aspects["regulations"] = (
            _("%(done)d of %(total)d instructions") % {"done": done, "total": instructions},
            Fraction(done, instructions) * HUNDRED if instructions else None,
            reverse("monev:inpres", args=[code]),
        )
        funding_url = reverse("monev:funding", args=[code])
        budget = regional_budget.get(code, 0)
        aspects["budget"] = (
            _("Rp%(amount)s from regional budgets") % {"amount": _int(budget)}
            if budget
            else _("no regional budget recorded"),
            HUNDRED if budget else Fraction(0),
            funding_url,
        )
        funded = funded_workers.get(code, 0)
        target = vulnerable_targets.get(code)
        aspects["vulnerable_funding"] = (
            _("%(funded)s of %(target)s workers") % {"funded": _int(funded), "target": _int(int(target))}
            if target
            else _("%(funded)s workers, no target") % {"funded": _int(funded)},
            _capped(Fraction(funded) / target * HUNDRED) if target else None,
            funding_url,
        )
        staff_counts = staff.get(code)
        rate = formulas.rate_pct(staff_counts[1], staff_counts[0]) if staff_counts else None
        aspects["non_asn"] = (
            _("%(covered)s of %(staff)s staff")
            % {"covered": _int(staff_counts[1]), "staff": _int(staff_counts[0])}
            if staff_counts
            else _("no data"),
            rate,
            reverse("monev:staff", args=[code]),
        )
        case_counts = cases.get(code)
        aspects["compliance"] = (
            _("%(done)d of %(open)d cases resolved") % {"done": case_counts[1], "open": case_counts[0]}
            if case_counts
            else _("no cases"),
            Fraction(case_counts[1], case_counts[0]) * HUNDRED if case_counts else None,
            reverse("compliance:cases", args=[code]),
        )
        due = follow_ups.get(code)
        aspects["follow_ups"] = (
            _("%(done)d of %(due)d done") % {"done": due[1], "due": due[0]} if due else _("none due"),
            Fraction(due[1], due[0]) * HUNDRED if due else None,
            reverse("monev:timeline", args=[code]),
        )
        lines = [
            AspectScore(w.aspect, aspects[w.aspect][0], aspects[w.aspect][1], w.weight, aspects[w.aspect][2])
            for w in weights
        ]
        index = sum((a.points for a in lines), Fraction(0)) / total_weight if total_weight else Fraction(0)
        scored.append((child, lines, index))
    ranks = formulas.competition_rank([index for _c, _l, index in scored])
    by_status = _commitments_by_child(user, region=region, year=year)
    rows = [
        RegionScore(child, lines, index, rank, by_status.get(child.code, {}))
        for (child, lines, index), rank in zip(scored, ranks, strict=True)
    ]
    rows.sort(key=lambda r: (r.rank or 0, r.region.code))
    return Scorecard(region=region, year=year, period=period, weights=weights, rows=rows)


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
