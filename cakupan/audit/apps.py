from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cakupan.audit"
    verbose_name = "Jejak audit"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from cakupan.accounts.models import ApiToken, Office, RoleAssignment
        from cakupan.audit.registry import audit_model
        from cakupan.indicators.models import Parameter, Target
        from cakupan.regions.models import Region

        audit_model(Parameter)
        audit_model(Target, region_field="region")
        audit_model(Region, region_field="code")
        audit_model(Office)
        audit_model(RoleAssignment, region_field="region")
        # last_used_at moves on every API call (at most once a minute): not worth an event each time.
        audit_model(ApiToken, exclude=frozenset({"key_hash", "last_used_at"}))
        audit_model(get_user_model(), exclude=frozenset({"password", "last_login"}))
