from __future__ import annotations

import base64
import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from cakupan.accounts.models import EmailPreference
from cakupan.accounts.services import email_verification_token
from cakupan.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https://cakupan\.example\.go\.id(/akun/surel/verifikasi/[^/\s]+/)")


@pytest.fixture(autouse=True)
def email_on(settings: Any) -> None:
    settings.EMAIL_HOST = "smtp.example.go.id"
    settings.CAKUPAN_SITE_URL = "https://cakupan.example.go.id"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _save(client: Client, address: str, *, digest: bool = True, language: str = "id") -> Any:
    data = {"address": address, "language": language, **({"digest": "on"} if digest else {})}
    return client.post("/akun/surel/", data, follow=True)


def _link(message: Any) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def test_an_address_entered_on_the_account_page_is_verified_by_the_link_sent_to_it(personas: Any) -> None:
    client = _client(personas.officer_a)
    page = _save(client, "petugas@ntt.example.go.id").content.decode()
    assert "belum diverifikasi" in page  # the page is Indonesian unless English is chosen
    assert [m.to for m in mail.outbox] == [["petugas@ntt.example.go.id"]]
    assert mail.outbox[0].subject == "Cakupan: verifikasi alamat surel Anda"
    assert not EmailPreference.objects.get(user=personas.officer_a).is_verified_for(
        "petugas@ntt.example.go.id"
    )

    payload = _link(mail.outbox[0]).split("/")[-2].split(":")[0]
    assert b"ntt.example" not in base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))  # hashed
    opened = Client().get(_link(mail.outbox[0]))  # from the mail program: no session needed
    assert opened.status_code == 200 and "petugas@ntt.example.go.id" in opened.content.decode()
    preference = EmailPreference.objects.get(user=personas.officer_a)
    assert preference.is_verified_for("petugas@ntt.example.go.id") and preference.verified_at is not None
    assert "terverifikasi" in client.get("/akun/").content.decode()
    # Opening it again changes nothing.
    assert Client().get(_link(mail.outbox[0])).status_code == 200


def test_changing_the_address_unverifies_it_and_a_link_for_the_old_one_no_longer_works(
    personas: Any,
) -> None:
    client = _client(personas.officer_a)
    _save(client, "lama@example.go.id")
    old_link = _link(mail.outbox[0])
    assert Client().get(old_link).status_code == 200
    _save(client, "baru@example.go.id")
    preference = EmailPreference.objects.get(user=personas.officer_a)
    assert not preference.is_verified_for("baru@example.go.id") and preference.verified_address == ""
    refused = Client().get(old_link)
    assert refused.status_code == 400 and "bukan lagi alamat akun ini" in refused.content.decode()
    assert Client().get(_link(mail.outbox[1])).status_code == 200
    assert EmailPreference.objects.get(user=personas.officer_a).is_verified_for("baru@example.go.id")


def test_a_link_expires_and_a_forged_one_is_refused(personas: Any, settings: Any) -> None:
    settings.CAKUPAN_EMAIL_VERIFY_HOURS = 48
    personas.officer_a.email = "petugas@example.go.id"
    personas.officer_a.save(update_fields=["email"])
    token = email_verification_token(user=personas.officer_a)
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        expired = Client().get(f"/akun/surel/verifikasi/{token}/")
    assert expired.status_code == 400 and "kedaluwarsa" in expired.content.decode()
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert Client().get(f"/akun/surel/verifikasi/{forged}/").status_code == 400
    assert not EmailPreference.objects.filter(user=personas.officer_a, verified_address__gt="").exists()


def test_the_digest_can_be_turned_off_and_its_language_chosen(personas: Any) -> None:
    client = _client(personas.officer_a)
    _save(client, "petugas@example.go.id", digest=False, language="en")
    preference = EmailPreference.objects.get(user=personas.officer_a)
    assert (preference.digest, preference.language) == (False, "en")
    assert mail.outbox[0].subject == "Cakupan: verify your email address"  # in the language chosen
    _save(client, "petugas@example.go.id", digest=True, language="en")
    assert EmailPreference.objects.get(user=personas.officer_a).digest
    assert len(mail.outbox) == 1  # the same address: no new link


def test_email_changes_are_in_the_audit_trail_as_the_users_own(personas: Any) -> None:
    client = _client(personas.officer_a)
    _save(client, "petugas@example.go.id")
    Client().get(_link(mail.outbox[0]))
    events = AuditEvent.objects.filter(entity_type="accounts.emailpreference").order_by("pk")
    assert [e.actor_label for e in events] == ["petugas_ntt"] * events.count() and events.count() >= 2
    last = events.last()
    assert last is not None and (last.after or {}).get("verified_address") == "petugas@example.go.id"
    user_events = AuditEvent.objects.filter(entity_type="auth.user", entity_id=str(personas.officer_a.pk))
    assert any((e.after or {}).get("email") == "petugas@example.go.id" for e in user_events)


def test_a_bad_address_or_a_nik_is_refused_with_the_reason(personas: Any) -> None:
    client = _client(personas.officer_a)
    bad = client.post("/akun/surel/", {"address": "bukan-alamat", "language": "id"})
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()
    nik = client.post("/akun/surel/", {"address": "5371012345670001@example.go.id", "language": "id"})
    assert nik.status_code == 400 and "5371012345670001" not in nik.content.decode()
    assert mail.outbox == [] and personas.officer_a.email == ""


def test_with_no_mail_server_the_account_page_says_digests_are_off(personas: Any, settings: Any) -> None:
    settings.EMAIL_HOST = ""
    client = _client(personas.officer_a)
    page = _save(client, "petugas@example.go.id").content.decode()
    assert "Surel tidak aktif di server ini" in page
    assert mail.outbox == []
    assert client.post("/akun/surel/kirim-ulang/").status_code == 302 and mail.outbox == []


def test_the_link_can_be_sent_again_while_the_address_is_unverified(personas: Any) -> None:
    client = _client(personas.officer_a)
    _save(client, "petugas@example.go.id")
    client.post("/akun/surel/kirim-ulang/")
    assert len(mail.outbox) == 2
    Client().get(_link(mail.outbox[1]))
    client.post("/akun/surel/kirim-ulang/")
    assert len(mail.outbox) == 2  # verified: nothing more to send


def test_officer_of_region_b_sees_only_their_own_address(personas: Any) -> None:
    _save(_client(personas.officer_a), "petugas@ntt.example.go.id")
    page_b = _client(personas.officer_b).get("/akun/").content.decode()
    assert "petugas@ntt.example.go.id" not in page_b
    # Saving on B's page changes B's account only.
    _save(_client(personas.officer_b), "petugas@ntb.example.go.id")
    personas.officer_a.refresh_from_db()
    assert personas.officer_a.email == "petugas@ntt.example.go.id"
