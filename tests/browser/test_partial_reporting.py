"""A month in which NTT's participants come from two regencies while a third, larger one sends only its
workforce: the province and national pages show the partial rate as incomplete, with its completeness and
the warning beside it, and leave NTT out of the ranking with the reason. Screenshots are saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import DemoSite, screenshot
from tests.support import run

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Long before the demo's months: the demo's workforce figures are later and never apply to it.
MONTH = "2019-01"


def _import(site: DemoSite, tmp_path: Path, dataset: str, header: str, lines: list[str]) -> None:
    path = tmp_path / f"{dataset}.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    done = run(site.env, "import", dataset, str(path))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def partial_month(demo_site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("partial")
    _import(
        demo_site,
        folder,
        "workforce",
        "region_code,period,sector,workers,source",
        [
            f"{code},{MONTH},total,{n},Sakernas"
            for code, n in (("53.71", 1000), ("53.01", 1000), ("53.02", 5000))
        ],
    )
    _import(
        demo_site,
        folder,
        "participation",
        "region_code,period,segment,status,participants",
        [f"53.71,{MONTH},PU,active,300", f"53.01,{MONTH},PU,active,200"],
    )
    return MONTH


def test_the_province_page_shows_the_partial_rate_as_incomplete_with_its_completeness(
    page: Any, demo_site: DemoSite, partial_month: str
) -> None:
    page.goto(f"{demo_site.base_url}/wilayah/53/?periode={partial_month}")
    coverage = page.locator('section [data-figure="coverage_rate"]').first
    assert coverage.get_attribute("data-incomplete") == "true"
    assert float(coverage.get_attribute("data-value")) == 25.0
    assert coverage.locator('[data-figure="incomplete"]').inner_text() == "belum lengkap"
    completeness = page.locator('[data-figure="completeness"]').first
    assert completeness.get_attribute("data-children-reporting") == "2"
    assert completeness.get_attribute("data-children-total") == "22"
    assert "28,57 % angkatan kerja terukur" in completeness.inner_text()
    assert "Belum lengkap: hanya 28,57 %" in page.locator(".warnings").inner_text()
    api = page.request.get(f"{demo_site.base_url}/api/v1/indicators/53/{partial_month}").json()
    assert (api["incomplete"], api["measured_workforce_share"], api["children_reporting"]) == (True, 28.57, 2)
    screenshot(page, "partial-reporting-province-53")


def test_the_national_page_shows_completeness_and_lists_ntt_as_not_ranked(
    page: Any, demo_site: DemoSite, partial_month: str
) -> None:
    page.goto(f"{demo_site.base_url}/?periode={partial_month}&tampilan=tabel")
    coverage = page.locator('section [data-figure="coverage_rate"]').first
    assert coverage.get_attribute("data-incomplete") == "true"
    assert "1 dari 38 subwilayah melapor" in page.locator('[data-figure="completeness"]').first.inner_text()
    unranked = page.locator('ul.not-ranked li[data-region="53"]')
    assert "Tidak diperingkat: belum lengkap" in unranked.inner_text()
    assert page.locator('#children tr[data-region="53"] td').first.inner_text() == "–"  # no rank
    screenshot(page, "partial-reporting-national")


# A month in which Kota Mataram reports 10,160 active participants against 1,000 workers: 1,016 %.
ABOVE_MONTH = "2019-02"


@pytest.fixture(scope="module")
def above_100_month(demo_site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("above-100")
    header = "region_code,period,sector,workers,source"
    _import(demo_site, folder, "workforce", header, [f"52.71,{ABOVE_MONTH},total,1000,Sakernas"])
    header = "region_code,period,segment,status,participants"
    _import(demo_site, folder, "participation", header, [f"52.71,{ABOVE_MONTH},PU,active,10160"])
    return ABOVE_MONTH


def test_the_warnings_travel_to_the_national_table_and_the_province_page(
    page: Any, demo_site: DemoSite, above_100_month: str
) -> None:
    page.goto(f"{demo_site.base_url}/?periode={above_100_month}&tampilan=tabel")
    national = page.locator("section .warnings").first.inner_text()  # the national figure itself
    assert "Cakupan di atas 100 %" in national
    row = page.locator('#children tr[data-region="52"]')
    assert row.locator(".badge-warning").count() == 1
    listed = page.locator('[data-figure="children_warnings"] li[data-region="52"]')
    assert listed.get_attribute("data-warning") == "coverage_above_100"
    assert "1.016,00 %" in listed.inner_text()
    screenshot(page, "warnings-national")
    page.goto(f"{demo_site.base_url}/wilayah/52/?periode={above_100_month}&tampilan=tabel")
    assert "Cakupan di atas 100 %" in page.locator("section .warnings").first.inner_text()
    assert page.locator('[data-figure="children_warnings"] li[data-region="52.71"]').count() == 1
    screenshot(page, "warnings-province-52")


def test_the_partial_month_warns_about_ntt_in_the_national_table(
    page: Any, demo_site: DemoSite, partial_month: str
) -> None:
    page.goto(f"{demo_site.base_url}/?periode={partial_month}&tampilan=tabel")
    listed = page.locator('[data-figure="children_warnings"] li[data-region="53"][data-warning="incomplete"]')
    assert "Belum lengkap" in listed.inner_text()
