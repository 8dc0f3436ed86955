from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cakupan.accounts.models import Office, RoleAssignment
from cakupan.accounts.roles import NATIONAL_ROLES, Role
from cakupan.regions.codes import NATIONAL
from cakupan.regions.models import Region

DEMO_USERNAME = "demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str


def generate_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def user_ensure_demo(*, password_file: Path) -> DemoLogin:
    """The demo administrator. Its random password is kept in `password_file` (mode 600) so that
    `cakupan demo` can print it on every start; no fixed password ships with the code."""
    if password_file.exists():
        password = password_file.read_text(encoding="utf-8").strip()
    else:
        password = generate_password()
        password_file.parent.mkdir(parents=True, exist_ok=True)
        password_file.write_text(password + "\n", encoding="utf-8")
        password_file.chmod(0o600)
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(
        username=DEMO_USERNAME, defaults={"first_name": "Demo", "last_name": "Cakupan"}
    )
    changed = not (user.is_staff and user.is_superuser and user.is_active) or not user.check_password(
        password
    )
    if changed:
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
    return DemoLogin(username=DEMO_USERNAME, password=password)


@transaction.atomic
def user_create(*, username: str, password: str, email: str = "", full_name: str = "") -> User:
    if get_user_model().objects.filter(username=username).exists():
        raise ValidationError(_("A user named %(name)s exists already.") % {"name": username})
    user = User(username=username, email=email, first_name=full_name)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str) -> User:
    """An administrator's reset: no mail server needed; the new password is told to the user in person."""
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    password_set_record(user=user, where="the command line")
    return user


def password_set_record(*, user: User, where: str) -> None:
    """The audit event of an administrator's password reset; never the password itself (the trail leaves
    the password field out, so the change would otherwise go unrecorded)."""
    from cakupan.audit.choices import Action
    from cakupan.audit.services import audit_record

    audit_record(
        action=Action.UPDATE,
        entity_type="auth.user",
        entity_id=str(user.pk),
        after={"password": "set by an administrator"},
        note=f"Password of {user.get_username()} set on {where}.",
    )


@transaction.atomic
def role_assign(
    *, user: User, role: str, region: Region | None = None, office: Office | None = None
) -> RoleAssignment:
    if role not in Role.values:
        raise ValidationError(_("Unknown role %(role)s.") % {"role": role})
    if role in NATIONAL_ROLES:
        region, office = Region.objects.get(code=NATIONAL), None
    if region is None and office is None:
        raise ValidationError(_("A role is held for a region or for an office's regions."))
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, role=role, region=region, office=office
    )
    if role == Role.NATIONAL_ADMIN and not (user.is_staff and user.is_superuser):
        # Everything, including the administration pages for reference data and users.
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment) -> None:
    assignment.delete()
