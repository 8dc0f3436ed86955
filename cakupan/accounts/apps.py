from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cakupan.accounts"
    verbose_name = "Pengguna"

    def ready(self) -> None:
        from cakupan.accounts.models import EmailPreference
        from cakupan.audit.registry import audit_model

        # Who asked for email where, verified when, and the digest wanted or not: account changes.
        audit_model(EmailPreference)
