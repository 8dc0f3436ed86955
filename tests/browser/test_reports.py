"""An officer downloads the Monev report from a region page (made in the background, offered when
ready), and asks for the reports of all provinces, following the batch's progress until its zip can be
downloaded. Screenshots are saved."""

from __future__ import annotations

import zipfile
from typing import Any

import pytest
from pypdf import PdfReader

from tests.browser.conftest import DemoSite, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _log_in(page: Any, site: DemoSite) -> None:
    page.goto(site.base_url + "/akun/masuk/")
    page.fill("#id_username", site.login[0])
    page.fill("#id_password", site.login[1])
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()


def test_the_report_downloaded_from_the_region_page_shows_the_page_figures(
    page: Any, demo_site: DemoSite
) -> None:
    page.goto(demo_site.base_url + "/wilayah/53/")
    shown = page.locator('section [data-figure="coverage_rate"] .fig-value').first.inner_text().strip()
    # The PDF takes seconds: the page asks for it in the background, shows its progress, then offers it.
    page.get_by_role("link", name="PDF", exact=True).first.click()
    page.locator("#report-job progress, #report-job a[download]").first.wait_for()
    screenshot(page, "reports-region-page-making")
    ready = page.locator("#report-job a[download]")
    ready.wait_for(timeout=120_000)
    with page.expect_download() as info:
        ready.click()
    download = info.value
    assert download.suggested_filename.startswith("monev-53-") and download.suggested_filename.endswith(
        ".pdf"
    )
    reader = PdfReader(download.path())
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert shown.replace("\u00a0", " ") in text and "Nusa Tenggara Timur" in text
    screenshot(page, "reports-region-page")


def test_a_batch_of_reports_is_followed_to_its_zip(page: Any, demo_site: DemoSite) -> None:
    _log_in(page, demo_site)
    page.goto(demo_site.base_url + "/laporan/batch/")
    screenshot(page, "reports-batch-form")
    page.check("input[name=tingkat][value=provinsi]")
    page.check("input[name=format][value=xlsx]")
    # The demo's last month, which every province has (other tests import figures of this month for
    # one province into the same site).
    page.select_option("#periode", demo_site.last_month)
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/tugas/*/")
    assert page.locator("progress").count() == 1
    screenshot(page, "reports-batch-progress")
    # The progress part refreshes itself (HTMX) until the zip is there: no reload by the reader.
    link = page.locator("a[download]", has_text=".zip")
    link.wait_for(timeout=240_000)
    screenshot(page, "reports-batch-done")
    with page.expect_download() as info:
        link.click()
    with zipfile.ZipFile(info.value.path()) as archive:
        names = archive.namelist()
    assert len(names) == 38 and all(name.endswith(".xlsx") for name in names)
