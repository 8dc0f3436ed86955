from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from cakupan.audit.context import audit_context
from cakupan.audit.models import AuditEvent
from cakupan.imports.models import FigureChange
from cakupan.imports.services import import_commit
from cakupan.indicators.models import Target
from tests.personas import (
    PARTICIPATION_HEADER,
    TARGETS_HEADER,
    csv_bytes,
    load,
    participation_rows,
    validate,
)

pytestmark = pytest.mark.django_db

FILE = csv_bytes(PARTICIPATION_HEADER, participation_rows("53.01", "2024-06", {"PU": 100, "BPU": 50}))


def test_an_import_writes_exactly_one_event_carrying_its_batch() -> None:
    batch, _plan = load("participation", FILE, "peserta.csv")
    assert batch is not None
    [event] = AuditEvent.objects.all()
    assert (event.action, event.entity_type, event.entity_id, event.batch_id) == (
        "import",
        "imports.importbatch",
        str(batch.pk),
        batch.pk,
    )
    assert (event.source, event.actor_id, event.actor_label) == ("cli", None, "test")
    assert event.after is not None
    assert event.after["file_name"] == "peserta.csv" and event.after["new_figures"] == 2
    assert event.after["periods"] == ["2024-06"] and len(event.after["sha256"]) == 64
    assert "FigureChange" in event.note


def test_an_import_that_changes_nothing_writes_no_event() -> None:
    load("participation", FILE)
    load("participation", FILE)
    assert AuditEvent.objects.count() == 1


def test_targets_replaced_by_an_import_are_kept_with_the_batch_not_as_deletions() -> None:
    load("targets", csv_bytes(TARGETS_HEADER, [("51", "2025", "coverage_rate", "67.28", "Surat")]))
    batch, _plan = load(
        "targets", csv_bytes(TARGETS_HEADER, [("51", "2025", "coverage_rate", "60", "Revisi")])
    )
    assert batch is not None
    assert list(AuditEvent.objects.values_list("action", "batch_id").order_by("id")) == [
        ("import", batch.pk - 1),
        ("import", batch.pk),
    ]
    assert FigureChange.objects.get(batch=batch).old_value == Decimal("67.28")


def test_a_target_deleted_by_hand_after_an_import_is_recorded() -> None:
    load("targets", csv_bytes(TARGETS_HEADER, [("51", "2025", "coverage_rate", "67.28", "Surat")]))
    Target.objects.get(region_id="51", year=2025).delete()
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.entity_type, event.region_code, event.batch_id) == (
        "delete",
        "indicators.target",
        "51",
        None,
    )


def test_a_web_import_is_recorded_as_the_web_user() -> None:
    user = User.objects.create_user("pengunggah", password="a-long-passphrase")
    with audit_context(source="web", actor=user, ip="192.0.2.9"):
        batch, _plan = import_commit(validation=validate("participation", FILE), by=user, source="web")
    assert batch is not None
    event = AuditEvent.objects.get(action="import")
    assert (event.source, event.actor, event.actor_label, event.ip) == (
        "web",
        user,
        "pengunggah",
        "192.0.2.9",
    )


def test_a_demo_import_outside_any_context_is_an_import() -> None:
    batch, _plan = import_commit(validation=validate("participation", FILE), by=None, source="demo")
    assert batch is not None
    event = AuditEvent.objects.get(action="import")
    assert (event.source, event.actor_label) == ("import", "demo")


def test_the_import_event_is_written_at_commit_time() -> None:
    before = dt.datetime.now(tz=dt.UTC)
    load("participation", FILE)
    assert AuditEvent.objects.get().at >= before
