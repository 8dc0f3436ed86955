"""The figures a reader sees are the figures the CLI gives: national page and a regency page, reached by
clicking through the tables, on the full simulated demo data."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import DemoSite, screenshot
from tests.support import run_json

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RATES = (
    "coverage_rate",
    "gap_points",
    "target_rate",
    "target_gap_points",
    "change_month_points",
    "change_year_points",
    "inactive_share",
    "diff_to_national_points",
)
COUNTS = (
    "active",
    "inactive",
    "registered",
    "workers",
    "workers_to_protect",
    "workers_to_target",
    "change_month_active",
)


def _indonesian_number(text: str) -> float:
    """`1.654.526`, `33,73 %`, `+0,30 poin`, `−1.200` → a number."""
    cleaned = text.replace("−", "-").replace("+", "").replace("%", "").replace("poin", "").strip()
    cleaned = cleaned.replace(".", "").replace(",", ".")
    match = re.search(r"-?\d+(\.\d+)?", cleaned)
    assert match, text
    return float(match.group(0))


def _shown_figures(page: Any) -> dict[str, float]:
    shown: dict[str, float] = {}
    for element in page.locator("section [data-figure]").all():
        name = element.get_attribute("data-figure")
        if name in shown or name not in (*RATES, *COUNTS, "rank"):  # not badges
            continue
        own = element.locator("> .fig-value")
        text = own.inner_text() if own.count() else element.inner_text()
        if text.strip().startswith("–") or not text.strip():  # "– dibanding bulan lalu": no figure
            continue
        shown[name] = _indonesian_number(text.split("/")[0] if name == "rank" else text)
    return shown


def _assert_page_equals_cli(page: Any, site: DemoSite, code: str, period: str) -> None:
    expected = run_json(site.env, "indicators", code, period)
    shown = _shown_figures(page)
    for name in RATES + COUNTS:
        if expected.get(name) is None:
            continue
        assert name in shown, f"{name} is not shown on the page of {code}"
        assert shown[name] == pytest.approx(expected[name]), name
    # The children table has the same coverage as `cakupan ranking`.
    ranking = run_json(site.env, "ranking", code, period) if page.locator("#children").count() else None
    if ranking:
        for row in ranking["regions"][:10]:  # type: ignore[index]
            cell = page.locator(f'tr[data-region="{row["region_code"]}"] td[data-figure="coverage_rate"]')
            assert _indonesian_number(cell.inner_text()) == pytest.approx(row["coverage_rate"])


def test_national_province_and_regency_pages_show_the_cli_figures(page: Any, demo_site: DemoSite) -> None:
    # The demo's own month: other tests on this site may open a later month in which one province reports.
    page.goto(f"{demo_site.base_url}/?periode={demo_site.last_month}")
    assert "Data simulasi" in page.inner_text("body")
    period = page.locator("#periode").input_value()
    assert period == demo_site.last_month
    _assert_page_equals_cli(page, demo_site, "00", period)
    screenshot(page, "national")

    page.locator('tr[data-region="53"] a').click()
    page.wait_for_url("**/wilayah/53/**")
    _assert_page_equals_cli(page, demo_site, "53", period)
    screenshot(page, "province-53")

    first_regency = page.locator("#children tbody tr").first
    code = first_regency.get_attribute("data-region")
    first_regency.locator("a").click()
    page.wait_for_url(f"**/wilayah/{code}/**")
    _assert_page_equals_cli(page, demo_site, str(code), period)
    assert page.locator("#trend tbody tr").count() == 36
    screenshot(page, f"regency-{code}")


def test_sorting_the_table_with_htmx_keeps_the_page_and_updates_the_address(
    page: Any, demo_site: DemoSite
) -> None:
    page.goto(demo_site.base_url + "/")
    page.locator("#children thead a", has_text="Wilayah").click()
    page.wait_for_url("**urut=name**")
    names = page.locator("#children tbody th").all_inner_texts()
    assert names == sorted(names)
    assert page.locator("h1").count() == 1


def test_the_english_switch_writes_numbers_the_english_way(page: Any, demo_site: DemoSite) -> None:
    page.goto(demo_site.base_url + "/wilayah/53/")
    page.locator("form.lang button").click()
    page.wait_for_load_state()
    text = page.inner_text(".fig-main .fig-value")
    assert re.fullmatch(r"\d{1,2}\.\d{2}%", text), text
    screenshot(page, "province-53-en")


def test_the_demo_login_works(page: Any, demo_site: DemoSite) -> None:
    page.goto(demo_site.base_url + "/akun/masuk/")
    page.fill("#id_username", demo_site.login[0])
    page.fill("#id_password", demo_site.login[1])
    page.locator("form.card button[type=submit]").click()
    page.wait_for_load_state()
    assert "Keluar (demo)" in page.inner_text("header")
    page.goto(demo_site.base_url + "/impor/")
    assert page.locator("#id_file").count() == 1
    screenshot(page, "import-upload")
