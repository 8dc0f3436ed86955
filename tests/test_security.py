"""The door: passwords, lockout, headers, CSRF, and Django's deployment checklist in production settings."""

from __future__ import annotations

import runpy
import secrets
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from cakupan.accounts.services import user_create
from tests.support import run

pytestmark = pytest.mark.django_db


def test_security_headers_are_sent_on_pages_and_the_api(client: Client) -> None:
    for url in ("/", "/api/v1/regions/53", "/akun/masuk/"):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.real_password_hashing
def test_passwords_are_hashed_with_argon2_and_validated() -> None:
    user = user_create(username="siti", password="panjang-dan-unik-2026")
    assert user.password.startswith("argon2")
    with pytest.raises(ValidationError):
        user_create(username="budi", password="12345")


def test_repeated_failed_logins_lock_the_account_even_with_the_right_password() -> None:
    User.objects.create_user("rina", password="the-right-passphrase")
    client = Client()
    for _ in range(5):
        client.post("/akun/masuk/", {"username": "rina", "password": "wrong"})
    response = client.post("/akun/masuk/", {"username": "rina", "password": "the-right-passphrase"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_forms_refuse_a_post_without_the_csrf_token() -> None:
    User.objects.create_user("rina", password="the-right-passphrase")
    client = Client(enforce_csrf_checks=True)
    assert (
        client.post("/akun/masuk/", {"username": "rina", "password": "the-right-passphrase"}).status_code
        == 403
    )


def test_the_session_cookie_is_http_only(client: Client) -> None:
    User.objects.create_user("rina", password="the-right-passphrase")
    response = client.post("/akun/masuk/", {"username": "rina", "password": "the-right-passphrase"})
    assert response.cookies["sessionid"]["httponly"]


@pytest.mark.slow
def test_the_deployment_checklist_passes_with_production_settings(tmp_path: Path) -> None:
    env = {
        "CAKUPAN_ENV": "production",
        "CAKUPAN_SECRET_KEY": secrets.token_urlsafe(50),
        "CAKUPAN_ALLOWED_HOSTS": "cakupan.example.go.id",
        "CAKUPAN_DATA_DIR": str(tmp_path),
        "PATH": __import__("os").environ["PATH"],
    }
    done = run(env, "manage", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {
        "CAKUPAN_ENV": "production",
        "CAKUPAN_DATA_DIR": str(tmp_path),
        "PATH": __import__("os").environ["PATH"],
    }
    done = run(env, "manage", "check")
    assert done.returncode != 0 and "CAKUPAN_SECRET_KEY" in done.stderr


def _fail_login(client: Client, username: str) -> int:
    return client.post("/akun/masuk/", {"username": username, "password": "wrong"}).status_code


def test_one_address_trying_many_usernames_is_locked_out(settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT, settings.AXES_IP_FAILURE_LIMIT = 3, 6
    User.objects.create_user("rina", password="the-right-passphrase")
    client = Client(REMOTE_ADDR="203.0.113.9")
    # Two failures each for three names: no pair reaches 3, but the address reaches 6 and is locked.
    statuses = [_fail_login(client, name) for name in ("andi", "budi", "citra") * 2]
    assert statuses == [200] * 5 + [429]
    refused = client.post("/akun/masuk/", {"username": "rina", "password": "the-right-passphrase"})
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    other = Client(REMOTE_ADDR="198.51.100.4")
    assert (
        other.post("/akun/masuk/", {"username": "rina", "password": "the-right-passphrase"}).status_code
        == 302
    )


def test_a_login_clears_only_its_own_failures_not_the_addresses(settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT, settings.AXES_IP_FAILURE_LIMIT = 3, 6
    User.objects.create_user("rina", password="the-right-passphrase")
    client = Client(REMOTE_ADDR="203.0.113.9")
    for name in ("andi", "budi", "citra", "rina", "andi"):
        _fail_login(client, name)
    assert (
        client.post("/akun/masuk/", {"username": "rina", "password": "the-right-passphrase"}).status_code
        == 302
    )
    # Rina's one failure is cleared; the four on other names still count towards the address's six.
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert _fail_login(client, "budi") == 200
    assert _fail_login(client, "dewi") == 429


def _production_security(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """The security settings cakupan/settings.py gives in production (read by running it)."""
    monkeypatch.setenv("CAKUPAN_ENV", "production")
    monkeypatch.setenv("CAKUPAN_SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("CAKUPAN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CAKUPAN_DATABASE_URL", raising=False)
    production = runpy.run_path(str(Path(__file__).parents[1] / "cakupan" / "settings.py"))
    names = [n for n in production if n.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_"))]
    return {name: production[name] for name in names}


def test_production_responses_carry_hsts_and_secure_cookies(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    User.objects.create_user("rina", password="the-right-passphrase")
    security = _production_security(monkeypatch, tmp_path)
    assert security["SECURE_HSTS_SECONDS"] >= 31_536_000
    with override_settings(**security):
        client = Client()
        assert client.get("/").status_code == 301  # plain HTTP is sent to HTTPS
        page = client.get("/akun/masuk/", secure=True)
        assert page.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        assert page.cookies["csrftoken"]["secure"]
        login = client.post(
            "/akun/masuk/", {"username": "rina", "password": "the-right-passphrase"}, secure=True
        )
        assert login.status_code == 302 and login.cookies["sessionid"]["secure"]
        assert login.cookies["sessionid"]["httponly"]
