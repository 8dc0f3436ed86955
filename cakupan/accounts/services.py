from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction

DEMO_USERNAME = "demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str


@transaction.atomic
def user_ensure_demo(*, password_file: Path) -> DemoLogin:
    """The demo administrator. Its random password is kept in `password_file` (mode 600) so that
    `cakupan demo` can print it on every start; no fixed password ships with the code."""
    if password_file.exists():
        password = password_file.read_text(encoding="utf-8").strip()
    else:
        password = secrets.token_urlsafe(12)
        password_file.parent.mkdir(parents=True, exist_ok=True)
        password_file.write_text(password + "\n", encoding="utf-8")
        password_file.chmod(0o600)
    user_model = get_user_model()
    user: AbstractUser
    user, _created = user_model.objects.get_or_create(
        username=DEMO_USERNAME, defaults={"first_name": "Demo", "last_name": "Cakupan"}
    )
    user.is_staff = True
    user.is_superuser = True
    user.is_active = True
    if not user.check_password(password):
        user.set_password(password)
    user.save()
    return DemoLogin(username=DEMO_USERNAME, password=password)
