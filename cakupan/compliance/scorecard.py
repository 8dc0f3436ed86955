"""Compliance's aspect of the Monev scorecard (registered into `cakupan.monev.scorecard`, imported by this
app's `ready()`): employer compliance cases of the region and the regions below it that were open during
the year and were closed by its end (closed as compliant, or sanction lifted) ÷ all of them. No case:
no data."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cakupan.compliance.models import Case
from cakupan.core.codes import NATIONAL
from cakupan.monev.scorecard.aspects import AspectContext, AspectResult, Unit, scorecard_aspect, share


@scorecard_aspect("compliance", label=gettext_lazy("Compliance cases resolved"), order=70)
def cases_resolved(ctx: AspectContext) -> dict[str, AspectResult]:
    cases: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    width = len(ctx.codes[0]) if ctx.codes else 0
    rows = Case.objects.filter(opened_at__date__lte=ctx.year_end).filter(
        Q(closed_at=None) | Q(closed_at__date__gte=date(ctx.year, 1, 1))
    )
    if ctx.region.code != NATIONAL:
        rows = rows.filter(Q(region_id=ctx.region.code) | Q(region__code__startswith=ctx.region.code + "."))
    for case_region, closed_at in rows.values_list("region_id", "closed_at"):
        counts = cases[case_region[:width]]
        counts[0] += 1
        counts[1] += closed_at is not None and closed_at.date() <= ctx.year_end
    out = {}
    for code in ctx.codes:
        found = cases.get(code)
        out[code] = AspectResult(
            _("%(done)d of %(open)d cases resolved") % {"done": found[1], "open": found[0]}
            if found
            else _("no cases"),
            share(found[1], found[0]) if found else None,
            reverse("compliance:cases", args=[code]),
            found[1] if found else None,
            found[0] if found else None,
            Unit.CASES,
        )
    return out
