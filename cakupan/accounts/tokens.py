"""API tokens: created for one of the user's roles and some of its regions, shown once, stored hashed."""

from __future__ import annotations

import hmac
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.models import TOKEN_PREFIX, ApiToken
from cakupan.accounts.roles import ROLE_CAPS, Cap
from cakupan.regions.models import Region
from cakupan.regions.scope import RegionScope

MAX_DAYS = 366
# Writing last_used_at on every call would turn each read into a write; once a minute is enough to tell.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenInvalid(Exception):
    pass


@transaction.atomic
def token_create(
    *, user: User, name: str, role: str, region_codes: list[str], days: int
) -> tuple[ApiToken, str]:
    """A new token; returns it with the plain key, which is never stored and cannot be shown again."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(_("A token lasts from 1 to %(max)d days.") % {"max": MAX_DAYS})
    held = dict(access.grants(user))
    if role not in held:
        raise ValidationError(_("You do not hold this role."))
    if Cap.USE_API not in ROLE_CAPS[role]:
        raise ValidationError(_("This role cannot use the API."))
    if not region_codes:
        raise ValidationError(_("Name at least one region."))
    outside = [code for code in region_codes if not held[role].covers(code)]
    if outside:
        raise ValidationError(
            _("Outside your regions for this role: %(codes)s") % {"codes": ", ".join(outside)}
        )
    regions = list(Region.objects.filter(code__in=region_codes))
    if len(regions) != len(set(region_codes)):
        raise ValidationError(_("Unknown region code."))
    key_id, secret, plain = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_id=key_id,
        key_hash=ApiToken.hash_secret(secret),
        role=role,
        expires_at=timezone.now() + timedelta(days=days),
    )
    token.regions.set(regions)
    return token, plain


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_user(plain: str) -> User | None:
    """The token's user as `token_authenticate` gives it, or None for a token it refuses (the API's
    reader of bearer tokens, registered into common.api)."""
    try:
        return token_authenticate(plain)
    except TokenInvalid:
        return None


def token_authenticate(plain: str) -> User:
    """The token's user, acting only with the token's role in the token's regions (and never more than
    the user holds today). Raises TokenInvalid."""
    parts = plain.strip().split("_")
    if len(parts) < 3 or parts[0] != TOKEN_PREFIX:
        raise TokenInvalid("malformed")
    key_id, secret = parts[1], "_".join(parts[2:])
    token = ApiToken.objects.select_related("user").filter(key_id=key_id).first()
    if token is None or not hmac.compare_digest(token.key_hash, ApiToken.hash_secret(secret)):
        raise TokenInvalid("unknown")
    now = timezone.now()
    if not token.is_active(now) or not token.user.is_active:
        raise TokenInvalid("expired or revoked")
    user = token.user
    held = dict(access.grants(user)).get(token.role)
    if held is None:
        raise TokenInvalid("role no longer held")
    narrowed = held.intersect(RegionScope.of(token.regions.values_list("code", flat=True)))
    access.set_grants(user, [(token.role, narrowed)])
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return user
