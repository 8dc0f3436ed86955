"""Writing the audit trail. Who and from where come from the current `audit_context`."""

from __future__ import annotations

import datetime as dt
import enum
import math
import uuid
from collections.abc import Mapping
from contextlib import AbstractContextManager
from contextvars import ContextVar
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import models, transaction
from django.utils.functional import Promise

from cakupan.audit.choices import Action, Source
from cakupan.audit.context import AuditContext, audit_context, current_context
from cakupan.audit.models import AuditEvent


def jsonable(value: Any) -> Any:
    """The value as JSON can hold it: exact numbers as strings, dates in ISO 8601, ids for records."""
    if value is None or (isinstance(value, bool | int) and not isinstance(value, enum.Enum)):
        return value
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        # Normalised, so that 95 and 95.000000 read the same; never in exponent notation.
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, models.Model):
        return jsonable(value.pk)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((jsonable(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return str(value)


def audit_record(
    *,
    action: str,
    entity_type: str,
    entity_id: str,
    region_code: str = "",
    before: Any = None,
    after: Any = None,
    note: str = "",
) -> AuditEvent:
    """Write one audit event; who, from where and the import batch come from the current context."""
    if action not in Action.values:
        raise ValueError(f"unknown audit action {action!r}")
    context = current_context()
    actor, label = context.who()
    event = AuditEvent(
        actor_id=actor.pk if actor is not None else None,
        actor_label=label[:150],
        source=context.source,
        ip=context.ip,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        region_code=region_code or "",
        before=jsonable(before),
        after=jsonable(after),
        note=note,
        batch_id=context.batch_id,
    )
    event.save()
    return event


def audit_bulk(
    *,
    entity_type: str,
    summary: Mapping[str, Any],
    region_code: str = "",
    action: str = Action.IMPORT,
    note: str = "",
    entity_id: str = "",
) -> AuditEvent:
    """One event for a bulk write that sends no per-row signals (bulk_create, bulk_update, raw SQL), such
    as loading the region master: `summary` says what it did (counts, versions, the rows it touched);
    `entity_id` names the record that groups the rows, when there is one (an ingest, a list)."""
    return audit_record(
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        region_code=region_code,
        after=summary,
        note=note,
    )


# The import batch being committed by the innermost transaction, while it lasts. The per-row signal
# handlers ask it: rows an import replaces are kept as imports.FigureChange, not one event each.
_OPEN_BATCH: ContextVar[tuple[int, object] | None] = ContextVar("cakupan_audit_open_batch", default=None)

# ImportBatch.source → audit source; the demo loader's batches are plain imports.
_BATCH_SOURCES = {"web": Source.WEB, "api": Source.API, "cli": Source.CLI}


def batch_audit_context(
    *, source: str, by: Any = None, actor_label: str = "", batch_id: int | None = None
) -> AbstractContextManager[AuditContext]:
    """The context of the writes of one import, whose `source` is an ImportBatch.Source value: the
    enclosing request's or command's source when there is one, else the import's own; `by` (or, without a
    user anywhere, `actor_label`) as the actor; and the import batch the writes belong to."""
    outer = current_context()
    chosen = outer.source if outer.source != Source.SYSTEM else _BATCH_SOURCES.get(source, Source.IMPORT)
    label = "" if by is not None or outer.actor is not None else actor_label
    return audit_context(source=chosen, actor=by, actor_label=label, batch_id=batch_id)


def import_batch_open(*, batch_id: int) -> None:
    """Mark the import batch that the innermost transaction commits, until that transaction ends: the
    per-row signal handlers then leave the rows it writes to the batch's own event and history."""
    connection = transaction.get_connection()
    if connection.atomic_blocks:
        _OPEN_BATCH.set((batch_id, connection.atomic_blocks[-1]))


def import_batch_in_progress() -> int | None:
    """The batch an import is committing in the current transaction, or None outside an import."""
    state = _OPEN_BATCH.get()
    if state is None:
        return None
    batch_id, block = state
    if any(open_block is block for open_block in transaction.get_connection().atomic_blocks):
        return batch_id
    return None
