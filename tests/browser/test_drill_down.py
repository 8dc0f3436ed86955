"""An analyst drills down national → province → regency by clicking the map and by clicking the table,
first with region boundaries loaded, then without them (tile grid and sorted bars); the figures shown
equal the API's. Screenshots of every page are saved."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import DemoSite, screenshot
from tests.support import run

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIGURES = (
    "coverage_rate",
    "gap_points",
    "target_rate",
    "active",
    "inactive",
    "registered",
    "workers",
    "workers_to_protect",
    "workers_to_target",
)


def _assert_page_equals_api(page: Any, code: str, period: str) -> None:
    origin = page.url.split("/", 3)[:3]
    api = page.request.get("/".join(origin) + f"/api/v1/indicators/{code}/{period}").json()
    for name in FIGURES:
        element = page.locator(f'section [data-figure="{name}"]').first
        if api.get(name) is None or not element.count():
            continue
        shown = element.get_attribute("data-value")
        assert shown not in (None, ""), name
        assert float(shown) == pytest.approx(api[name]), (code, name)


def _click_map_region(page: Any, code: str) -> None:
    """Click a point of the map that is on the region itself (an island province's bounding box is
    mostly sea), found by asking the page what lies under each point of a grid."""
    link = page.locator(f'figure.map a[href*="/wilayah/{code}/"]').first
    link.scroll_into_view_if_needed()
    point = page.evaluate(
        """(link) => {
            const box = link.getBoundingClientRect();
            for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {
                const x = box.left + box.width * i / 40, y = box.top + box.height * j / 40;
                const hit = document.elementFromPoint(x, y);
                if (hit && hit.closest('a') === link) return [x, y];
            }
            return null;
        }""",
        link.element_handle(),
    )
    assert point is not None, f"no clickable point on the map for {code}"
    page.mouse.click(point[0], point[1])


def _drill(page: Any, site: DemoSite, *, via: str, label: str) -> None:
    # The demo's own month: other tests on this site may open a later month in which one province reports.
    page.goto(f"{site.base_url}/?periode={site.last_month}&tampilan=" + ("peta" if via == "map" else "tabel"))
    period = page.locator("#periode").input_value()
    _assert_page_equals_api(page, "00", period)
    screenshot(page, f"{label}-national")
    if via == "map":
        _click_map_region(page, "53")
    else:
        page.locator('#children tr[data-region="53"] a').click()
    page.wait_for_url("**/wilayah/53/**")
    _assert_page_equals_api(page, "53", period)
    screenshot(page, f"{label}-province-53")
    if via == "map":
        _click_map_region(page, "53.71")
    else:
        page.locator('#children tr[data-region="53.71"] a').click()
    page.wait_for_url("**/wilayah/53.71/**")
    _assert_page_equals_api(page, "53.71", period)
    page.wait_for_selector("figure.chart-figure svg")  # the charts arrive by HTMX after the page
    screenshot(page, f"{label}-regency-53.71")


def test_drill_down_by_map_and_by_table_with_and_without_boundaries(page: Any, demo_site: DemoSite) -> None:
    _drill(page, demo_site, via="map", label="map-boundaries")
    page.goto(f"{demo_site.base_url}/wilayah/53/?periode={demo_site.last_month}&tampilan=peta")
    assert page.locator("figure.map svg.map-svg-choropleth a").count() == 22, "drawn from boundaries"
    _drill(page, demo_site, via="table", label="table-boundaries")

    done = run(
        demo_site.env,
        "manage",
        "shell",
        "-c",
        "from cakupan.maps.models import Boundary; Boundary.objects.all().delete()",
    )
    assert done.returncode == 0, done.stderr
    page.goto(f"{demo_site.base_url}/?periode={demo_site.last_month}&tampilan=peta")
    assert page.locator("figure.map svg.map-svg-tiles a").count() == 38, "a tile grid of the 38 provinces"
    _drill(page, demo_site, via="map", label="map-no-boundaries")
    page.goto(f"{demo_site.base_url}/wilayah/53/?periode={demo_site.last_month}&tampilan=peta")
    assert page.locator("figure.map svg.map-svg-bars a").count() == 22, "sorted bars of the 22 regencies"
    _drill(page, demo_site, via="table", label="table-no-boundaries")
