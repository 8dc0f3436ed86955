"""The meeting pack in the browser: an officer prepares a meeting, presents its pack (a background job the
page follows), the PPTX's figures are the indicator library's, new participation figures come in, and the
meeting page shows the presented figures unchanged beside today's. The officer of another region sees
neither. Screenshots at 1,366 and 390 px are saved."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from tests.browser.conftest import DemoSite, screenshot
from tests.browser.test_monev import _account, _log_in
from tests.support import run

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _indicators(site: DemoSite, code: str, period: str) -> dict[str, Any]:
    done = run(site.env, "indicators", code, period, "--json")
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def test_a_presented_pack_keeps_its_figures_when_new_figures_come_in(
    page: Any, demo_site: DemoSite, tmp_path: Path
) -> None:
    officer = _account(demo_site, "disnaker_ntt_pack", "53")
    outsider = _account(demo_site, "disnaker_ntb_pack", "52")
    _log_in(page, demo_site, officer)

    page.goto(demo_site.base_url + "/monev/rapat/baru/?wilayah=53")
    page.select_option("#id_region", "53")
    page.fill("#id_held_on", dt.date.today().isoformat())
    page.fill("#id_place", "Kantor Gubernur NTT, Kupang")
    page.fill("#id_institutions", "Kemenko PMK\nKemendagri\nBPJS Ketenagakerjaan\nDisnakertrans NTT")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    meeting_url = page.url

    # Present: the pack is made by the server's worker while the page shows its progress.
    pack = page.locator("#pack")
    pack.locator("button[type=submit]").click()
    page.wait_for_load_state()
    pack.locator(".pack-files a").first.wait_for(timeout=180_000)
    frozen = pack.locator('tr[data-region="53"] [data-figure="frozen-rate"]').inner_text()

    # The slides' figures are the library's (`cakupan indicators`, the same library).
    with page.expect_download() as download:
        pack.locator(".pack-files a", has_text="PPTX").first.click()
    deck = Presentation(io.BytesIO(Path(download.value.path()).read_bytes()))
    charts = [s.chart for slide in deck.slides for s in slide.shapes if s.has_chart]
    headline, ranking = charts[0], charts[1]
    period = page.locator("#pack").get_attribute("data-period") or ""
    ntt = _indicators(demo_site, "53", period)
    assert headline.plots[0].series[0].values[0] == ntt["coverage_rate"]
    ranked = json.loads(run(demo_site.env, "ranking", "53", period, "--json").stdout)
    rows = ranked["regions"]  # the ranked sub-regions, highest first
    assert list(ranking.plots[0].series[0].values) == [r["coverage_rate"] for r in rows]

    # New participation figures for one regency of the month: today's figure moves, the presented stays.
    corrected = tmp_path / "koreksi.csv"
    corrected.write_text(
        f"region_code,period,segment,status,participants\n53.71,{period},PU,active,999999\n", encoding="utf-8"
    )
    done = run(demo_site.env, "import", "participation", str(corrected))
    assert done.returncode == 0, done.stdout + done.stderr
    page.goto(meeting_url)
    row = page.locator('#pack tr[data-region="53"]')
    assert row.locator('[data-figure="frozen-rate"]').inner_text() == frozen
    assert row.locator('[data-figure="today-rate"]').inner_text() != frozen
    assert page.locator('[data-figure="pack-changed"]').is_visible()
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "meeting-pack-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    assert row.locator('[data-figure="today-rate"]').is_visible()
    screenshot(page, "meeting-pack-390")

    # The officer of NTB sees neither the meeting nor the pack's files.
    href = pack.locator(".pack-files a").first.get_attribute("href")
    _log_in(page, demo_site, outsider)
    assert page.goto(meeting_url).status == 404
    assert page.goto(demo_site.base_url + str(href)).status == 404
