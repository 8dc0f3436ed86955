"""The door: passwords, lockout, headers, CSRF, and Django's deployment checklist in production settings."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

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
