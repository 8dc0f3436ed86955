from __future__ import annotations

import pytest
from django.db import transaction

from cakupan.audit.models import AppendOnlyError, AuditEvent
from cakupan.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _event() -> AuditEvent:
    return audit_record(action="create", entity_type="tests.thing", entity_id="1", after={"a": 1})


def test_an_event_cannot_be_changed() -> None:
    event = _event()
    event.note = "edited"
    with pytest.raises(AppendOnlyError):
        event.save()
    fresh = AuditEvent.objects.get(pk=event.pk)
    with pytest.raises(AppendOnlyError):
        fresh.save()
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_an_event_cannot_be_deleted() -> None:
    event = _event()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_queryset_cannot_update_or_delete_events() -> None:
    _event()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(note="edited")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(entity_type="tests.thing").delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEvent.objects.bulk_update(list(AuditEvent.objects.all()), ["note"])
    assert AuditEvent.objects.filter(note="").count() == AuditEvent.objects.count() == 1


def test_the_admin_shows_events_but_never_adds_changes_or_deletes_them(rf: pytest.FixtureRequest) -> None:
    from django.contrib import admin

    model_admin = admin.site._registry[AuditEvent]
    request = rf.get("/admin/")  # type: ignore[attr-defined]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, _event())
    assert not model_admin.has_delete_permission(request)
