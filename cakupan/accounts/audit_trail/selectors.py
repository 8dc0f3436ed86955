"""Reading the audit trail, limited to what the user may read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.audit.models import AuditEvent
from cakupan.core.codes import NATIONAL


@dataclass(frozen=True)
class AuditFilters:
    who: str = ""  # part of the username (or the recorded name)
    source: str = ""
    action: str = ""
    entity_type: str = ""
    region: str = ""  # dotted code: the region and everything below it
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive


def _region_q(code: str) -> Q:
    if code == NATIONAL:
        return ~Q(region_code="")  # every event that belongs to a region
    return Q(region_code=code) | Q(region_code__startswith=code + ".")


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _visible(user: Any) -> QuerySet[AuditEvent]:
    where = access.scope(user, Cap.VIEW_AUDIT)
    events = AuditEvent.objects.all()
    if where.everything:
        return events
    if where.is_empty:
        return events.none()
    condition = Q()
    for root in sorted(where.roots):
        condition |= _region_q(root)
    return events.filter(condition)


def audit_event_list(user: Any, *, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The events the user may read (all of them nationally; those of their regions otherwise), newest
    first, narrowed by the filters."""
    events = _visible(user).select_related("actor")
    if filters.who:
        events = events.filter(
            Q(actor__username__icontains=filters.who) | Q(actor_label__icontains=filters.who)
        )
    if filters.source:
        events = events.filter(source=filters.source)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.entity_type:
        events = events.filter(entity_type=filters.entity_type)
    if filters.region:
        events = events.filter(_region_q(filters.region))
    if filters.date_from:
        events = events.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to:
        events = events.filter(at__lt=_start_of(filters.date_to + dt.timedelta(days=1)))
    return events.order_by("-at", "-id")


def audit_event_get(user: Any, *, pk: int) -> AuditEvent | None:
    return _visible(user).select_related("actor").filter(pk=pk).first()


def audit_entity_types(user: Any) -> list[str]:
    """The record types in the trail, for the filter's choices."""
    return sorted(set(_visible(user).order_by().values_list("entity_type", flat=True).distinct()))
