"""What Monev adds to the apps below it (issue 22 §6: they never import Monev), registered from
MonevConfig.ready():

- the region page (cakupan.dashboards.parts): the benefits paid and the commitments, and the links to the
  Monev registers (the follow-ups link for readers of restricted figures or Monev writers);
- the count target `vulnerable_workers_funded` (cakupan.dashboards.targets): its progress, the workers
  every funder pays in the year (the current rows of the funding register);
- the participants pages (cakupan.participants.funding): the funding register and the funders' names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.dashboards.parts import RegionPart, region_part_register
from cakupan.dashboards.selectors import RegionPage
from cakupan.dashboards.targets import count_progress_register
from cakupan.monev import metrics
from cakupan.monev.funding.models import VulnerableFunding
from cakupan.participants.funding import FundingRegister, funding_register_set


def follow_up_context(user: Any, page: RegionPage) -> dict[str, object]:
    code = page.region.code
    return {
        "can_follow_up": access.can(user, Cap.VIEW_RESTRICTED, code)
        or access.can(user, Cap.WRITE_MONEV, code)
    }


def funded_workers(*, region_code: str, year: int) -> int | None:
    """Workers funded in the region in the year by every funder (`metrics.funding`, as the scorecard counts
    them); None when nothing is registered. Read-only."""
    found = metrics.funding(year=year, region_codes=[region_code]).get(region_code)
    return None if found is None else found.workers


def funding_records(region_codes: list[str]) -> Iterable[VulnerableFunding]:
    """The current funding rows kept for any of the regions, by region, funder and the latest year first."""
    found = VulnerableFunding.objects.current().filter(region_id__in=region_codes)
    return found.order_by("region_id", "funder", "-year")


def funder_label(funder: str) -> str:
    return str(VulnerableFunding.Funder(funder).label)


region_part_register(
    RegionPart(name="monev-figures", slot="registers", order=10, template="monev/_region_part_figures.html")
)
region_part_register(
    RegionPart(
        name="monev-links",
        slot="registers",
        order=50,
        template="monev/_region_part_links.html",
        context=follow_up_context,
    )
)
count_progress_register(indicator="vulnerable_workers_funded", reader=funded_workers)
funding_register_set(FundingRegister(records=funding_records, funder_label=funder_label))
