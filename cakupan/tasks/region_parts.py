"""What tasks adds to the region page (cakupan.dashboards.parts), registered from TasksConfig.ready():
where a signed-in user lands (their one region, or the list of what waits for them when they hold several),
and the task list atop the page they land on."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from cakupan.dashboards.parts import RegionPart, landing_register, region_part_register
from cakupan.dashboards.selectors import RegionPage
from cakupan.tasks.selectors import my_regions


def landing(user: Any) -> str | None:
    """Their one region, or what waits for them with a chooser of their regions; national roles (and
    users without a role) stay on the national page (None)."""
    regions = my_regions(user).regions
    if len(regions) == 1:
        return reverse("dashboards:region", args=[regions[0].code])
    if len(regions) > 1:
        return reverse("tasks:mine")
    return None


def show_tasks(user: Any, page: RegionPage) -> dict[str, object]:
    """The task list tops the page the user lands on: their own region, or the nation for national roles."""
    if not user.is_authenticated:
        return {}
    mine = my_regions(user)
    return {"show_tasks": mine.everything if page.region.is_national else page.region in mine.regions}


landing_register("tasks", landing)
region_part_register(
    RegionPart(
        name="tasks", slot="top", order=10, template="tasks/_region_part_tasks.html", context=show_tasks
    )
)
