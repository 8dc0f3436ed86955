"""Adding a report section (docs/architecture.md): a provider registered with `report_section`, returning
a `Section` for a region and month (or None). The PDF, the workbook and the meeting pack lay it out."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.reports.sections import Column, Section, Table
from tests.example_app.models import OutreachVisits

ORDER = 90  # after the shipped sections


def outreach_visits(user: Any, code: str, period: str) -> Section | None:
    """The region's outreach visits of the month and of the regions directly under it, for readers whose
    role covers them (the public report, open to anyone, leaves them out)."""
    scope = access.scope(user, Cap.VIEW_IMPORTS)
    rows = list(
        OutreachVisits.objects.filter(Q(region_id=code) | Q(region__parent_id=code))
        .filter(scope.q("region"), replaced_by=None, period=period)
        .order_by("region_id")
    )
    if not rows:
        return None
    table = Table(
        title="",
        columns=[Column("Region", width=20), Column("Visits", "int"), Column("Source", width=30)],
        rows=[[row.region_id, row.visits, row.source] for row in rows],
    )
    return Section(
        key="example_visits",
        title="Outreach visits (example)",
        tables=[table],
        batch_ids=sorted({row.batch_id for row in rows}),
    )
