"""Issue 18, "Done when", end to end on the demo site: a province calls for data before a meeting, two
regencies submit and one is late; the meeting records two commitments; a new import moves one
commitment's progress and status; an overdue follow-up appears on its office's task list and in the daily
digest read from a real SMTP server (aiosmtpd); and the late regency is reminded by the same digest.

The province is South Kalimantan (63, WITA), which no other browser test uses. Two things the browser
cannot do are done on the server's database: making the office (offices are made by administrators) and
setting the users' verified addresses (the site under test sends no mail); and the clock: the call is
moved three days back so that its due date has passed, as it would have by the meeting."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from cakupan.tasks.tests.test_digest_smtp import Inbox, _text
from tests.browser.conftest import DemoSite, screenshot
from tests.browser.test_monev import _account, _log_in
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes
from tests.support import free_port, run

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OFFICE = "Disnakertrans Provinsi Kalimantan Selatan (uji tindak lanjut)"
HOST, ASKED = "63", ("63.01", "63.02", "63.03")  # Tanah Laut and Kotabaru submit, Banjar is late


def _django(site: DemoSite, code: str, **env: str) -> str:
    """Run Python against the site's database (and settings, with `env` added); what it prints."""
    prelude = "import django, json\ndjango.setup()\nfrom django.utils import timezone\n"
    done = subprocess.run(
        [sys.executable, "-c", prelude + code],
        env={**site.env, "DJANGO_SETTINGS_MODULE": "cakupan.settings", **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _import(site: DemoSite, tmp_path: Path, dataset: str, header: tuple[str, ...], rows: list[Any]) -> None:
    path = tmp_path / f"{dataset}-{len(list(tmp_path.iterdir()))}.csv"
    path.write_bytes(csv_bytes(header, rows))
    done = run(site.env, "import", dataset, str(path))
    assert done.returncode == 0, done.stdout + done.stderr


def _shots(page: Any, name: str) -> None:
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_province_calls_for_data_commits_and_follows_through_with_reminders(
    page: Any, demo_site: DemoSite, tmp_path: Path
) -> None:
    site = demo_site.base_url
    today = dt.date.fromisoformat(_django(demo_site, "print(timezone.localdate())").strip())
    this_month = today.strftime("%Y-%m")
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    _django(
        demo_site,
        "from cakupan.accounts.models import Office\n"
        f"office, _ = Office.objects.get_or_create(name={OFFICE!r}, kind='LABOUR_OFFICE')\n"
        f"office.regions.set(['{HOST}'])\n",
    )
    done = run(
        demo_site.env,
        "user",
        "add",
        "kalsel_ft",
        "--role",
        "REGIONAL_OFFICER",
        "--office",
        OFFICE,
        "--lang",
        "en",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    host = ("kalsel_ft", re.search(r"Password \(shown once\): (\S+)", done.stdout).group(1))  # type: ignore[union-attr]
    regency = {code: _account(demo_site, f"disnaker_{code.replace('.', '')}_ft", code) for code in ASKED}

    # The province prepares its meeting, a week ahead, and calls its regencies for last month's workforce.
    _log_in(page, demo_site, host)
    page.goto(f"{site}/monev/rapat/baru/?wilayah={HOST}")
    page.select_option("#id_region", HOST)
    page.fill("#id_held_on", (today + dt.timedelta(days=7)).isoformat())
    page.fill("#id_place", "Kantor Gubernur Kalimantan Selatan, Banjarbaru")
    page.fill("#id_institutions", "Kemendagri\nBPJS Ketenagakerjaan\nDisnakertrans Kalsel")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    meeting_url = page.url
    assert re.search(r"/monev/rapat/\d+/$", meeting_url)
    page.locator("#data-calls a[href*='/permintaan-data/rapat/']").click()
    page.wait_for_load_state()
    for code in ASKED:
        page.check(f"input[name=regions][value='{code}']")
    page.check("input[name=datasets][value=workforce]")
    page.fill("#id_first_month", last_month)
    page.fill("#id_last_month", last_month)
    page.fill("#id_due_on", today.isoformat())
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    call_url = page.url
    call_id = re.search(r"/permintaan-data/(\d+)/$", call_url).group(1)  # type: ignore[union-attr]
    assert page.locator("td[data-status=requested]").count() == 3

    # Tanah Laut's labour office finds the request on its list and imports the figures on the web page.
    _log_in(page, demo_site, regency["63.01"])
    page.goto(f"{site}/saya/")
    request = page.locator("tr.task-data_request")
    assert request.count() == 1 and last_month in request.inner_text()
    _shots(page, "follow-through-requested")
    request.locator("a").click()
    page.wait_for_load_state()
    assert page.url == call_url and page.locator("tbody tr").count() == 1  # its own row only
    upload = tmp_path / "pekerja-tanah-laut.csv"
    upload.write_bytes(
        csv_bytes(WORKFORCE_HEADER, [("63.01", last_month, "total", "161.234", "BPS Sakernas")])
    )
    page.goto(f"{site}/impor/")
    page.select_option("#id_dataset", "workforce")
    page.set_input_files("#id_file", str(upload))
    page.locator("form.card button[type=submit]").click()
    page.wait_for_load_state()
    page.get_by_role("button", name=re.compile("Simpan|Store")).click()
    page.wait_for_load_state()
    assert "/impor/batch/" in page.url
    page.goto(f"{site}/saya/")
    assert page.locator("tr.task-data_request").count() == 0
    # Kotabaru's comes by the command line; Banjar sends nothing. The due date passes.
    _import(
        demo_site, tmp_path, "workforce", WORKFORCE_HEADER, [("63.02", last_month, "total", "172345", "BPS")]
    )
    _django(
        demo_site,
        "import datetime as dt\nfrom django.db.models import F\n"
        "from cakupan.datacalls.models import DataCall\n"
        f"DataCall.objects.filter(pk={call_id}).update(due_on=timezone.localdate() - dt.timedelta(days=1), "
        "created_at=F('created_at') - dt.timedelta(days=3))\n",
    )

    # The host sees two regencies submitted and one late, and accepts Tanah Laut's in place.
    _log_in(page, demo_site, host)
    page.goto(call_url)
    status = {
        code: page.locator(f"tr[data-region='{code}'] td[data-status]").get_attribute("data-status")
        for code in ASKED
    }
    assert status == {"63.01": "submitted", "63.02": "submitted", "63.03": "late"}
    assert page.locator("tr[data-region='63.03'] td[data-asked]").inner_text() == "disnaker_6303_ft"
    page.locator("tr[data-region='63.01'] form button").click()
    page.locator("tr[data-region='63.01'] td[data-status=accepted]").wait_for()
    assert page.locator("td[data-status=late]").count() == 1
    _shots(page, "follow-through-data-call")
    page.goto(meeting_url)
    assert re.search(r"1 (late|terlambat)", page.locator("#data-calls").inner_text())

    # The meeting records two commitments owned by the office, and an overdue follow-up.
    figures = json.loads(run(demo_site.env, "indicators", HOST, last_month, "--json").stdout)
    now = int(figures.get("active_all") or figures["active"])
    for indicator, value, deadline, source in (
        ("active_participants", str(now * 13 // 10), today + dt.timedelta(days=90), "Komitmen peserta aktif"),
        ("coverage_rate", "60", dt.date(today.year + 1, 12, 31), "Komitmen cakupan"),
    ):
        commitments = page.locator("form[action$='/komitmen/']")
        commitments.locator("select[name=region]").select_option(HOST)
        commitments.locator("select[name=indicator]").select_option(indicator)
        commitments.locator("input[name=value]").fill(value)
        commitments.locator("input[name=deadline]").fill(deadline.isoformat())
        commitments.locator("select[name=owner]").select_option(label=OFFICE)
        commitments.locator("input[name=source], textarea[name=source]").fill(source)
        commitments.locator("button[type=submit]").click()
        page.wait_for_load_state()
    rows = page.locator("tr[data-commitment]")
    assert rows.count() == 2
    participants = rows.filter(has_text="Komitmen peserta aktif")
    before = participants.get_attribute("data-status")
    figure_before = participants.locator("td.num").nth(1).inner_text()
    assert before != "met"
    follow_up = page.locator("form[action$='/tindak-lanjut/']")
    follow_up.locator("textarea[name=action]").fill("Surati kabupaten yang belum mengirim data pekerja")
    follow_up.locator("input[name=responsible]").fill("Disnakertrans Kalsel")
    follow_up.locator("input[name=due_on]").fill((today - dt.timedelta(days=2)).isoformat())
    follow_up.locator("select[name=owner]").select_option(label=OFFICE)
    follow_up.locator("button[type=submit]").click()
    page.wait_for_load_state()
    _shots(page, "follow-through-meeting")

    # A new import (this month's participants of the province) moves the commitment to met.
    _import(
        demo_site,
        tmp_path,
        "participation",
        PARTICIPATION_HEADER,
        [(HOST, this_month, "PU", "active", str(now * 2))],
    )
    page.goto(meeting_url)
    participants = page.locator("tr[data-commitment]").filter(has_text="Komitmen peserta aktif")
    assert participants.get_attribute("data-status") == "met"
    assert participants.locator("td.num").nth(1).inner_text() != figure_before

    # The office's task list has the overdue follow-up.
    page.goto(f"{site}/saya/")
    overdue = page.locator("tr.task-follow_up").filter(has_text="Surati kabupaten yang belum mengirim")
    assert overdue.count() == 1 and overdue.locator("strong").count() == 1
    _shots(page, "follow-through-tasks")

    # Tomorrow at 07:05 WITA the hourly digest job sends each their list, read back from a real SMTP server.
    inbox = Inbox()
    port = free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        users = ["kalsel_ft", *(regency[c][0] for c in ("63.01", "63.03"))]
        sent = _django(
            demo_site,
            "import datetime as dt\nfrom zoneinfo import ZoneInfo\n"
            "from django.contrib.auth.models import User\n"
            "from cakupan.accounts.models import EmailPreference\n"
            "from cakupan.tasks.digest import digest_send_due\n"
            f"for name in {users!r}:\n"
            "    user = User.objects.get(username=name)\n"
            "    user.email = name + '@kalsel.example.go.id'\n"
            "    user.save()\n"
            "    EmailPreference.objects.update_or_create(\n"
            "        user=user, defaults={'verified_address': user.email, 'digest': True, 'language': 'id'}\n"
            "    )\n"
            "tomorrow = timezone.localdate() + dt.timedelta(days=1)\n"
            "at = dt.datetime.combine(tomorrow, dt.time(7, 5), ZoneInfo('Asia/Makassar'))\n"
            "print(json.dumps(digest_send_due(now=at).sent))\n",
            CAKUPAN_EMAIL_HOST="127.0.0.1",
            CAKUPAN_EMAIL_PORT=str(port),
            CAKUPAN_EMAIL_SECURITY="none",
            CAKUPAN_SITE_URL=site,
        )
        received = {to[0]: message for to, message in inbox.take()}
    finally:
        server.stop()
    assert "kalsel_ft" in json.loads(sent.strip().splitlines()[-1])
    # Tanah Laut submitted: nothing waits for it, no digest.
    assert set(received) == {"kalsel_ft@kalsel.example.go.id", "disnaker_6303_ft@kalsel.example.go.id"}
    office_mail = _text(received["kalsel_ft@kalsel.example.go.id"], "plain")
    assert "Surati kabupaten yang belum mengirim data pekerja" in office_mail and re.search(
        r"\[(Terlambat|Overdue)\]", office_mail
    )
    reminder = _text(received["disnaker_6303_ft@kalsel.example.go.id"], "plain")
    assert "Data diminta (terlambat)" in reminder and f"{site}/permintaan-data/{call_id}/" in reminder
    assert "Kabupaten Banjar" in reminder
