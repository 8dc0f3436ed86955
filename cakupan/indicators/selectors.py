"""Reads of the indicator library for a user: which regions' figures they may see, in one place.

National, province and regency figures are public aggregates. District and village figures are small
enough to point at people: they need the `view_restricted` capability for that region (the open-data
page publishes them with small-cell suppression instead).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.indicators import library
from cakupan.indicators.library import RegionIndicators, TrendPoint
from cakupan.indicators.words import no_data_text
from cakupan.regions.models import Region
from cakupan.regions.selectors import region_get

PUBLIC_MAX_LEVEL = Region.Level.REGENCY


def level_visible(user: Any, *, level: int, code: str) -> bool:
    return level <= PUBLIC_MAX_LEVEL or access.can(user, Cap.VIEW_RESTRICTED, code)


def region_for_figures(user: Any, *, code: str) -> Region:
    """The region, if the user may see its own figures. Http404 / PermissionDenied otherwise."""
    region = region_get(code=code)
    if region is None:
        raise Http404(_("Unknown region %(code)s.") % {"code": code})
    if not level_visible(user, level=region.level, code=region.code):
        raise PermissionDenied(
            _(
                "District and village figures need a role for this region; the open-data page "
                "publishes them with small counts hidden."
            )
        )
    return region


def children_visible(user: Any, *, region: Region) -> bool:
    return level_visible(user, level=region.level + 1, code=region.code)


class NoFigures(Http404):
    """A month without figures for the region, and the nearest months that have some (issue 15 §2)."""

    def __init__(self, region: Region, period: str) -> None:
        self.region, self.period = region, period
        self.nearest = library.nearest_periods(region.code, period)
        super().__init__(
            no_data_text(
                name=region.name, code=region.code, period=period, nearest=self.nearest, lang=get_language()
            )
        )


def indicators_get(user: Any, *, code: str, period: str) -> RegionIndicators:
    region = region_for_figures(user, code=code)
    found = library.region_indicators(region.code, period)
    if found is None:
        raise NoFigures(region, period)
    return found


def ranking_get(user: Any, *, code: str, period: str) -> tuple[Region, list[RegionIndicators]]:
    """The children ranked; NoFigures when none of them has figures for the month."""
    region = region_for_figures(user, code=code)
    if not children_visible(user, region=region):
        raise PermissionDenied(_("The figures of districts and villages need a role for this region."))
    rows = library.children_ranking(region.code, period)
    if not rows:
        raise NoFigures(region, period)
    return region, rows


def trend_get(user: Any, *, code: str, end: str | None, months: int) -> tuple[Region, list[TrendPoint]]:
    region = region_for_figures(user, code=code)
    last = end or library.latest_period(region.code)
    return region, library.trend(region.code, last, months) if last else []
