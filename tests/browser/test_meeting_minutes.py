"""Attendance and minutes in the browser: an officer records a meeting's invitees (HTMX, no page load),
a finding and a follow-up and who signs, then downloads the minutes as PDF and DOCX and reads them back.
The follow-up's due date, status and "Update" stay inside the window at 1,366 × 900 and on a 390 × 844
phone, in both languages. Screenshots (and a PNG of the minutes' first page) are saved."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document as DocxDocument
from pypdf import PdfReader

from tests.browser.conftest import ARTIFACTS, DemoSite, screenshot
from tests.browser.test_monev import _account, _log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = {"wide": (1366, 900), "phone": (390, 844)}


def _inside(page: Any, selector: str) -> None:
    width = page.viewport_size["width"]
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (selector, box, width)


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


def test_an_officer_records_attendance_and_findings_and_downloads_the_minutes(
    page: Any, demo_site: DemoSite, tmp_path: Path
) -> None:
    officer = _account(demo_site, "disnaker_ntt_notulen", "53")
    _log_in(page, demo_site, officer)
    page.context.add_cookies([{"name": "cakupan_lang", "value": "en", "url": demo_site.base_url}])
    page.goto(demo_site.base_url + "/monev/rapat/baru/?wilayah=53.05")
    page.select_option("#id_region", "53.05")
    page.fill("#id_held_on", "2024-07-10")
    page.fill("#id_place", "Kantor Gubernur NTT, Kupang")
    page.fill("#id_institutions", "Kemenko PMK\nBPJS Ketenagakerjaan\nDisnakertrans NTT")
    page.fill("#id_agenda", "Evaluasi pelaksanaan Inpres 2/2021")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    meeting_url = page.url

    # Invitees through HTMX: the section is swapped in place, the page is not reloaded.
    page.evaluate("window.__same_page = true")
    _add_invitee(page, "Pemerintah Provinsi NTT", "Gubernur", head=True)
    _add_invitee(page, "BPJS Ketenagakerjaan Kanwil Bali Nusra", "Kepala Kantor Wilayah")
    _add_invitee(page, "Bappeda NTT", "Kepala", absent=True)
    assert page.evaluate("window.__same_page") is True
    attendance = page.locator("#attendance").inner_text()
    assert "2 of 3 invited agencies attended." in attendance
    assert "The head of region attended in person." in attendance
    signatories = page.locator("#attendance form[action$='/penandatangan/']")
    signatories.locator("input[name=chair_name]").fill("Drs. Pimpinan Rapat")
    signatories.locator("input[name=chair_position]").fill("Asisten Deputi Kemenko PMK")
    signatories.locator("input[name=secretary_name]").fill("Notulis Rapat")
    signatories.locator("input[name=secretary_position]").fill("Kepala Bidang Disnakertrans NTT")
    signatories.locator("button[type=submit]").click()
    page.locator("#attendance", has_text="Drs. Pimpinan Rapat").wait_for()

    # A finding and a follow-up (plain forms).
    item = page.locator("form[action$='/butir/']")
    item.locator("select[name=kind]").select_option("FINDING")
    item.locator("textarea[name=text]").fill("879.094 pekerja bukan penerima upah belum terlindungi")
    item.locator("button[type=submit]").click()
    page.wait_for_load_state()
    follow_up = page.locator("form[action$='/tindak-lanjut/']")
    follow_up.locator("textarea[name=action]").fill("Anggarkan iuran 12.800 pekerja rentan dalam APBD 2025")
    follow_up.locator("input[name=responsible]").fill("Bappeda NTT")
    follow_up.locator("input[name=due_on]").fill("2024-09-30")
    follow_up.locator("button[type=submit]").click()
    page.wait_for_load_state()

    # The minutes, both files, read back.
    with page.expect_download() as pdf_download:
        page.locator("a[href$='notulen/?unduh=pdf']").click()
    pdf_path = Path(pdf_download.value.path())
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages
    )
    assert "Minutes of the Monev meeting" in text and "2 of 3 invited agencies attended." in text
    assert "879.094 pekerja bukan penerima upah" in text and "30 September 2024" in text
    assert "Kantor Gubernur NTT, Kupang, 10 July 2024" in text and "Drs. Pimpinan Rapat" in text
    with page.expect_download() as docx_download:
        page.locator("a[href$='notulen/?unduh=docx']").click()
    doc = DocxDocument(str(docx_download.value.path()))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    assert "Evaluasi pelaksanaan Inpres 2/2021" in paragraphs
    assert "Bappeda NTT" in cells and "absent" in cells and "Notulis Rapat" in cells
    assert "Anggarkan iuran 12.800 pekerja rentan dalam APBD 2025" in cells
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", str(pdf_path), str(ARTIFACTS / "minutes-pdf")],
        check=False,
    )

    # At both widths and in both languages, the follow-up's due date, status and button are in view.
    for lang in ("en", "id"):
        page.context.add_cookies([{"name": "cakupan_lang", "value": lang, "url": demo_site.base_url}])
        for name, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            page.goto(meeting_url)
            follow_ups = page.locator("table.follow-ups tbody tr").first
            follow_ups.scroll_into_view_if_needed()
            for cell in ("td.due", "td.status", "td.update a"):
                _inside(page, f"table.follow-ups tbody tr >> nth=0 >> {cell}")
            _inside(page, "table.attendees tbody tr >> nth=0 >> td.status")
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
            screenshot(page, f"meeting-minutes-{name}-{lang}")
