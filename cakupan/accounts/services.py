from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from cakupan.accounts.models import EmailPreference, Office, RoleAssignment
from cakupan.accounts.roles import NATIONAL_ROLES, Role
from cakupan.audit.choices import Action
from cakupan.audit.context import audit_context, current_context
from cakupan.audit.services import audit_record
from cakupan.core.codes import NATIONAL
from cakupan.regions.models import Region

DEMO_USERNAME = "demo"
VERIFY_SALT = "cakupan.accounts.email-verify"

logger = logging.getLogger(__name__)


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


def email_enabled() -> bool:
    """Email goes out only when an SMTP server is configured (CAKUPAN_EMAIL_HOST)."""
    return bool(settings.EMAIL_HOST)


def email_preference_of(user: User) -> EmailPreference:
    """The user's preference as stored, or the defaults (digest wanted, Indonesian) unsaved."""
    found = EmailPreference.objects.filter(user=user).first()
    return found or EmailPreference(user=user)


@transaction.atomic
def email_preference_set(*, user: User, address: str, digest: bool, language: str) -> EmailPreference:
    """Set the account's email address, whether the daily digest is wanted and its language. A new
    address is not verified until the link sent to it is opened; the old verification is dropped."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language %(code)s.") % {"code": language})
    address = address.strip()
    preference, _created = EmailPreference.objects.get_or_create(user=user)
    if user.email != address:
        user.email = address
        user.save(update_fields=["email"])
    changed = []
    if preference.verified_address and preference.verified_address != address:
        preference.verified_address, preference.verified_at = "", None
        changed += ["verified_address", "verified_at"]
    if preference.digest != digest:
        preference.digest = digest
        changed.append("digest")
    if preference.language != language:
        preference.language = language
        changed.append("language")
    if changed:
        preference.save(update_fields=changed)
    return preference


def _address_mark(address: str) -> str:
    # The link names the address by a keyed hash: a URL (in a log, a browser history) never shows it.
    return salted_hmac(VERIFY_SALT, address, algorithm="sha256").hexdigest()[:32]


def email_verification_token(*, user: User) -> str:
    """A signed, dated token naming the user and the address it verifies (nothing is stored)."""
    return signing.dumps({"u": user.pk, "a": _address_mark(user.email)}, salt=VERIFY_SALT)


def email_verification_send(*, user: User) -> None:
    """Send the link that verifies the account's address, in the language the user chose for email.
    Raises OSError or smtplib.SMTPException when the server cannot take it."""
    if not email_enabled():
        raise ValidationError(_("Email is off on this server: no message can be sent."))
    if not user.email:
        raise ValidationError(_("Enter an email address first."))
    language = email_preference_of(user).language
    link = settings.CAKUPAN_SITE_URL + reverse(
        "accounts:email-verify", args=[email_verification_token(user=user)]
    )
    with translation.override(language):
        context = {
            "user": user,
            "link": link,
            "hours": settings.CAKUPAN_EMAIL_VERIFY_HOURS,
            "site_name": settings.CAKUPAN_SITE_NAME,
        }
        subject = _("%(site)s: verify your email address") % {"site": settings.CAKUPAN_SITE_NAME}
        body = render_to_string("accounts/email/verify.txt", context)
    EmailMessage(subject=subject, body=body, to=[user.email]).send()
    logger.info("email verification link sent to user %s", user.pk)


@transaction.atomic
def email_verify(*, token: str) -> User:
    """Mark the address named by a verification link as verified, if the link is genuine, not expired
    and the address is still the account's. Opening it again changes nothing."""
    try:
        data = signing.loads(
            token, salt=VERIFY_SALT, max_age=timedelta(hours=settings.CAKUPAN_EMAIL_VERIFY_HOURS)
        )
    except signing.SignatureExpired:
        raise ValidationError(_("This link has expired: ask for a new one on your account page.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid.")) from None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not user.email or _address_mark(user.email) != data.get("a"):
        raise ValidationError(
            _(
                "This link is for an address that is no longer the account's: ask for a new one on your "
                "account page."
            )
        )
    # Whoever opens the link, the mailbox's owner verified it: the audit trail names the account's user.
    with audit_context(source=current_context().source, actor=user):
        preference, _created = EmailPreference.objects.get_or_create(user=user)
        if not preference.is_verified_for(user.email):
            preference.verified_address, preference.verified_at = user.email, timezone.now()
            preference.save(update_fields=["verified_address", "verified_at"])
    return user
