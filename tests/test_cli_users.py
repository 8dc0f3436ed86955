"""`cakupan user`: accounts, roles, password resets and API tokens from the command line, all audited."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from cakupan.accounts import access
from cakupan.accounts.models import ApiToken
from cakupan.audit.models import AuditEvent
from cakupan.cli import main

pytestmark = pytest.mark.django_db


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args, "--lang", "en"])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_account_is_created_with_a_role_and_a_password_shown_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(capsys, "user", "add", "maria", "--role", "REGIONAL_OFFICER", "--region", "5371")
    assert code == 0 and "Password (shown once)" in out
    password = out.strip().rsplit(" ", 1)[1]
    user = User.objects.get(username="maria")
    assert user.check_password(password) and password not in user.password
    assert access.scope(user, "import_workforce").roots == frozenset({"53.71"})
    event = AuditEvent.objects.filter(entity_type="auth.user", action="create").get()
    assert event.source == "cli" and "password" not in str(event.after)


def test_a_password_reset_prints_a_new_password_that_works(capsys: pytest.CaptureFixture[str]) -> None:
    User.objects.create_user("maria", password="old-long-passphrase")
    code, out, _ = _run(capsys, "user", "password", "maria")
    assert code == 0
    password = out.strip().rsplit(" ", 1)[1]
    assert User.objects.get(username="maria").check_password(password)
    event = AuditEvent.objects.get(entity_type="auth.user", note__contains="command line")
    assert event.source == "cli" and password not in repr(event.after)


def test_a_token_is_printed_once_and_stored_hashed(capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "user", "add", "etl", "--role", "BPJS_OFFICER", "--region", "53")
    code, out, _ = _run(
        capsys, "user", "token", "etl", "--role", "BPJS_OFFICER", "--region", "53.71", "--days", "7"
    )
    plain = out.strip()
    assert code == 0 and plain.startswith("ckp_")
    stored = ApiToken.objects.get()
    assert stored.key_hash != plain and plain.split("_", 2)[2] not in stored.key_hash


def test_wrong_arguments_are_refused_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "user", "add", "x", "--role", "KING")[0] == 2
    assert _run(capsys, "user", "add", "x", "--role", "REGIONAL_OFFICER")[0] == 2
    assert _run(capsys, "user", "add", "x", "--role", "REGIONAL_OFFICER", "--region", "99")[0] == 2
    assert not User.objects.filter(username="x").exists()
    assert _run(capsys, "user", "password", "nobody")[0] == 1
    _run(capsys, "user", "add", "y", "--role", "REGIONAL_OFFICER", "--region", "53")
    assert _run(capsys, "user", "token", "y", "--role", "REGIONAL_OFFICER", "--region", "52")[0] == 2
