"""The Monev register in the browser, by the roles that own it: the regional officer keeps regulations,
meetings and follow-ups (the officer of another region sees none of it); a BPJS officer imports the
benefits paid; Perisai agents with their figures; the six-monthly national summary and its PDF and XLSX.
Screenshots are saved."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.browser.conftest import ARTIFACTS, DemoSite, screenshot
from tests.support import run

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _account(site: DemoSite, name: str, region: str, role: str = "REGIONAL_OFFICER") -> tuple[str, str]:
    done = run(site.env, "user", "add", name, "--role", role, "--region", region, "--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    found = re.search(r"Password \(shown once\): (\S+)", done.stdout)
    assert found, done.stdout
    return name, found.group(1)


def _log_in(page: Any, site: DemoSite, login: tuple[str, str]) -> None:
    page.context.clear_cookies()
    page.goto(site.base_url + "/akun/masuk/")
    page.fill("#id_username", login[0])
    page.fill("#id_password", login[1])
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()


def test_an_officer_keeps_the_register_of_their_region_and_another_region_sees_none_of_it(
    page: Any, demo_site: DemoSite, tmp_path: Path
) -> None:
    officer_a = _account(demo_site, "disnaker_ntt_m", "53")
    officer_b = _account(demo_site, "disnaker_ntb_m", "52")
    _log_in(page, demo_site, officer_a)

    # A regulation, with its document.
    page.goto(demo_site.base_url + "/monev/regulasi/baru/")
    page.select_option("#id_region", "53")
    page.select_option("#id_kind", "PERGUB")
    page.fill("#id_number", "12 Tahun 2024")
    page.fill("#id_issued_on", "2024-03-04")
    page.fill("#id_title", "Perlindungan Jaminan Sosial Ketenagakerjaan bagi Pekerja Rentan")
    page.locator("input[name=topics]").first.check()
    page.locator("input[name=acts_on]").first.check()
    document = tmp_path / "pergub.pdf"
    document.write_bytes(PDF)
    page.set_input_files("input[name=document]", str(document))
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    assert "12 Tahun 2024" in page.content()
    regulation_url = page.url
    screenshot(page, "monev-regulation")

    # A meeting with a follow-up.
    page.goto(demo_site.base_url + "/monev/rapat/baru/?wilayah=53.04")
    page.select_option("#id_region", "53.04")
    page.fill("#id_held_on", "2024-06-20")
    page.fill("#id_place", "Kupang")
    page.fill("#id_institutions", "Kemenko PMK\nKemendagri\nBPJS Ketenagakerjaan\nDisnakertrans NTT")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    first_meeting = page.url
    follow_up = page.locator("form[action$='/tindak-lanjut/']")
    follow_up.locator("textarea[name=action]").fill("Anggarkan iuran 12.800 pekerja rentan dalam APBD 2025")
    follow_up.locator("input[name=responsible]").fill("Bappeda NTT")
    follow_up.locator("input[name=due_on]").fill("2024-09-30")
    follow_up.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Anggarkan iuran 12.800 pekerja rentan" in page.content()
    screenshot(page, "monev-meeting")

    # The next meeting starts from what is still open.
    page.goto(demo_site.base_url + "/monev/rapat/baru/?wilayah=53.04")
    assert "Anggarkan iuran 12.800 pekerja rentan" in page.locator("#previous").inner_text()
    page.select_option("#id_region", "53.04")
    page.fill("#id_held_on", "2024-12-10")
    page.fill("#id_place", "Kupang")
    page.fill("#id_institutions", "Kemendagri\nBPJS Ketenagakerjaan")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    assert "Anggarkan iuran 12.800 pekerja rentan" in page.locator("#previous").inner_text()
    second_meeting = page.url
    screenshot(page, "monev-next-meeting")

    # Vulnerable-worker funding: an amount that disagrees with workers × months × the minimum BPU
    # contribution is kept, with a warning.
    page.goto(demo_site.base_url + "/monev/pendanaan/53/isi/")
    page.fill("#id_year", "2025")
    page.select_option("#id_funder", "APBD_PROVINSI")
    page.fill("#id_workers", "12800")
    page.fill("#id_months", "12")
    page.fill("#id_amount_idr", "1000000")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    page.goto(demo_site.base_url + "/monev/pendanaan/53/")
    assert page.locator('tr[data-check="warning"]').count() == 1
    screenshot(page, "monev-funding")

    # A target with its source, and non-ASN coverage of an agency.
    page.goto(demo_site.base_url + "/monev/target/53/isi/")
    page.fill("#id_year", "2025")
    page.select_option("#id_indicator", "coverage_rate")
    page.fill("#id_value", "40")
    page.fill("#id_source", "Surat Kemendagri 2025")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    page.goto(demo_site.base_url + "/monev/target/53/")
    assert "Surat Kemendagri 2025" in page.content()
    page.goto(demo_site.base_url + "/monev/non-asn/53/isi/")
    page.fill("#id_period", "2024-06")
    page.locator("#id_group").select_option(index=0)
    page.fill("#id_agency", "Dinas Pendidikan")
    page.fill("#id_staff", "1200")
    page.fill("#id_covered", "900")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    page.goto(demo_site.base_url + "/monev/non-asn/53/")
    assert "Dinas Pendidikan" in page.content()

    # The scorecard explains each aspect: value, weight, evidence.
    page.goto(demo_site.base_url + "/monev/skor/53/")
    assert page.locator("td[data-aspect] a").count() > 0
    screenshot(page, "monev-scorecard")

    # The officer of NTB: the public regulation yes, NTT's meetings no.
    _log_in(page, demo_site, officer_b)
    assert page.goto(regulation_url).status == 200
    for url in (first_meeting, second_meeting):
        assert page.goto(url).status in (403, 404)
    page.goto(demo_site.base_url + "/monev/tindak-lanjut/terlambat/")
    assert "Anggarkan iuran" not in page.content()


def test_a_bpjs_officer_imports_benefits_paid_and_the_benefits_page_shows_them(
    page: Any, demo_site: DemoSite, tmp_path: Path
) -> None:
    _log_in(page, demo_site, _account(demo_site, "bpjs_kupang_m", "53.71", role="BPJS_OFFICER"))
    page.goto(demo_site.base_url + "/monev/impor/?dataset=benefits")
    assert page.locator("#id_dataset option").all_inner_texts() == ["benefits"]  # funding is the region's
    upload = tmp_path / "manfaat-kupang.csv"
    upload.write_text(
        "region_code,period,program,claims,amount_idr\n"
        "53.71,2024-06,JKM,37,1554000000\n"
        "53.71,2024-06,BEASISWA,4321,6481500000\n",
        encoding="utf-8",
    )
    page.set_input_files("#id_file", str(upload))
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    assert page.locator('li[data-plan="new"]').inner_text().startswith("2")
    screenshot(page, "monev-benefits-preview")
    page.click("form[action$='/simpan/'] button[type=submit]")
    page.wait_for_load_state()
    page.goto(demo_site.base_url + "/monev/manfaat/53.71/?periode=2024-06")
    row = page.locator('tr[data-program="BEASISWA"]').inner_text()
    assert re.search(r"4[.,]321", row) and re.search(r"6[.,]481[.,]500[.,]000", row)
    screenshot(page, "monev-benefits")


def test_perisai_agents_and_the_national_summary_with_its_pdf_and_xlsx(
    page: Any, demo_site: DemoSite
) -> None:
    _log_in(page, demo_site, demo_site.login)

    # A Perisai agent (a village enterprise) and what it enrolled, on the outreach page and its download.
    page.goto(demo_site.base_url + "/monev/perisai-agen/baru/?wilayah=53.71")
    page.select_option("#id_region", "53.71")
    page.fill("#id_name", "BUMDes Oesapa Maju")
    page.select_option("#id_kind", "BUMDES")
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/monev/perisai/53.71/")
    page.locator("#agents tr", has_text="BUMDes Oesapa Maju").locator("a[href$='/capaian/']").click()
    page.fill("#id_period", "2024-06")
    page.fill("#id_enrolled", "1250")
    page.fill("#id_active", "1000")
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/monev/perisai/53.71/")
    row = page.locator("#agents tr", has_text="BUMDes Oesapa Maju").inner_text()
    assert re.search(r"1[.,]250", row) and re.search(r"80[.,]00", row)
    screenshot(page, "monev-outreach")
    with page.expect_download() as info:
        page.locator("p.downloads", has=page.locator("a[href*='tabel=agen']")).get_by_text("CSV").click()
    # The demo's figures are simulated: the file's name and every row say so; the header comes first.
    assert info.value.suggested_filename.endswith("-simulasi.csv")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert {r["simulated"] for r in rows} == {"true"}
    agent = next(r for r in rows if r.get("name") == "BUMDes Oesapa Maju")
    assert (agent["enrolled"], agent["active"], agent["active_share"]) == ("1250", "1000", "80.00")

    # The summary to the President: the PDF and the workbook carry the figures of the page.
    page.goto(demo_site.base_url + "/monev/ringkasan/?semester=2024-1")
    coverage_cell = page.locator('#summary tr[data-region="00"] td').first
    national = coverage_cell.locator("strong").inner_text().strip()
    assert coverage_cell.locator("small.denom").inner_text().strip()  # the rate's source and month
    assert page.locator("#summary tbody tr").count() == 39  # the nation and 38 provinces
    screenshot(page, "monev-summary")
    links = page.locator("p.downloads").first
    with page.expect_download() as info:
        links.get_by_role("link", name="PDF", exact=True).first.click()
    assert info.value.suggested_filename == "ringkasan-nasional-2024-1-id.pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    info.value.save_as(ARTIFACTS / "monev-summary.pdf")  # to look at (pdftoppm)
    reader = PdfReader(info.value.path())
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert len(reader.pages) >= 2 and "Nusa Tenggara Timur" in text
    with page.expect_download() as info:
        links.get_by_role("link", name="XLSX", exact=True).first.click()
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))  # the path has no extension
    cover = {
        row[3]: row[1] for row in book.worksheets[0].iter_rows(values_only=True) if len(row) > 3 and row[3]
    }
    shown = national.replace("\u00a0", " ").replace("%", "").replace(" ", "").replace(",", ".")
    assert cover["coverage_rate"] == float(shown)
    # The Indonesian PDF writes the national coverage as an Indonesian page does.
    assert f"{cover['coverage_rate']:.2f}".replace(".", ",") + " %" in text
