"""Email is configured by typed environment variables (.env.example), read when the settings load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

READ = (
    "import json; from django.conf import settings as s; print(json.dumps([s.EMAIL_HOST, s.EMAIL_PORT, "
    "s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.DEFAULT_FROM_EMAIL, "
    "s.CAKUPAN_SITE_URL, s.CAKUPAN_DIGEST_HOUR]))"
)


def _load(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CAKUPAN_EMAIL", "CAKUPAN_SITE", "CAKUPAN_DIGEST"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "cakupan.settings",
        "CAKUPAN_DATA_DIR": str(tmp_path),
        "CAKUPAN_ENV": "test",
    }
    env |= {"CAKUPAN_SECRET_KEY": "x", **variables}
    return subprocess.run([sys.executable, "-c", READ], env=env, capture_output=True, text=True, check=False)


def _values(done: subprocess.CompletedProcess[str]) -> list[Any]:
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))


def test_email_is_off_by_default_with_the_documented_defaults(tmp_path: Path) -> None:
    assert _values(_load(tmp_path)) == [
        "",
        587,
        True,
        False,
        "",
        "",
        "Cakupan <cakupan@localhost>",
        "http://127.0.0.1:8000",
        7,
    ]


def test_a_server_with_tls_from_the_start_and_a_password_file(tmp_path: Path) -> None:
    secret = tmp_path / "smtp_password"
    secret.write_text("rahasia-smtp\n", encoding="utf-8")
    done = _load(
        tmp_path,
        CAKUPAN_EMAIL_HOST="smtp.example.go.id",
        CAKUPAN_EMAIL_SECURITY="ssl",
        CAKUPAN_EMAIL_USER="cakupan",
        CAKUPAN_EMAIL_PASSWORD_FILE=str(secret),
        CAKUPAN_EMAIL_FROM="Cakupan NTT <cakupan@ntt.example.go.id>",
        CAKUPAN_SITE_URL="https://cakupan.example.go.id/",
        CAKUPAN_DIGEST_HOUR="6",
    )
    assert _values(done) == [
        "smtp.example.go.id", 465, False, True, "cakupan", "rahasia-smtp",
        "Cakupan NTT <cakupan@ntt.example.go.id>", "https://cakupan.example.go.id", 6,
    ]  # fmt: skip
    assert _values(_load(tmp_path, CAKUPAN_EMAIL_SECURITY="none"))[1] == 25
    assert _values(_load(tmp_path, CAKUPAN_EMAIL_PORT="2525"))[1] == 2525


def test_a_wrong_value_stops_the_start_naming_the_variable(tmp_path: Path) -> None:
    for name, value in (
        ("CAKUPAN_EMAIL_SECURITY", "tls"),
        ("CAKUPAN_EMAIL_PORT", "smtp"),
        ("CAKUPAN_DIGEST_HOUR", "24"),
        ("CAKUPAN_SITE_URL", "cakupan.example.go.id"),
    ):
        done = _load(tmp_path, **{name: value})
        assert done.returncode != 0 and name in done.stderr, (name, done.stderr[-300:])


def test_production_with_email_needs_the_sites_real_address(tmp_path: Path) -> None:
    done = _load(tmp_path, CAKUPAN_ENV="production", CAKUPAN_EMAIL_HOST="smtp.example.go.id")
    assert done.returncode != 0 and "CAKUPAN_SITE_URL" in done.stderr
    assert _load(tmp_path, CAKUPAN_ENV="production").returncode == 0  # email off: no address needed
