from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from cakupan.indicators.models import ParticipationFigure, WorkforceFigure


def periods_with_figures(*, since: str | None = None) -> set[str]:
    found: set[str] = set()
    for model in (ParticipationFigure, WorkforceFigure):
        qs = model.objects.all()
        if since is not None:
            qs = qs.filter(period__gte=since)
        found.update(qs.values_list("period", flat=True).distinct())
    return found


@transaction.atomic
def rollup_refresh(*, months: Iterable[str]) -> int:
    """Recompute the effective figures of every region for these months (the rule of `rollup.py`,
    set-based: `rollup_sets`). Returns the rows written."""
    # Imported here: rollup_sets loads DuckDB and pyarrow, which a process that never recomputes (a web
    # worker, the CLI's other commands) should not load at start-up.
    from cakupan.indicators import rollup_sets

    wanted = sorted(set(months))
    if not wanted:
        return 0
    return rollup_sets.refresh(months=wanted)
