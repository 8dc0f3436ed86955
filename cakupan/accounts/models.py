from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cakupan.accounts.roles import Role


class Office(models.Model):
    """An office whose officers work for a set of regions: a BPJS Ketenagakerjaan regional office (Kanwil)
    or branch (Kantor Cabang, often several regencies), a labour office, a planning board, a DPMPTSP."""

    class Kind(models.TextChoices):
        BPJS_KANWIL = "BPJS_KANWIL", _("BPJS Ketenagakerjaan regional office")
        BPJS_BRANCH = "BPJS_BRANCH", _("BPJS Ketenagakerjaan branch office")
        LABOUR_OFFICE = "LABOUR_OFFICE", _("Labour office (Disnaker)")
        PLANNING_BOARD = "PLANNING_BOARD", _("Planning board (Bappeda)")
        LICENSING_OFFICE = "LICENSING_OFFICE", _("One-stop licensing office (DPMPTSP)")
        INSPECTORATE = "INSPECTORATE", _("Labour inspectorate")
        MINISTRY = "MINISTRY", _("Ministry")

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    regions = models.ManyToManyField("regions.Region", related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    """A user holds a role for a region (and its children), or for the regions of an office."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(max_length=24, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    office = models.ForeignKey(
        Office, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False) | models.Q(office__isnull=False),
                name="assignment_has_region_or_office",
            ),
        ]

    def __str__(self) -> str:
        where = self.region_id or (self.office.name if self.office else "?")
        return f"{self.user} {self.role} {where}"


TOKEN_PREFIX = "ckp"  # noqa: S105 (a public prefix, not a secret)


class ApiToken(models.Model):
    """A machine client's key: shown once, kept only as a hash, limited to a role and regions, expiring."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_id = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    role = models.CharField(max_length=24, choices=Role.choices)
    regions = models.ManyToManyField("regions.Region", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({TOKEN_PREFIX}_{self.key_id}_…)"

    @staticmethod
    def new_secret() -> tuple[str, str, str]:
        """(key_id, secret, full token). The full token is `ckp_<key_id>_<secret>`."""
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        return key_id, secret, f"{TOKEN_PREFIX}_{key_id}_{secret}"

    @staticmethod
    def hash_secret(secret: str) -> str:
        # The secret is 256 random bits, so a plain SHA-256 cannot be brute-forced; no slow hash needed.
        return hashlib.sha256(secret.encode()).hexdigest()

    def is_active(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class EmailPreference(models.Model):
    """Where and how a user hears from Cakupan by email: the address they proved they read (verified only
    while it is still their account's address, so changing the address un-verifies it, wherever it is
    changed), whether they want the daily digest, and its language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference"
    )
    verified_address = models.EmailField(blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    digest = models.BooleanField(default=True)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)

    def __str__(self) -> str:
        return f"{self.user} <{self.verified_address or '-'}>"

    def is_verified_for(self, address: str) -> bool:
        return bool(address) and self.verified_address == address
