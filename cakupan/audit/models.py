"""The audit trail: one row per write of domain data. Rows are only ever added."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cakupan.audit.choices import Action, Source


class AppendOnlyError(Exception):
    """The audit trail is never edited or deleted through the application."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit events cannot be deleted")


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str
    changed: bool


def _shown(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


class AuditEvent(models.Model):
    """Who (`actor`, `actor_label`), when (`at`), from where (`source`, `ip`, `batch_id`) and what:
    `action` on the record `entity_type`/`entity_id`, with its values `before` and `after`.

    Append-only: saving an existing row, deleting one, and a queryset's update() and delete() all raise.
    """

    Source = Source
    Action = Action

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # SET_NULL so that a user can still be deleted; `actor_label` keeps the name.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("by"), max_length=150, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    entity_type = models.CharField(_("record type"), max_length=100)
    entity_id = models.CharField(_("record"), max_length=100, blank=True)
    region_code = models.CharField(_("region"), max_length=13, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The import batch (imports.ImportBatch) the write belongs to. Not a foreign key: the log outlives
    # whatever it refers to and never blocks a deletion.
    batch_id = models.PositiveBigIntegerField(_("import batch"), null=True, blank=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["entity_type", "entity_id"], name="audit_entity")]

    def __str__(self) -> str:
        who = self.actor_label or "-"
        return f"{self.at:%Y-%m-%d %H:%M:%S} {who} {self.action} {self.entity_type} {self.entity_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("audit events cannot be changed once written")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be deleted")

    def field_changes(self) -> list[FieldChange]:
        """Before and after, field by field, for showing side by side."""
        before = self.before if isinstance(self.before, dict) else {}
        after = self.after if isinstance(self.after, dict) else {}
        rows: list[FieldChange] = []
        for name in [*before, *(k for k in after if k not in before)]:
            old, new = before.get(name), after.get(name)
            rows.append(
                FieldChange(
                    field=name,
                    before=_shown(old) if name in before else "",
                    after=_shown(new) if name in after else "",
                    changed=name in before and name in after and old != new,
                )
            )
        return rows
