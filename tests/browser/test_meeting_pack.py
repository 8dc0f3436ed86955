"""Issue 17's whole meeting in the browser, in provinces no other browser test writes into (Sulawesi
Tenggara hosts, Gorontalo is invited): an officer prepares a meeting, the pack is made for it from the
command line and by presenting it (a background job the page follows), the PPTX's charts carry the
indicator library's figures, attendance and a finding are recorded, the minutes are downloaded and read
back, new participation figures come in and the page shows the presented figures unchanged beside today's.
Gorontalo's officer reads the meeting and Gorontalo's row only; NTB's officer sees nothing. Screenshots at
1,366 and 390 px are saved."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document as DocxDocument
from pptx import Presentation
from pypdf import PdfReader

from tests.browser.conftest import DemoSite, screenshot
from tests.browser.test_monev import _account, _log_in
from tests.support import run

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOST, INVITED = "74", "75"  # Sulawesi Tenggara, Gorontalo


def _indicators(site: DemoSite, code: str, period: str) -> dict[str, Any]:
    done = run(site.env, "indicators", code, period, "--json")
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def _charts(data: bytes) -> list[Any]:
    deck = Presentation(io.BytesIO(data))
    return [s.chart for slide in deck.slides for s in slide.shapes if s.has_chart]


def _add_invitee(page: Any, agency: str, position: str, *, head: bool = False, absent: bool = False) -> None:
    form = page.locator("#attendance form[action$='/undangan/']")
    form.locator("input[name=agency]").fill(agency)
    form.locator("input[name=position]").fill(position)
    if absent:
        form.locator("input[name=attended]").uncheck()
    if head:
        form.locator("input[name=head_of_region]").check()
    form.locator("button[type=submit]").click()
    page.locator("#attendance table.attendees", has_text=agency).wait_for()


def test_a_meeting_from_its_pack_to_its_minutes_keeps_the_figures_it_was_shown(
    page: Any, demo_site: DemoSite, tmp_path: Path
) -> None:
    officer = _account(demo_site, "disnaker_sultra_rapat", HOST)
    invited = _account(demo_site, "disnaker_gorontalo_rapat", INVITED)
    outsider = _account(demo_site, "disnaker_ntb_rapat", "52")
    _log_in(page, demo_site, officer)
    page.context.add_cookies([{"name": "cakupan_lang", "value": "en", "url": demo_site.base_url}])

    # 1. The meeting: host, date, place, agencies, agenda, and Gorontalo invited.
    page.goto(demo_site.base_url + f"/monev/rapat/baru/?wilayah={HOST}")
    page.select_option("#id_region", HOST)
    page.fill("#id_held_on", dt.date.today().isoformat())
    page.fill("#id_place", "Kantor Gubernur Sulawesi Tenggara, Kendari")
    page.fill("#id_institutions", "Kemenko PMK\nKemendagri\nBPJS Ketenagakerjaan\nDisnakertrans Sultra")
    page.fill("#id_agenda", "Capaian cakupan dan peringkat kabupaten/kota\nKomitmen anggaran pekerja rentan")
    page.locator("[name=other_regions]").first.fill(INVITED)
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    meeting_url = page.url
    found = re.search(r"/monev/rapat/(\d+)/", meeting_url)
    assert found, meeting_url
    meeting_id = found.group(1)

    # 2. The pack for the meeting from the command line, before anything is presented.
    pack = page.locator("#pack")
    period = pack.get_attribute("data-period") or ""
    assert re.fullmatch(r"\d{4}-\d{2}", period), period
    cli_pack = tmp_path / "bahan.pptx"
    done = run(demo_site.env, "pack", HOST, period, "--meeting", meeting_id, "--out", str(cli_pack))
    assert done.returncode == 0, done.stdout + done.stderr

    # 3. Present: the worker makes the pack while the page shows its progress.
    pack.locator("button[type=submit]").click()
    page.wait_for_load_state()
    try:
        pack.locator(".pack-files a").first.wait_for(timeout=600_000)
    except Exception:
        pytest.fail("the pack was not made: " + pack.inner_text())
    assert pack.get_attribute("data-period") == period
    frozen = pack.locator(f'tr[data-region="{HOST}"] [data-figure="frozen-rate"]').inner_text()

    # The slides' figures, presented and from the command line, are the library's (`cakupan indicators`).
    with page.expect_download() as download:
        pack.locator(".pack-files a", has_text="PPTX").first.click()
    host, guest = _indicators(demo_site, HOST, period), _indicators(demo_site, INVITED, period)
    ranked = json.loads(run(demo_site.env, "ranking", HOST, period, "--json").stdout)["regions"]
    for data in (Path(download.value.path()).read_bytes(), cli_pack.read_bytes()):
        headline, ranking = _charts(data)[:2]
        assert list(headline.plots[0].categories) == [host["region_name"], guest["region_name"]]
        assert list(headline.plots[0].series[0].values) == [host["coverage_rate"], guest["coverage_rate"]]
        assert list(ranking.plots[0].series[0].values) == [r["coverage_rate"] for r in ranked]

    # 4. Attendance (HTMX), who signs, a finding and a follow-up.
    _add_invitee(page, "Pemerintah Provinsi Sulawesi Tenggara", "Gubernur", head=True)
    _add_invitee(page, "BPJS Ketenagakerjaan Kanwil Sulawesi Maluku", "Kepala Kantor Wilayah")
    _add_invitee(page, "Bappeda Sulawesi Tenggara", "Kepala", absent=True)
    assert "2 of 3 invited agencies attended." in page.locator("#attendance").inner_text()
    signatories = page.locator("#attendance form[action$='/penandatangan/']")
    signatories.locator("input[name=chair_name]").fill("Dr. Ketua Rapat Sultra")
    signatories.locator("input[name=chair_position]").fill("Asisten Deputi Kemenko PMK")
    signatories.locator("input[name=secretary_name]").fill("Notulis Sultra")
    signatories.locator("input[name=secretary_position]").fill("Kepala Bidang Disnakertrans Sultra")
    signatories.locator("button[type=submit]").click()
    page.locator("#attendance", has_text="Dr. Ketua Rapat Sultra").wait_for()
    item = page.locator("form[action$='/butir/']")
    item.locator("select[name=kind]").select_option("FINDING")
    item.locator("textarea[name=text]").fill("Cakupan Kabupaten Konawe tertinggal dari target provinsi")
    item.locator("button[type=submit]").click()
    page.wait_for_load_state()
    follow_up = page.locator("form[action$='/tindak-lanjut/']")
    follow_up.locator("textarea[name=action]").fill("Sosialisasi BPU di 30 desa Kabupaten Konawe")
    follow_up.locator("input[name=responsible]").fill("Disnakertrans Sultra")
    follow_up.locator("input[name=due_on]").fill((dt.date.today() + dt.timedelta(days=90)).isoformat())
    follow_up.locator("button[type=submit]").click()
    page.wait_for_load_state()

    # 5. The minutes, PDF and DOCX, read back.
    with page.expect_download() as pdf_download:
        page.locator("a[href$='notulen/?unduh=pdf']").click()
    pdf = PdfReader(io.BytesIO(Path(pdf_download.value.path()).read_bytes()))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Minutes of the Monev meeting" in text and "2 of 3 invited agencies attended." in text
    assert "Cakupan Kabupaten Konawe tertinggal" in text and "Sosialisasi BPU di 30 desa" in text
    assert "Dr. Ketua Rapat Sultra" in text and "Notulis Sultra" in text
    with page.expect_download() as docx_download:
        page.locator("a[href$='notulen/?unduh=docx']").click()
    doc = DocxDocument(str(docx_download.value.path()))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Bappeda Sulawesi Tenggara" in cells and "absent" in cells and "Dr. Ketua Rapat Sultra" in cells

    # 6. New participation figures for a regency of the month: today's figure moves, the presented stays.
    regency = ranked[0]["region_code"]
    corrected = tmp_path / "koreksi.csv"
    corrected.write_text(
        f"region_code,period,segment,status,participants\n{regency},{period},PU,active,999999\n",
        encoding="utf-8",
    )
    done = run(demo_site.env, "import", "participation", str(corrected))
    assert done.returncode == 0, done.stdout + done.stderr
    page.goto(meeting_url)
    row = page.locator(f'#pack tr[data-region="{HOST}"]')
    assert row.locator('[data-figure="frozen-rate"]').inner_text() == frozen
    assert row.locator('[data-figure="today-rate"]').inner_text() != frozen
    assert page.locator('[data-figure="pack-changed"]').is_visible()
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "meeting-pack-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    assert row.locator('[data-figure="today-rate"]').is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    screenshot(page, "meeting-pack-390")
    href = page.locator("#pack .pack-files a").first.get_attribute("href")

    # 7. Gorontalo's officer reads the meeting and Gorontalo's frozen row, not the host's or its files.
    _log_in(page, demo_site, invited)
    assert page.goto(meeting_url).status == 200
    assert page.locator(f'#pack tr[data-region="{INVITED}"]').count() == 1
    assert page.locator(f'#pack tr[data-region="{HOST}"]').count() == 0
    assert page.locator("#pack .pack-files").count() == 0
    assert page.goto(demo_site.base_url + str(href)).status == 404

    # NTB's officer sees neither the meeting nor the pack's files.
    _log_in(page, demo_site, outsider)
    assert page.goto(meeting_url).status == 404
    assert page.goto(demo_site.base_url + str(href)).status == 404
