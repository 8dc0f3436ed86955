"""How far a commitment is, from the imported figures (never typed), and its status: the figure now, the
recent pace projected to the deadline, and the thresholds of the Monev parameters valid today.

- met: the latest figure up to the deadline reaches the target;
- late: the deadline has passed and it does not;
- on track: the projection at the deadline reaches the target (less the at-risk tolerance);
- at risk: it does not, or there is no pace to project;
- no data: nothing to measure it by.

The figure is the latest one up to the deadline's month (a commitment is judged by its deadline, a
figure of a later year does not meet it afterwards). Coverage (never an incomplete rate: data contract v2,
"Partial reporting") and active participants (every active one, as the region page counts) come from the
indicator library; vulnerable workers funded from the Monev funding register (the deadline's year, as on
the region page); non-ASN coverage from the non-ASN staff register; a regulation is enacted when the
region has one issued from the commitment's year up to its deadline.

The one place progress and status are computed: the region page, meeting page, meeting pack, report,
scorecard, task list, API and the target register (`selectors.target_register`) all read `measure`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from cakupan.common import formatting
from cakupan.common.dated import value_on
from cakupan.core import periods
from cakupan.dashboards.targets import funded_workers
from cakupan.indicators import formulas, library
from cakupan.indicators.models import Target
from cakupan.monev.meetings.models import Meeting
from cakupan.monev.models import MonevParameter
from cakupan.monev.regulations.models import Regulation
from cakupan.monev.staff.models import StaffCoverage
from cakupan.monev.targets.models import CommitmentSource

MET, ON_TRACK, AT_RISK, LATE, NO_DATA = "met", "on_track", "at_risk", "late", "no_data"
STATUS_LABELS = {
    MET: _("met"),
    ON_TRACK: _("on track"),
    AT_RISK: _("at risk"),
    LATE: _("late"),
    NO_DATA: _("no data"),
}
# The order a list of commitments is read in: what needs attention first.
STATUS_ORDER = (LATE, AT_RISK, NO_DATA, ON_TRACK, MET)


@dataclass(frozen=True)
class Measure:
    commitment: Target
    current: Fraction | None  # the figure now, in the commitment's unit
    as_of: str | None  # the month (or year) of the figure
    pace: Fraction | None  # change per month over the recent months
    projected: Fraction | None  # the figure expected at the deadline at that pace
    status: str

    @property
    def origin(self) -> CommitmentSource | None:
        """Where it came from on the Monev side (the meeting, the regulation), when recorded."""
        try:
            source: CommitmentSource = self.commitment.monev_source
            return source
        except CommitmentSource.DoesNotExist:
            return None

    @property
    def meeting(self) -> Meeting | None:
        return self.origin.meeting if self.origin else None

    @property
    def regulation(self) -> Regulation | None:
        return self.origin.regulation if self.origin else None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def target(self) -> Fraction:
        return Fraction(self.commitment.value)

    @property
    def progress_pct(self) -> Fraction | None:
        """The figure as a share of the target, at most 100."""
        if self.current is None or self.target <= 0:
            return None
        return min(Fraction(100), self.current * 100 / self.target)


Figures = tuple[Fraction | None, str | None, Fraction | None]
# Each region's months with participant figures (`library.months_figures`), read once for a list.
Months = dict[str, dict[str, library.MonthFigures]]


def _series_value(commitment: Target, found: library.MonthFigures | None) -> Fraction | None:
    if found is None:
        return None
    if commitment.indicator == Target.Indicator.COVERAGE_RATE:
        return found.ranked_rate  # an incomplete rate is no measure of progress
    return Fraction(found.active_all)


def _by_deadline(commitment: Target) -> str:
    return periods.of_date(commitment.deadline)


def _library_figures(commitment: Target, window: int, months: Months) -> Figures:
    cutoff = _by_deadline(commitment)
    series = months.get(commitment.region_id, {})
    latest = max((p for p in series if p <= cutoff), default=None)
    if latest is None:
        return None, None, None
    now = _series_value(commitment, series[latest])
    points = [
        (periods.index(p), _series_value(commitment, series.get(p)))
        for p in periods.span(latest, window + 1)[:-1]
    ]
    pace = formulas.pace_per_month([*points, (periods.index(latest), now)], window=window)
    return now, latest, pace


def _non_asn(commitment: Target, window: int) -> Figures:
    rows = StaffCoverage.objects.filter(
        region_id=commitment.region_id,
        group=StaffCoverage.Group.NON_ASN,
        period__lte=_by_deadline(commitment),
    )
    by_period = {
        r["period"]: formulas.rate_pct(r["covered"], r["staff"])
        for r in rows.values("period").annotate(covered=Sum("covered"), staff=Sum("staff"))
    }
    if not by_period:
        return None, None, None
    latest = max(by_period)
    points = [(periods.index(p), by_period.get(p)) for p in periods.span(latest, window + 1)]
    return by_period[latest], latest, formulas.pace_per_month(points, window=window)


LIBRARY_INDICATORS = (Target.Indicator.COVERAGE_RATE, Target.Indicator.ACTIVE_PARTICIPANTS)


def _figures(commitment: Target, window: int, months: Months) -> Figures:
    """The figure now, its month or year, and the pace per month (None where a yearly figure has none)."""
    indicator = commitment.indicator
    if indicator in LIBRARY_INDICATORS:
        return _library_figures(commitment, window, months)
    if indicator == Target.Indicator.NON_ASN_COVERAGE:
        return _non_asn(commitment, window)
    if indicator == Target.Indicator.VULNERABLE_WORKERS_FUNDED:
        funded = funded_workers(region_code=commitment.region_id, year=commitment.deadline.year)
        return (None if funded is None else Fraction(funded)), str(commitment.deadline.year), None
    enacted = Regulation.objects.filter(
        region_id=commitment.region_id,
        issued_on__gte=date(commitment.year, 1, 1),
        issued_on__lte=commitment.deadline,
    ).count()
    return Fraction(enacted), None, None


def figure_text(value: Fraction | Decimal | None, commitment: Target, lang: str) -> str:
    """A figure in the commitment's unit: a percentage, or a number of people or regulations."""
    if value is None:
        return formatting.DASH
    if commitment.percent:
        return formatting.fmt_pct(value, lang)
    return formatting.fmt_int(round(value), lang)


def measure(commitment: Target, *, today: date) -> Measure:
    return measure_all([commitment], today=today)[0]


def _measure(
    commitment: Target, *, today: date, window: int, at_risk_pct: Fraction, months: Months
) -> Measure:
    current, as_of, pace = _figures(commitment, window, months)
    target = Fraction(commitment.value)
    projected = None
    if current is not None and pace is not None and as_of is not None and len(as_of) == 7:
        months_left = periods.index(periods.of_date(commitment.deadline)) - periods.index(as_of)
        projected = current + pace * max(0, months_left)
    if current is None:
        status = NO_DATA
    elif current >= target:
        status = MET
    elif today > commitment.deadline:
        status = LATE
    elif commitment.indicator == Target.Indicator.REGULATION_ENACTED:
        status = ON_TRACK  # nothing to project: it is enacted by the deadline or not
    elif projected is not None and projected >= target * (1 - at_risk_pct / 100):
        status = ON_TRACK
    else:
        status = AT_RISK
    return Measure(commitment, current, as_of, pace, projected, status)


def measure_all(commitments: list[Target], *, today: date) -> list[Measure]:
    """Measures in reading order: late and at risk first, then by deadline. The parameters are read once,
    and the monthly figures of every region measured by the indicator library in one go."""
    if not commitments:
        return []
    window = int(value_on(MonevParameter, MonevParameter.Key.COMMITMENT_PACE_MONTHS, day=today).value)
    at_risk_pct = Fraction(
        value_on(MonevParameter, MonevParameter.Key.COMMITMENT_AT_RISK_PCT, day=today).value
    )
    months = library.months_figures(c.region_id for c in commitments if c.indicator in LIBRARY_INDICATORS)
    found = [
        _measure(c, today=today, window=window, at_risk_pct=at_risk_pct, months=months) for c in commitments
    ]
    return sorted(found, key=lambda m: (STATUS_ORDER.index(m.status), m.commitment.deadline, m.commitment.pk))
