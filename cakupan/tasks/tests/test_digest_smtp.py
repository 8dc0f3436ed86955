"""The digest through a real SMTP server (aiosmtpd on a local port): an officer verifies their address by
the link the server receives, the worker's hourly run at 07:00 WITA sends their task list, and the
message read back from the server has the subject, the recipient, absolute links and no figure."""

from __future__ import annotations

import email
import re
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.test import Client

from cakupan.jobs.periodic import periodic_run_due
from cakupan.monev.tests.helpers import follow_up, meeting
from cakupan.tasks.digest import digest_send_due
from cakupan.tasks.models import DigestSent
from cakupan.tasks.tests.test_digest import verified
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db

SITE = "http://cakupan.test"
NOW = datetime(2026, 3, 2, 23, 5, tzinfo=UTC)  # 07:05 WITA on 3 March 2026 in Kupang
LOCAL_DAY = datetime(2026, 3, 3).date()


class Inbox:
    """What the SMTP server received: (envelope recipients, the parsed message)."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []
        self._lock = threading.Lock()

    # aiosmtpd calls the handler's methods by the SMTP command they answer.
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        with self._lock:
            self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def take(self) -> list[tuple[list[str], EmailMessage]]:
        with self._lock:
            taken, self.received = self.received, []
        return taken


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox(settings: Any) -> Iterator[Inbox]:
    received = Inbox()
    port = _free_port()
    server = Controller(received, hostname="127.0.0.1", port=port)
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.CAKUPAN_SITE_URL = SITE
    settings.CAKUPAN_DIGEST_HOUR = 7
    try:
        yield received
    finally:
        server.stop()


def _text(message: EmailMessage, kind: str) -> str:
    part = message.get_body(preferencelist=(kind,))
    assert part is not None, f"no text/{kind} part"
    return str(part.get_content())


def _without_links_and_dates(text: str) -> str:
    return re.sub(r"\d{4}-\d{2}-\d{2}", "", re.sub(r"https?://\S+?(?=[\"'\s<]|$)", "", text))


def test_an_officer_verifies_by_the_link_and_gets_the_digest_from_a_real_smtp_server(
    personas: Any, inbox: Inbox
) -> None:
    # Figures down to a district of Kota Kupang (9 active participants): none of them may be in a digest.
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53.71.01", "2024-06", "total", "40000", "")]))
    load(
        "participation", csv_bytes(PARTICIPATION_HEADER, participation_rows("53.71.01", "2024-06", {"PU": 9}))
    )
    with time_machine.travel(NOW, tick=False):
        officer = Client()
        officer.force_login(personas.officer_a)
        officer.post(
            "/akun/surel/", {"address": "petugas@ntt.example.go.id", "digest": "on", "language": "id"}
        )
        [(to, verification)] = inbox.take()
        assert to == ["petugas@ntt.example.go.id"]
        link = re.search(rf"{re.escape(SITE)}(/akun/surel/verifikasi/\S+/)", _text(verification, "plain"))
        assert link is not None
        assert Client().get(link.group(1)).status_code == 200

        # Region B's officer has a verified address too, and nothing of theirs is due.
        other = Client()
        other.force_login(personas.officer_b)
        other.post("/akun/surel/", {"address": "petugas@ntb.example.go.id", "digest": "on", "language": "id"})
        [(_to, verification_b)] = inbox.take()
        link_b = re.search(rf"{re.escape(SITE)}(/akun/surel/verifikasi/\S+/)", _text(verification_b, "plain"))
        assert link_b is not None and Client().get(link_b.group(1)).status_code == 200

        m = meeting("53", personas.officer_a, held_on=LOCAL_DAY - timedelta(days=40))
        late = follow_up(
            m, personas.officer_a, action="Surati para pemberi kerja", due_on=LOCAL_DAY - timedelta(days=3)
        )
        soon = follow_up(
            m, personas.officer_a, action="Siapkan rapat evaluasi", due_on=LOCAL_DAY + timedelta(days=2)
        )

        assert "digest" in periodic_run_due(worker="w1", now=NOW)
        delivered = inbox.take()
        # A second worker in the same hour, and the next hour's run: nothing more.
        periodic_run_due(worker="w2", now=NOW + timedelta(minutes=20))
        assert inbox.take() == []

    [(to, digest)] = delivered
    assert to == ["petugas@ntt.example.go.id"] and digest["To"] == "petugas@ntt.example.go.id"
    assert digest["Subject"] == "Cakupan: 2 tugas menunggu Anda (1 terlambat)"
    plain, html = _text(digest, "plain"), _text(digest, "html")
    for body in (plain, html):
        assert f"{SITE}/monev/tindak-lanjut/{late.pk}/" in body
        assert f"{SITE}/monev/tindak-lanjut/{soon.pk}/" in body
        assert f"{SITE}/saya/" in body and f"{SITE}/akun/#email" in body
        assert "Surati para pemberi kerja" in body and "Terlambat" in body
        # Titles and links only: apart from the links and the dates, not one digit (no figure, no NIK).
        assert not re.search(r"\d", _without_links_and_dates(re.sub(r"<[^>]+>", " ", body)))
    assert plain.index("Surati para pemberi kerja") < plain.index("Siapkan rapat evaluasi")  # overdue first
    assert list(DigestSent.objects.values_list("user__username", "local_date")) == [
        ("petugas_ntt", LOCAL_DAY)
    ]


def test_an_unreachable_mail_server_sends_nothing_and_claims_no_day(personas: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # nothing listens there
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    verified(personas.officer_a, "petugas@ntt.example.go.id")
    m = meeting("53", personas.officer_a, held_on=LOCAL_DAY - timedelta(days=40))
    follow_up(m, personas.officer_a, action="Surati para pemberi kerja", due_on=LOCAL_DAY - timedelta(days=3))
    run = digest_send_due(now=NOW)
    assert run.failed == ["petugas_ntt"] and run.sent == []
    assert not DigestSent.objects.exists()  # the next run may try again
