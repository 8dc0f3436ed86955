"""A compliance case walked in the browser by the roles the chain names: a BPJS officer opens it and
warns, the labour inspector (a compliance officer of a labour inspectorate) records the inspection note,
refers and starts the re-check, the licensing office imposes the sanction and lifts it once the employer
registers its workers. A role that may not take a step, or a step out of order, is told why in words.
Screenshots are saved."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from benchmarks.employers import HEADER
from tests.browser.conftest import DemoSite, screenshot
from tests.personas import csv_bytes
from tests.support import run

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EMPLOYER = "NPP9900001"


def _employers(tmp_path: Path, period: str, registered: int) -> str:
    row = (
        EMPLOYER,
        "PT Sasando Jaya",
        "53.71",
        period,
        50,
        registered,
        150_000_000,
        3_000_000 * registered,
        "JKK;JKM;JHT;JP",
    )
    path = tmp_path / f"employers-{period}.csv"
    path.write_bytes(csv_bytes(HEADER, [row]))
    return str(path)


INSPECTORATE = "UPT Pengawasan Ketenagakerjaan NTT (uji)"


def _account(site: DemoSite, name: str, role: str, *where: str) -> tuple[str, str]:
    done = run(site.env, "user", "add", name, "--role", role, *where, "--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    found = re.search(r"Password \(shown once\): (\S+)", done.stdout)
    assert found, done.stdout
    return name, found.group(1)


def _log_in(page: Any, site: DemoSite, login: tuple[str, str]) -> None:
    page.context.clear_cookies()
    # In English: the refusals are asserted word for word.
    page.context.add_cookies([{"name": "cakupan_lang", "value": "en", "url": site.base_url}])
    page.goto(site.base_url + "/akun/masuk/")
    page.fill("#id_username", login[0])
    page.fill("#id_password", login[1])
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()


def _step(page: Any, action: str, note: str) -> None:
    section = page.locator(f"#step-{action}")
    section.locator("input[name=letter_number]").fill(f"B/{action}/2026")
    section.locator("input[name=letter_date]").fill(date.today().isoformat())
    section.locator("textarea[name=note]").fill(note)
    section.locator("button[type=submit]").click()
    page.wait_for_load_state()


def _status(page: Any) -> str:
    return str(page.locator("#case-status").get_attribute("data-status"))


def test_a_case_is_walked_from_detection_to_sanction_and_lifting(
    page: Any, demo_site: DemoSite, tmp_path: Path
) -> None:
    env = demo_site.env
    # A demonstration needs no months of waiting: warnings and the re-check may follow at once, from today
    # (the site's day, in Jakarta), recorded as the administration records a change of a dated value.
    script = (
        "from django.db import transaction\n"
        "from django.utils import timezone\n"
        "from cakupan.common.dated import dated_value_add\n"
        "from cakupan.compliance.models import Setting\n"
        "with transaction.atomic():\n"
        "    for key in ('warning_days', 'recheck_months'):\n"
        "        dated_value_add(model=Setting, valid_from=timezone.localdate(), key=key, value=0,"
        " legal_basis='browser test')\n"
        "from cakupan.accounts.models import Office\n"
        "from cakupan.regions.models import Region\n"
        f"office, _ = Office.objects.get_or_create(name='{INSPECTORATE}',"
        " defaults={'kind': 'INSPECTORATE'})\n"
        "office.regions.set([Region.objects.get(code='53')])\n"
    )
    assert run(env, "manage", "shell", "-c", script).returncode == 0
    done = run(env, "import", "employers", _employers(tmp_path, "2026-01", registered=40))
    assert done.returncode == 0, done.stdout + done.stderr
    bpjs = _account(demo_site, "bpjs_kupang_b", "BPJS_OFFICER", "--region", "53.71")
    inspector = _account(demo_site, "pengawas_ntt_b", "COMPLIANCE_OFFICER", "--office", INSPECTORATE)
    licensing = _account(demo_site, "dpmptsp_kupang_b", "LICENSING_OFFICER", "--region", "53.71")

    _log_in(page, demo_site, bpjs)
    page.goto(demo_site.base_url + "/kepatuhan/wilayah/53.71/kandidat/")
    row = page.locator("tr", has_text="PT Sasando Jaya")
    assert row.count() == 1
    screenshot(page, "compliance-candidates")
    row.get_by_role("button").click()
    page.wait_for_load_state()
    assert _status(page) == "DETECTED"
    _step(page, "warn1", "Surat peringatan pertama dikirim.")
    _step(page, "warn2", "Surat peringatan kedua dikirim.")
    case_url = page.url
    # The BPJS officer may not record the inspection note: the page says who may.
    refused = page.locator("#step-inspect [data-refused]")
    assert refused.count() == 1 and refused.get_attribute("data-refused") == "role"
    assert refused.inner_text() == (
        "Only a labour inspector (a compliance officer of a labour inspectorate) for region 53.71 may "
        "“Record the labour inspector's inspection note”."
    )

    _log_in(page, demo_site, inspector)
    page.goto(case_url)
    _step(page, "inspect", "Nota pemeriksaan oleh pengawas ketenagakerjaan.")
    _step(page, "refer", "Dirujuk ke DPMPTSP untuk TMP2T.")
    _step(page, "recheck", "Pemeriksaan ulang dimulai.")
    refused = page.locator("#step-sanction [data-refused]")  # the licensing office's step
    assert refused.inner_text() == (
        "Only a Licensing officer for region 53.71 may “Impose the sanction (withhold public services)”."
    )
    screenshot(page, "compliance-case-recheck")

    _log_in(page, demo_site, licensing)
    page.goto(case_url)
    # Out of order: the sanction's form sent to the lifting step while the case is at the re-check.
    section = page.locator("#step-sanction")
    section.locator("form").evaluate("f => { f.action = f.action.replace('/sanction/', '/lift/'); }")
    _step(page, "sanction", "Sanksi dicabut?")
    assert page.locator("#step-error").inner_text() == (
        "“Lift the sanction” is not possible while the case is at “Re-check due”."
    )
    assert _status(page) == "RECHECK_DUE"
    _step(page, "sanction", "Layanan publik tertentu ditangguhkan.")
    assert _status(page) == "SANCTIONED"
    # Lifting waits for compliance: refused while the employer still has its finding.
    assert (
        page.locator("#step-lift [data-refused]")
        .inner_text()
        .startswith("The employer is not compliant yet: its position of 2026-01 still shows PDS-TK")
    )
    done = run(env, "import", "employers", _employers(tmp_path, "2026-02", registered=50))
    assert done.returncode == 0, done.stdout + done.stderr
    page.goto(case_url)
    _step(page, "lift", "Seluruh pekerja telah didaftarkan.")
    assert _status(page) == "LIFTED"
    timeline = page.locator("ol.timeline li")
    assert timeline.count() >= 8
    screenshot(page, "compliance-case-lifted")
