from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cakupan.accounts"
    verbose_name = "Pengguna"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from cakupan.accounts.models import ApiToken, EmailPreference, Office, RoleAssignment
        from cakupan.accounts.tokens import token_user
        from cakupan.audit.registry import audit_model
        from cakupan.common.api_shapes import token_reader_register

        token_reader_register(token_user)

        audit_model(Office)
        audit_model(RoleAssignment, region_field="region")
        # last_used_at moves on every API call (at most once a minute): not worth an event each time.
        audit_model(ApiToken, exclude=frozenset({"key_hash", "last_used_at"}))
        audit_model(get_user_model(), exclude=frozenset({"password", "last_login"}))
        # Who asked for email where, verified when, and the digest wanted or not: account changes.
        audit_model(EmailPreference)
