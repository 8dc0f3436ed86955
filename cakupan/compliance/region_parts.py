"""What compliance adds to the region page (cakupan.dashboards.parts), registered from
ComplianceConfig.ready(): the region's compliance figures, for readers whose role allows them (shown with
or without coverage figures)."""

from __future__ import annotations

from typing import Any

from cakupan.compliance.selectors import region_summary
from cakupan.dashboards.parts import RegionPart, region_part_register
from cakupan.dashboards.selectors import RegionPage


def summary_context(user: Any, page: RegionPage) -> dict[str, object]:
    return {"compliance_summary": region_summary(user, region_code=page.region.code)}


region_part_register(
    RegionPart(
        name="compliance",
        slot="registers",
        order=40,
        template="compliance/_region_summary.html",
        context=summary_context,
    )
)
