"""The Monev register in the browser, by the officer of the region that owns it: a regulation with its
document, a meeting with a follow-up, and the next meeting starting from that open follow-up; the officer
of another region sees none of it. Screenshots are saved."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import DemoSite, screenshot
from tests.support import run

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _account(site: DemoSite, name: str, region: str) -> tuple[str, str]:
    done = run(
        site.env, "user", "add", name, "--role", "REGIONAL_OFFICER", "--region", region, "--lang", "en"
    )
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
    page.goto(demo_site.base_url + "/monev/rapat/baru/?wilayah=53")
    page.select_option("#id_region", "53")
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
    page.goto(demo_site.base_url + "/monev/rapat/baru/?wilayah=53")
    assert "Anggarkan iuran 12.800 pekerja rentan" in page.locator("#previous").inner_text()
    page.select_option("#id_region", "53")
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
