"""Issue 19: the labour inspector records an inspection note with the letter's date and number (its
deadline counts from the letter's date, a letter dated after today is refused at its field), refers the
case with the referral letter attached, and the licensing office checks the employer by its NIB: it sees
the status, the step and the referral letter, not the notes. The case pages fit at 1,366 × 900 and on a
390 × 844 phone, in Indonesian and English (screenshots are saved)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from benchmarks.employers import HEADER
from tests.browser.conftest import DemoSite, screenshot
from tests.personas import csv_bytes
from tests.support import run

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NIB = "9120000000002"
INSPECTORATE = "UPT Pengawasan Ketenagakerjaan NTT (surat)"
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _account(site: DemoSite, name: str, role: str, *where: str) -> tuple[str, str]:
    done = run(site.env, "user", "add", name, "--role", role, *where, "--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    found = re.search(r"Password \(shown once\): (\S+)", done.stdout)
    assert found, done.stdout
    return name, found.group(1)


def _log_in(page: Any, site: DemoSite, login: tuple[str, str], lang: str = "en") -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "cakupan_lang", "value": lang, "url": site.base_url}])
    page.goto(site.base_url + "/akun/masuk/")
    page.fill("#id_username", login[0])
    page.fill("#id_password", login[1])
    page.press("#id_password", "Enter")
    page.wait_for_load_state()


def _shell(site: DemoSite, script: str) -> str:
    done = run(site.env, "manage", "shell", "-c", script)
    assert done.returncode == 0, done.stdout + done.stderr
    return str(done.stdout).strip()


def _case_at_second_warning(site: DemoSite, tmp_path: Path, today: date) -> int:
    """An employer of Kota Kupang (known by its NIB) with 10 of 50 workers unregistered, warned twice by
    letters of the last two months (recorded through the transitions, as the web form would)."""
    row = (NIB, "CV Flobamora Surat", "53.71", "2026-01", 50, 40, 150_000_000, 120_000_000, "JKK;JKM;JHT;JP")
    path = tmp_path / "employers-letter.csv"
    path.write_bytes(csv_bytes(HEADER, [row]))
    done = run(site.env, "import", "employers", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    opened, warn1, warn2 = (today - timedelta(days=d) for d in (61, 60, 40))
    return int(
        _shell(
            site,
            "from datetime import date\n"
            "from django.contrib.auth.models import User\n"
            "from cakupan.compliance.models import Employer\n"
            "from cakupan.compliance.transitions import case_open, case_transition\n"
            "by = User.objects.get(username='pengawas_surat')\n"
            f"case = case_open(employer=Employer.objects.get(nib='{NIB}'), by=by, note='WLKP vs BPJS',"
            f" detected_on=date.fromisoformat('{opened}'))\n"
            f"for action, day in (('warn1', '{warn1}'), ('warn2', '{warn2}')):\n"
            "    case = case_transition(case=case, action=action, by=by, note=action,"
            " letter_number='B/' + action, letter_date=date.fromisoformat(day))\n"
            "print(case.pk)\n",
        ).splitlines()[-1]
    )


def _inside(page: Any, selector: str) -> None:
    """The element lies inside the viewport's width (nothing to scroll sideways to reach it)."""
    box = page.locator(selector).first.bounding_box()
    width = page.viewport_size["width"]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, box, width)


def _looks(page: Any, url: str, name: str, lang: str, site: DemoSite) -> None:
    """The page at both widths in one language: the stage and the first action in view; screenshots."""
    page.context.add_cookies([{"name": "cakupan_lang", "value": lang, "url": site.base_url}])
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        _inside(page, "#case-status, .card.status-in_process")
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, (name, label, lang)
        screenshot(page, f"{name}-{lang}-{label}")


def test_the_inspector_records_the_inspection_letter_and_the_licensing_office_checks_the_nib(
    page: Any, demo_site: DemoSite, tmp_path: Path
) -> None:
    today = date.today()
    # The labour inspectorate of NTT, whose compliance officers are the labour inspectors.
    _shell(
        demo_site,
        "from cakupan.accounts.models import Office\n"
        "from cakupan.regions.models import Region\n"
        f"office, _ = Office.objects.get_or_create(name='{INSPECTORATE}',"
        " defaults={'kind': 'INSPECTORATE'})\n"
        "office.regions.set([Region.objects.get(code='53')])\n",
    )
    inspector = _account(demo_site, "pengawas_surat", "COMPLIANCE_OFFICER", "--office", INSPECTORATE)
    licensing = _account(demo_site, "dpmptsp_surat", "LICENSING_OFFICER", "--region", "53.71")
    case_id = _case_at_second_warning(demo_site, tmp_path, today)
    case_url = f"{demo_site.base_url}/kepatuhan/kasus/{case_id}/"

    _log_in(page, demo_site, inspector)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(case_url)
    assert page.locator("#case-status").get_attribute("data-status") == "WARNING_2"
    section = page.locator("#step-inspect")
    # A letter dated tomorrow is refused at its field; nothing moves.
    section.locator("input[name=letter_number]").fill("566/PK.01/2026")
    section.locator("input[name=letter_date]").fill((today + timedelta(days=1)).isoformat())
    section.locator("textarea[name=note]").fill("Pemeriksaan di lokasi: 10 pekerja belum didaftarkan.")
    section.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "after today" in page.locator("#step-inspect .error").first.inner_text()
    assert page.locator("#case-status").get_attribute("data-status") == "WARNING_2"
    # The letter of three days ago: the referral is due ten working days after it, not after today.
    letter_day = today - timedelta(days=3)
    section = page.locator("#step-inspect")
    section.locator("input[name=letter_date]").fill(letter_day.isoformat())
    section.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#case-status").get_attribute("data-status") == "INSPECTION_NOTE"
    due = _shell(
        demo_site,
        "from datetime import date\n"
        "from cakupan.compliance.workdays import add_working_days\n"
        f"print(add_working_days(date.fromisoformat('{letter_day}'), 10))\n",
    ).splitlines()[-1]
    entry = page.locator("ol.timeline li[data-event=INSPECTION_NOTE]")
    assert f"Letter 566/PK.01/2026 of {letter_day.isoformat()}" in entry.inner_text()
    assert f"Due: {due}" in entry.inner_text()
    # The referral, with the letter itself attached.
    section = page.locator("#step-refer")
    section.locator("input[name=letter_number]").fill("567/TMP2T/2026")
    section.locator("input[name=letter_date]").fill(today.isoformat())
    section.locator("input[name=letter_file]").set_input_files(
        {"name": "surat-rujukan.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    section.locator("textarea[name=note]").fill("Dirujuk ke DPMPTSP: catatan internal pengawas.")
    section.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#case-status").get_attribute("data-status") == "REFERRED"
    for lang in ("id", "en"):
        _looks(page, case_url, "inspection-letter-case", lang, demo_site)

    _log_in(page, demo_site, licensing)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(demo_site.base_url + "/kepatuhan/cek-izin/")
    page.fill("#id_id", NIB)
    page.press("#id_id", "Enter")
    page.wait_for_load_state()
    answer = page.locator("main").inner_text()
    assert "CV Flobamora Surat" in answer and NIB in answer
    assert "In process" in answer and "Referred to the licensing office" in answer
    letter = page.locator("#licensing-letters tr[data-letter=REFERRED]")
    assert "567/TMP2T/2026" in letter.inner_text() and today.isoformat() in letter.inner_text()
    download = page.request.get(demo_site.base_url + str(letter.locator("a").get_attribute("href")))
    assert download.status == 200 and download.body() == PDF
    for hidden in ("catatan internal", "566/PK.01/2026", "Pemeriksaan di lokasi"):
        assert hidden not in answer
    check_url = f"{demo_site.base_url}/kepatuhan/cek-izin/?id={NIB}"
    for lang in ("id", "en"):
        _looks(page, check_url, "licensing-check", lang, demo_site)
    page.goto(case_url)
    case_text = page.locator("main").inner_text()
    assert "567/TMP2T/2026" in case_text
    for hidden in ("catatan internal", "566/PK.01/2026", "Pemeriksaan di lokasi", "B/warn1"):
        assert hidden not in case_text
    for lang in ("id", "en"):
        _looks(page, case_url, "licensing-case", lang, demo_site)
