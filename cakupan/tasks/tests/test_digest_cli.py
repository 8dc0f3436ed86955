"""`cakupan digest [--dry-run] [--user NAME]`: what each user would be sent, or why nothing would be."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from cakupan.cli import main
from cakupan.monev.tests.helpers import follow_up, meeting
from cakupan.tasks.models import DigestSent
from cakupan.tasks.tests.test_digest import verified

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def email_on(settings: Any) -> None:
    settings.EMAIL_HOST = "smtp.example.go.id"
    settings.CAKUPAN_SITE_URL = "https://cakupan.example.go.id"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["digest", *args, "--lang", "en"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def overdue(personas: Any) -> Any:
    today = timezone.localdate()
    verified(personas.officer_a, "ntt@example.go.id", language="en")
    m = meeting("53", personas.officer_a, held_on=today - timedelta(days=30))
    return follow_up(
        m, personas.officer_a, action="Surati para pemberi kerja", due_on=today - timedelta(days=3)
    )


def test_a_dry_run_prints_each_digest_and_sends_nothing(
    personas: Any, overdue: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(capsys, "--dry-run")
    assert code == 0
    assert "== petugas_ntt <ntt@example.go.id> · " in out and " WITA" in out
    assert "Subject: Cakupan: 1 task waits for you (1 overdue)" in out
    assert f"https://cakupan.example.go.id/monev/tindak-lanjut/{overdue.pk}/" in out
    assert "Dry run: 1 digest would be sent; nothing was sent." in out
    assert mail.outbox == [] and not DigestSent.objects.exists()


def test_a_dry_run_for_one_user_says_why_nothing_would_be_sent(
    personas: Any, overdue: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(capsys, "--dry-run", "--user", "petugas_ntb")
    assert code == 1 and "petugas_ntb: nothing to send (no email address)" in out
    assert "petugas_ntt" not in out  # region B's officer is shown only their own line
    assert _run(capsys, "--dry-run", "--user", "nobody")[0] == 2


def test_without_dry_run_it_sends_todays_digest_once(
    personas: Any, overdue: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(capsys)
    assert code == 0 and "petugas_ntt: sent" in out
    assert [m.to for m in mail.outbox] == [["ntt@example.go.id"]]
    code, out, _err = _run(capsys)
    assert code == 1 and "No digest to send." in out and len(mail.outbox) == 1


def test_with_email_off_nothing_is_sent_and_it_says_so(
    personas: Any, overdue: Any, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.EMAIL_HOST = ""
    code, _out, err = _run(capsys)
    assert code == 1 and "Email is off" in err and mail.outbox == []
