"""Monev's own scorecard aspects: coverage level and gain (indicator library), regulations, budget,
vulnerable-worker funding, non-ASN staff, follow-ups and the head of region at Monev meetings. What each
measures is written in `cakupan.monev.scorecard.card`; the shared counts come from `cakupan.monev.metrics`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from fractions import Fraction

from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cakupan.common import formatting
from cakupan.common.dated import value_on
from cakupan.indicators import formulas, library, words
from cakupan.indicators.models import Target
from cakupan.indicators.params import ParameterMissing, Params
from cakupan.monev import metrics
from cakupan.monev.meetings.models import Attendee, FollowUp, Meeting
from cakupan.monev.models import MonevParameter
from cakupan.monev.scorecard.aspects import (
    HUNDRED,
    AspectContext,
    AspectResult,
    Unit,
    capped,
    scorecard_aspect,
    share,
)
from cakupan.monev.staff.models import StaffCoverage


def _pct(value: Fraction | None) -> str:
    return formatting.fmt_pct(value, get_language())


def _int(value: int | Fraction) -> str:
    return formatting.fmt_int(int(value), get_language())


def optional_parameter(key: str, day: date) -> Fraction | None:
    row = value_on(MonevParameter, key, day=day, required=False)
    return None if row is None else Fraction(row.value)  # None: not configured for that day


def bpu_monthly_idr(day: date) -> int | None:
    """The minimum BPU contribution a month (JKK + JKM) on the day, as the funding check reads it."""
    try:
        return Params.at(day).bpu_min_monthly_idr
    except ParameterMissing:
        return None


def _indicators(ctx: AspectContext) -> dict[str, library.RegionIndicators]:
    return ctx.once("indicators", lambda: library.compute(ctx.codes, ctx.period) if ctx.period else {})


def _region_url(ctx: AspectContext, code: str) -> str:
    return reverse("dashboards:region", args=[code]) + (f"?periode={ctx.period}" if ctx.period else "")


@scorecard_aspect("coverage_level", label=gettext_lazy("Coverage level"), order=10)
def coverage_level(ctx: AspectContext) -> dict[str, AspectResult]:
    found = _indicators(ctx)
    out = {}
    for code in ctx.codes:
        ind = found.get(code)
        if ind is None or ind.coverage_rate is None:
            out[code] = AspectResult(_("no data"), None, _region_url(ctx, code), unit=Unit.PERCENT)
            continue
        line = ind.target_rate or ind.ucj_target
        rate_words = _("%(rate)s of %(target)s") % {"rate": _pct(ind.coverage_rate), "target": _pct(line)}
        if denominator := words.denominator_text(ind, get_language(), short=True):
            rate_words += f" ({denominator})"  # the rate's workforce, as beside every rate
        out[code] = AspectResult(
            rate_words,
            capped(ind.coverage_rate / line * HUNDRED) if line else None,
            _region_url(ctx, code),
            ind.coverage_rate,
            line,
            Unit.PERCENT,
        )
    return out


@scorecard_aspect("coverage_gain", label=gettext_lazy("Coverage gain"), order=20)
def coverage_gain(ctx: AspectContext) -> dict[str, AspectResult]:
    found = _indicators(ctx)
    gain_full = optional_parameter(MonevParameter.Key.SCORECARD_GAIN_FULL_POINTS, ctx.year_end)
    out = {}
    for code in ctx.codes:
        ind = found.get(code)
        if ind is None or ind.coverage_rate is None:
            out[code] = AspectResult(_("no data"), None, _region_url(ctx, code), unit=Unit.POINTS)
            continue
        gain = ind.change_year_points
        out[code] = AspectResult(
            _("%(points)s in a year") % {"points": formatting.fmt_points(gain, get_language())}
            if gain is not None
            else _("no data"),
            capped(gain / gain_full * HUNDRED) if gain is not None and gain_full else None,
            _region_url(ctx, code),
            gain,
            gain_full,
            Unit.POINTS,
        )
    return out


@scorecard_aspect("regulations", label=gettext_lazy("Regulations"), order=30)
def regulations(ctx: AspectContext) -> dict[str, AspectResult]:
    instructions = metrics.instructions_scored()
    acted = metrics.instructions_acted_on(by=ctx.year_end, region_codes=ctx.codes)
    out = {}
    for code in ctx.codes:
        done = len(acted.get(code, set()))
        out[code] = AspectResult(
            _("%(done)d of %(total)d instructions") % {"done": done, "total": instructions},
            share(done, instructions),
            reverse("monev:inpres", args=[code]),
            done,
            instructions,
            Unit.INSTRUCTIONS,
        )
    return out


def _funding(ctx: AspectContext) -> dict[str, metrics.Funding]:
    return ctx.once("funding", lambda: metrics.funding(year=ctx.year, region_codes=ctx.codes))


def _workers_targets(ctx: AspectContext) -> dict[str, Fraction]:
    return ctx.once(
        "vulnerable_targets",
        lambda: {
            t.region_id: Fraction(t.value)
            for t in Target.objects.yearly().filter(
                region_id__in=ctx.codes, year=ctx.year, indicator="vulnerable_workers_funded"
            )
        },
    )


@scorecard_aspect("budget", label=gettext_lazy("Budget"), order=40)
def budget(ctx: AspectContext) -> dict[str, AspectResult]:
    funded = _funding(ctx)
    targets = _workers_targets(ctx)
    # The contribution a budget pays a worker a month, as the funding check reads it (1 January).
    bpu_monthly = ctx.once("bpu_monthly_idr", lambda: bpu_monthly_idr(ctx.year_start))
    out = {}
    for code in ctx.codes:
        amount = funded[code].budget_idr if code in funded else 0
        target = targets.get(code)
        bought = Fraction(amount, bpu_monthly) if bpu_monthly else None
        needed = target * 12 if target else None
        if bought is None:
            text = _("Rp%(amount)s from regional budgets; no minimum contribution configured") % {
                "amount": _int(amount)
            }
        elif needed is None:
            text = _("Rp%(amount)s, no target") % {"amount": _int(amount)}
        else:
            text = _("%(bought)s of %(needed)s worker-months (Rp%(amount)s)") % {
                "bought": _int(bought),
                "needed": _int(needed),
                "amount": _int(amount),
            }
        out[code] = AspectResult(
            text,
            capped(bought / needed * HUNDRED) if bought is not None and needed else None,
            reverse("monev:funding", args=[code]),
            bought,
            needed,
            Unit.WORKER_MONTHS,
            amount,
        )
    return out


@scorecard_aspect("vulnerable_funding", label=gettext_lazy("Vulnerable-worker funding"), order=60)
def vulnerable_funding(ctx: AspectContext) -> dict[str, AspectResult]:
    funded = _funding(ctx)
    targets = _workers_targets(ctx)
    out = {}
    for code in ctx.codes:
        workers = funded[code].workers if code in funded else 0
        target = targets.get(code)
        out[code] = AspectResult(
            _("%(funded)s of %(target)s workers") % {"funded": _int(workers), "target": _int(target)}
            if target
            else _("%(funded)s workers, no target") % {"funded": _int(workers)},
            capped(Fraction(workers) / target * HUNDRED) if target else None,
            reverse("monev:funding", args=[code]),
            workers,
            target,
            Unit.WORKERS,
        )
    return out


@scorecard_aspect("non_asn", label=gettext_lazy("Non-ASN coverage"), order=50)
def non_asn(ctx: AspectContext) -> dict[str, AspectResult]:
    rows = StaffCoverage.objects.filter(
        region_id__in=ctx.codes, group=StaffCoverage.Group.NON_ASN, period__startswith=f"{ctx.year}-"
    )
    latest: dict[str, str] = {}
    for row in rows:
        latest[row.region_id] = max(latest.get(row.region_id, ""), row.period)
    staff: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        if row.period == latest[row.region_id]:
            staff[row.region_id][0] += row.staff
            staff[row.region_id][1] += row.covered
    out = {}
    for code in ctx.codes:
        counts = staff.get(code)
        out[code] = AspectResult(
            _("%(covered)s of %(staff)s staff") % {"covered": _int(counts[1]), "staff": _int(counts[0])}
            if counts
            else _("no data"),
            formulas.rate_pct(counts[1], counts[0]) if counts else None,
            reverse("monev:staff", args=[code]),
            counts[1] if counts else None,
            counts[0] if counts else None,
            Unit.STAFF,
        )
    return out


@scorecard_aspect("follow_ups", label=gettext_lazy("Follow-ups done"), order=80)
def follow_ups(ctx: AspectContext) -> dict[str, AspectResult]:
    counts = metrics.follow_up_counts(
        FollowUp.objects.filter(region_id__in=ctx.codes, due_on__year=ctx.year), by=ctx.year_end
    )
    out = {}
    for code in ctx.codes:
        due = counts.get(code)
        out[code] = AspectResult(
            _("%(done)d of %(due)d done") % {"done": due.done, "due": due.counted} if due else _("none due"),
            share(due.done, due.counted) if due else None,
            reverse("monev:timeline", args=[code]),
            due.done if due else None,
            due.counted if due else None,
            Unit.FOLLOW_UPS,
        )
    return out


@scorecard_aspect("head_attendance", label=gettext_lazy("Head of region at Monev meetings"), order=90)
def head_attendance(ctx: AspectContext) -> dict[str, AspectResult]:
    # The region's own meetings of the year with an attendance list, and those its head came to in person.
    head_present: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    recorded = Attendee.objects.filter(meeting__region_id__in=ctx.codes, meeting__held_on__year=ctx.year)
    present = set(recorded.filter(head_of_region=True, attended=True).values_list("meeting_id", flat=True))
    for code, meeting_id in (
        Meeting.objects.filter(pk__in=recorded.values("meeting_id")).values_list("region_id", "pk").distinct()
    ):
        head_present[code][0] += 1
        head_present[code][1] += meeting_id in present
    out = {}
    for code in ctx.codes:
        meetings = head_present.get(code)
        out[code] = AspectResult(
            _("present at %(present)d of %(meetings)d meetings")
            % {"present": meetings[1], "meetings": meetings[0]}
            if meetings
            else _("no attendance recorded"),
            share(meetings[1], meetings[0]) if meetings else None,
            reverse("monev:timeline", args=[code]),
            meetings[1] if meetings else None,
            meetings[0] if meetings else None,
            Unit.MEETINGS,
        )
    return out
