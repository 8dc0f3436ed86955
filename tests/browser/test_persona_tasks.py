"""Each persona's main task, end to end in the browser (issue 19): a BPJS officer imports participation and
sees what changed; a regency's labour office opens its regency and downloads its report. (The inspector's
letter, the licensing office's NIB check, the analyst's comparison by name and the public's phone search
have their own files.)"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.browser.conftest import DemoSite, screenshot
from tests.personas import PARTICIPATION_HEADER, csv_bytes
from tests.support import run

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _user(site: DemoSite, name: str, *how: str) -> tuple[str, str]:
    done = run(site.env, "user", "add", name, *how, "--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    found = re.search(r"Password \(shown once\): (\S+)", done.stdout)
    assert found, done.stdout
    return name, found.group(1)


def _log_in(page: Any, site: DemoSite, login: tuple[str, str]) -> None:
    page.goto(site.base_url + "/akun/masuk/")
    page.fill("#id_username", login[0])
    page.fill("#id_password", login[1])
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    assert "/akun/masuk/" not in page.url


def test_a_bpjs_officer_imports_participation_and_sees_what_it_changed(
    page: Any, demo_site: DemoSite, tmp_path: Path
) -> None:
    officer = _user(demo_site, "bpjs_kupang_browser", "--role", "BPJS_OFFICER", "--region", "53.71")
    _log_in(page, demo_site, officer)
    month = demo_site.last_month
    rows = [("53.71", month, "PU", "aktif", "12.345"), ("53.71", month, "BPU", "aktif", "2.345")]
    upload = tmp_path / "peserta-kupang.csv"
    upload.write_bytes(csv_bytes(PARTICIPATION_HEADER, rows))
    page.goto(demo_site.base_url + "/impor/")
    page.select_option("#id_dataset", "participation")
    page.set_input_files("#id_file", str(upload))
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    assert "/impor/pratinjau/" in page.url
    page.locator("details summary").first.click()  # the figures that change, before and after
    preview = page.inner_text("main")
    assert "12.345" in preview and "PU aktif" in preview  # read in Indonesian digits, named in words
    screenshot(page, "persona-bpjs-preview")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Simpan|Store")).click()
    assert "/impor/batch/" in page.url
    batch = page.inner_text("main")
    # What changed: the two figures replaced, each with its value before and after.
    assert "12.345" in batch and "2.345" in batch and "BPU aktif" in batch
    assert re.search(r"Angka yang diganti|Figures replaced", batch)
    screenshot(page, "persona-bpjs-batch")


def test_a_regency_office_opens_its_regency_and_downloads_its_report(page: Any, demo_site: DemoSite) -> None:
    office = _user(demo_site, "disnaker_kupang_browser", "--role", "REGIONAL_OFFICER", "--region", "53.71")
    _log_in(page, demo_site, office)
    page.goto(demo_site.base_url + "/wilayah/53.71/")
    assert "Kupang" in page.inner_text("h1")
    page.get_by_role("link", name="PDF", exact=True).first.click()
    ready = page.locator("#report-job a[download]")
    ready.wait_for(timeout=180_000)
    with page.expect_download() as info:
        ready.click()
    download = info.value
    assert download.suggested_filename.startswith("monev-53.71-")
    text = " ".join((p.extract_text() or "") for p in PdfReader(download.path()).pages)
    assert "Kupang" in text
    screenshot(page, "persona-regency-report")
