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
- compliance: employer compliance cases of the region and the regions below it that were open during the
  year and were closed by its end (closed as compliant, or sanction lifted) ÷ all of them. No case: no
  data. Registered by compliance (`cakupan.compliance.scorecard`).
- follow_ups: follow-ups of the region's Monev meetings due in the year that are done ÷ all of them.
- head_attendance: the region's own Monev meetings held in the year with their attendance recorded at
  which the head of region (kepala daerah) was present in person ÷ all of them. A joint meeting counts
  for its host only (the attendance list does not say whose head came). No such meeting: no data.

Each aspect is registered (`cakupan.monev.scorecard.aspects`): monev's in `cakupan.monev.scorecard.own`,
the others by the app that owns what they measure. An aspect with a weight and no registered function,
or no result for a region, has no data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.common.dated import values_on
from cakupan.core import periods
from cakupan.core.codes import NATIONAL
from cakupan.indicators import formulas, library
from cakupan.monev.models import MonevParameter, ScorecardWeight
from cakupan.monev.scorecard import own
from cakupan.monev.scorecard.aspects import (
    HUNDRED,
    AspectContext,
    AspectResult,
    aspect_for_weight,
    registered,
)
from cakupan.monev.targets import commitments as commitment_status
from cakupan.monev.targets.selectors import commitment_list
from cakupan.regions.models import Region


@dataclass(frozen=True)
class AspectWeight:
    aspect: str
    label: str
    weight: Fraction
    legal_basis: str


@dataclass(frozen=True)
class AspectScore:
    aspect: str
    label: str  # the aspect's name (its column)
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


def weights_at(day: date) -> list[AspectWeight]:
    """The aspects with a weight above zero on the day, in the registry's order (`aspects.registered`):
    Monev's, compliance's, then those other apps registered, by key; after them a weight whose key no
    aspect is registered under (named by its key: no data)."""
    rows = values_on(ScorecardWeight, day)
    titles = {a.weight_key: a.title for a in reversed(registered())}
    keys = [k for k in dict.fromkeys(a.weight_key for a in registered()) if k in rows]
    keys += sorted(k for k in rows if k not in titles)
    return [
        AspectWeight(k, titles.get(k, k), Fraction(rows[k].weight), rows[k].legal_basis)
        for k in keys
        if rows[k].weight > 0
    ]


def _frac(value: Fraction | int | None) -> Fraction | None:
    return None if value is None else Fraction(value)


def _score(weight: AspectWeight, result: AspectResult | None) -> AspectScore:
    if result is None:
        result = AspectResult(_("no data"), None, "")
    return AspectScore(
        aspect=weight.aspect,
        label=weight.label,
        value=result.value,
        score=result.score,
        weight=weight.weight,
        evidence_url=result.evidence_url,
        measured=_frac(result.measured),
        of=_frac(result.of),
        unit=result.unit,
        amount_idr=result.amount_idr,
    )


def scorecard(user: Any, *, region: Region, year: int) -> Scorecard:
    """The scorecard of the children of `region` (provinces for the nation, regencies and cities for a
    province) for the year."""
    if region.level not in (Region.Level.NATIONAL, Region.Level.PROVINCE):
        raise PermissionDenied(_("The scorecard ranks provinces and regencies/cities only."))
    year_end = date(year, 12, 31)
    weights = weights_at(year_end)
    children = list(Region.objects.filter(parent=region).order_by("code"))
    in_year = [p for p in library.available_periods(region.code) if periods.year_of(p) == year]
    context = AspectContext(
        user=user, region=region, year=year, children=children, period=in_year[0] if in_year else None
    )
    min_covered = own.optional_parameter(MonevParameter.Key.SCORECARD_MIN_COVERED_WEIGHT_PCT, year_end)
    results: dict[str, dict[str, AspectResult]] = {}
    for weight in weights:
        aspect = aspect_for_weight(weight.aspect)
        results[weight.aspect] = dict(aspect.compute(context)) if aspect is not None else {}

    total_weight = sum((w.weight for w in weights), Fraction(0))
    scored: list[tuple[Region, list[AspectScore], Fraction | None, Fraction, bool]] = []
    for child in children:
        lines = [_score(w, results[w.aspect].get(child.code)) for w in weights]
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
        period=context.period,
        weights=weights,
        rows=rows,
        min_covered_pct=min_covered,
        # The contribution a budget pays a worker a month (1 January), as the budget aspect read it.
        bpu_monthly_idr=context.once("bpu_monthly_idr", lambda: own.bpu_monthly_idr(context.year_start)),
    )


def _commitments_by_child(user: Any, *, region: Region, year: int) -> dict[str, dict[str, int]]:
    """The commitments due in the year under each child of the region, counted by status today."""
    # The children's own targets and every commitment agreed below (not every district's yearly target).
    agreed = Q(batch__isnull=True) | Q(owner__isnull=False)
    rows = commitment_list(user, region_code=region.code).filter(deadline__year=year)
    found = list(rows.filter(agreed | Q(region__parent_id=region.code)))
    width = 2 if region.code == NATIONAL else len(region.code) + 3
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for measured in commitment_status.measure_all(found, today=timezone.localdate()):
        counts[measured.commitment.region_id[:width]][measured.status] += 1
    return {code: dict(by_status) for code, by_status in counts.items()}
