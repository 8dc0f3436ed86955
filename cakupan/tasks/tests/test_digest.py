from __future__ import annotations

import logging
import smtplib
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import translation

from cakupan.accounts.models import EmailPreference
from cakupan.accounts.services import role_assign, user_create
from cakupan.jobs.models import PeriodicRun
from cakupan.jobs.periodic import PERIODIC, periodic_run_due
from cakupan.monev.tests.helpers import follow_up, meeting
from cakupan.regions.models import Region
from cakupan.tasks import digest
from cakupan.tasks.digest import (
    WIB,
    WIT,
    WITA,
    digest_due,
    digest_preview,
    digest_send,
    digest_send_due,
    zone_of_region,
    zone_of_user,
)
from cakupan.tasks.models import DigestSent

pytestmark = pytest.mark.django_db

# 23:00 UTC is 07:00 the next day in WITA (UTC+8): NTT's officers get their digest of 3 March.
WITA_SEVEN = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)
WIB_SEVEN = datetime(2026, 3, 3, 0, 0, tzinfo=UTC)  # UTC+7
WIT_SEVEN = datetime(2026, 3, 2, 22, 0, tzinfo=UTC)  # UTC+9
LOCAL_DAY = date(2026, 3, 3)


@pytest.fixture(autouse=True)
def email_on(settings: Any) -> None:
    settings.EMAIL_HOST = "smtp.example.go.id"
    settings.CAKUPAN_SITE_URL = "https://cakupan.example.go.id"
    settings.CAKUPAN_DIGEST_HOUR = 7


def verified(user: Any, address: str, *, language: str = "id", digest: bool = True) -> Any:
    user.email = address
    user.save(update_fields=["email"])
    EmailPreference.objects.update_or_create(
        user=user, defaults={"verified_address": address, "digest": digest, "language": language}
    )
    return user


def overdue_follow_up(code: str, by: Any, action: str = "Surati para pemberi kerja") -> Any:
    m = meeting(code, by, held_on=LOCAL_DAY - timedelta(days=40))
    return follow_up(m, by, action=action, due_on=LOCAL_DAY - timedelta(days=3))


def regional_user(name: str, code: str) -> Any:
    user = user_create(username=name, password="persona-passphrase-2026")
    role_assign(user=user, role="REGIONAL_OFFICER", region=Region.objects.get(code=code))
    return user


def test_each_province_has_its_time_zone_and_the_nation_keeps_wib() -> None:
    assert zone_of_region("00") == WIB
    assert [zone_of_region(c) for c in ("11", "31", "36", "61", "62")] == [WIB] * 5
    assert [zone_of_region(c) for c in ("51", "52", "53.71", "63", "64", "65", "73.71", "76")] == [WITA] * 8
    assert [zone_of_region(c) for c in ("81", "82", "91", "92", "93", "94.01", "95", "96")] == [WIT] * 8


def test_a_user_takes_the_time_zone_of_their_region_and_a_national_user_wib(personas: Any) -> None:
    assert zone_of_user(personas.officer_a) == WITA
    assert zone_of_user(personas.bpjs_officer_a) == WITA  # an office's regencies of NTT
    assert zone_of_user(personas.national_analyst) == WIB
    assert zone_of_user(personas.national_admin) == WIB
    assert zone_of_user(regional_user("petugas_papua", "91")) == WIT
    assert zone_of_user(regional_user("petugas_dki", "31")) == WIB


def test_the_digest_is_due_at_seven_in_each_users_own_time_zone(personas: Any) -> None:
    ntt = verified(personas.officer_a, "ntt@example.go.id")
    national = verified(personas.national_analyst, "pusat@example.go.id")
    papua = verified(regional_user("petugas_papua", "91"), "papua@example.go.id")
    assert digest_due(now=WITA_SEVEN) == [(ntt, LOCAL_DAY)]
    assert digest_due(now=WIB_SEVEN) == [(national, LOCAL_DAY)]
    assert digest_due(now=WIT_SEVEN) == [(papua, LOCAL_DAY)]
    assert digest_due(now=WITA_SEVEN + timedelta(hours=2)) == []  # 09:00 WITA, 08:00 WIB, 10:00 WIT


def test_the_hour_is_a_setting(personas: Any, settings: Any) -> None:
    ntt = verified(personas.officer_a, "ntt@example.go.id")
    settings.CAKUPAN_DIGEST_HOUR = 6
    assert digest_due(now=WITA_SEVEN) == []
    assert digest_due(now=WITA_SEVEN - timedelta(hours=1)) == [(ntt, LOCAL_DAY)]


def test_a_digest_goes_out_once_per_user_and_local_day(personas: Any) -> None:
    verified(personas.officer_a, "ntt@example.go.id")
    overdue_follow_up("53", personas.officer_a)
    assert digest_send_due(now=WITA_SEVEN).sent == ["petugas_ntt"]
    assert digest_send_due(now=WITA_SEVEN + timedelta(minutes=30)).sent == []
    assert [m.to for m in mail.outbox] == [["ntt@example.go.id"]]
    assert list(DigestSent.objects.values_list("user__username", "local_date", "tasks")) == [
        ("petugas_ntt", LOCAL_DAY, 1)
    ]
    # The next local day it goes out again (the follow-up is still overdue).
    assert digest_send_due(now=WITA_SEVEN + timedelta(days=1)).sent == ["petugas_ntt"]
    assert len(mail.outbox) == 2


def test_a_second_worker_that_finds_the_day_claimed_sends_nothing(personas: Any) -> None:
    ntt = verified(personas.officer_a, "ntt@example.go.id")
    overdue_follow_up("53", personas.officer_a)
    DigestSent.objects.create(user=ntt, local_date=LOCAL_DAY, tasks=1)  # claimed after this worker looked
    assert digest_send(pairs=[(ntt, LOCAL_DAY)]).sent == []
    assert mail.outbox == []
    with pytest.raises(IntegrityError):
        DigestSent.objects.create(user=ntt, local_date=LOCAL_DAY)


def test_no_digest_for_an_unverified_a_changed_or_an_opted_out_address(personas: Any) -> None:
    overdue_follow_up("53", personas.officer_a)
    overdue_follow_up("53", personas.officer_a, action="Tindak lanjut kedua")
    unverified = personas.officer_a
    unverified.email = "belum@example.go.id"
    unverified.save(update_fields=["email"])
    changed = verified(personas.compliance_a, "lama@example.go.id")
    changed.email = "baru@example.go.id"  # changed after verifying (here as on the administration site)
    changed.save(update_fields=["email"])
    verified(personas.bpjs_officer_a, "bpjs@example.go.id", digest=False)
    assert digest_due(now=WITA_SEVEN) == []
    assert digest_send_due(now=WITA_SEVEN).sent == []
    assert mail.outbox == []
    with translation.override("en"):
        previews = digest_preview(users=[unverified, changed, personas.bpjs_officer_a], now=WITA_SEVEN)
    reasons = {p.user.username: p.reason for p in previews}
    assert reasons == {
        "petugas_ntt": "the address is not verified",
        "pengawas_ntt": "the address is not verified",
        "bpjs_kupang": "the digest is turned off",
    }


def test_nothing_is_sent_when_nothing_waits(personas: Any) -> None:
    verified(personas.officer_b, "ntb@example.go.id")
    overdue_follow_up("53", personas.officer_a)  # region A's: never on B's list
    run = digest_send_due(now=WITA_SEVEN)
    assert run.sent == [] and run.nothing_due == ["petugas_ntb"]
    assert mail.outbox == [] and not DigestSent.objects.exists()


def test_with_no_mail_server_nothing_is_sent_and_the_log_says_so(
    personas: Any, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.EMAIL_HOST = ""
    verified(personas.officer_a, "ntt@example.go.id")
    overdue_follow_up("53", personas.officer_a)
    with caplog.at_level(logging.INFO, logger="cakupan.tasks.digest"):
        assert digest_send_due(now=WITA_SEVEN).off
    assert "email is off" in caplog.text
    assert mail.outbox == [] and not DigestSent.objects.exists()


def test_the_digest_lists_the_task_list_in_the_users_language_with_links(personas: Any) -> None:
    verified(personas.officer_a, "ntt@example.go.id")
    verified(personas.compliance_a, "pengawas@example.go.id", language="en")
    item = overdue_follow_up("53", personas.officer_a)
    from cakupan.accounts.models import Office
    from cakupan.monev.models import FollowUp

    inspectorate = Office.objects.get(name="UPT Pengawasan Ketenagakerjaan NTT")
    owned = overdue_follow_up("53", personas.officer_a, action="Periksa kepatuhan pemberi kerja")
    FollowUp.objects.filter(pk=owned.pk).update(owner=inspectorate)
    digest_send_due(now=WITA_SEVEN)
    by_address = {m.to[0]: m for m in mail.outbox}
    indonesian, english = by_address["ntt@example.go.id"], by_address["pengawas@example.go.id"]
    assert indonesian.subject == "Cakupan: 1 tugas menunggu Anda (1 terlambat)"
    assert english.subject == "Cakupan: 1 task waits for you (1 overdue)"
    link = f"https://cakupan.example.go.id/monev/tindak-lanjut/{item.pk}/"
    assert link in indonesian.body and "Surati para pemberi kerja" in indonesian.body
    assert "Periksa kepatuhan" not in indonesian.body  # owned by the inspectorate: its officers' task
    assert "Periksa kepatuhan pemberi kerja" in english.body and "Follow-up" in english.body
    for message in (indonesian, english):
        html, mime = message.alternatives[0]  # type: ignore[attr-defined]
        assert mime == "text/html" and 'href="https://cakupan.example.go.id/' in html
        assert "https://cakupan.example.go.id/akun/#email" in message.body  # where to opt out


def test_a_refused_message_gives_the_day_back_and_the_hourly_run_records_the_failure(
    personas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    verified(personas.officer_a, "ntt@example.go.id")
    overdue_follow_up("53", personas.officer_a)

    def refuse(self: Any, fail_silently: bool = False) -> int:
        raise smtplib.SMTPRecipientsRefused({"ntt@example.go.id": (550, b"no such mailbox")})

    monkeypatch.setattr(digest.EmailMultiAlternatives, "send", refuse)
    saved = dict(PERIODIC)
    PERIODIC.clear()
    PERIODIC["digest"] = saved["digest"]
    try:
        import time_machine

        with time_machine.travel(WITA_SEVEN, tick=False):
            assert periodic_run_due(worker="w", now=WITA_SEVEN) == ["digest"]
    finally:
        PERIODIC.clear()
        PERIODIC.update(saved)
    assert not DigestSent.objects.exists()  # a later run may try again
    assert PeriodicRun.objects.get(name="digest").error == "DigestFailed: 1 digests could not be sent"
