"""Adding a scorecard aspect (docs/architecture.md): one function under `@scorecard_aspect(key)` in the app
that owns what it measures, scoring every region of a tier at once; its weight is a dated
`ScorecardWeight` under the same key (a plain key the admin form takes from the registry: no model or
migration of monev changes)."""

from __future__ import annotations

from cakupan.monev.scorecard.aspects import AspectContext, AspectResult, capped
from tests.example_app.models import OutreachVisits

KEY = "example_visits"
VISITS_FOR_FULL_SCORE = 100  # visits in the year that earn the full score


def visits_made(ctx: AspectContext) -> dict[str, AspectResult]:
    """Outreach visits of the year in each region of the tier (and the regions below it) ÷ 100 × 100."""
    found = {code: 0 for code in ctx.codes}
    rows = OutreachVisits.objects.filter(replaced_by=None, period__startswith=f"{ctx.year}-")
    width = len(ctx.codes[0]) if ctx.codes else 0
    for region, visits in rows.values_list("region_id", "visits"):
        if region[:width] in found:
            found[region[:width]] += visits
    return {
        code: AspectResult(
            f"{visits} visits",
            capped(visits * 100 // VISITS_FOR_FULL_SCORE) if visits else None,
            "",
            visits or None,
            VISITS_FOR_FULL_SCORE,
            "visits",
        )
        for code, visits in found.items()
    }
