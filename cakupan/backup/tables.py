"""Which tables a backup holds, and how their values are written.

Every concrete table of every installed app (the many-to-many tables too), each row a JSON array of its
columns. Values are written by what the column holds, not by what the database returned, so a backup of
SQLite reads back into PostgreSQL and the other way round: times in UTC ISO 8601, decimals as text, JSON as
JSON, bytes in base64.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.apps import apps
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

Codec = Callable[[Any], Any]


def _utc(value: dt.datetime) -> str:
    return (value.astimezone(dt.UTC) if value.tzinfo is not None else value).isoformat()


def _iso(value: dt.date | dt.time) -> str:
    return value.isoformat()


def _microseconds(value: dt.timedelta) -> int:
    return value // dt.timedelta(microseconds=1)


def _base64(value: bytes | memoryview) -> str:
    return base64.b64encode(bytes(value)).decode("ascii")


# Column kind → (to JSON, from JSON). Kinds not listed are JSON already (numbers, text, booleans, JSON).
CODECS: dict[str, tuple[Codec, Codec]] = {
    "DateTimeField": (_utc, dt.datetime.fromisoformat),
    "DateField": (_iso, dt.date.fromisoformat),
    "TimeField": (_iso, dt.time.fromisoformat),
    "DecimalField": (str, Decimal),
    "DurationField": (_microseconds, lambda v: dt.timedelta(microseconds=v)),
    "UUIDField": (str, uuid.UUID),
    "BinaryField": (_base64, base64.b64decode),
}
# Kinds whose value the database driver wants prepared by the field (JSON adapters, dates as text on SQLite).
PREPARED = frozenset({*CODECS, "JSONField", "GenericIPAddressField"})


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    # The columns in the order a backup holds them, when it is not the model's (an older version's backup).
    order: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    @cached_property
    def fields(self) -> tuple[models.Field[Any, Any], ...]:
        fields = tuple(self.model._meta.concrete_fields)
        if not self.order:
            return fields
        by_column = {f.column: f for f in fields}
        return tuple(by_column[column] for column in self.order)

    @property
    def columns(self) -> list[str]:
        return [f.column for f in self.fields]

    @property
    def attnames(self) -> list[str]:
        return [f.attname for f in self.fields]

    def encoder(self) -> Callable[[Sequence[Any]], list[Any]]:
        """Database values of one row (as the ORM returns them) → JSON values."""
        kinds = [f.get_internal_type() for f in self.fields]
        codecs = [CODECS[kind][0] if kind in CODECS else None for kind in kinds]
        if not any(codecs):
            return list
        return lambda row: [v if c is None or v is None else c(v) for c, v in zip(codecs, row, strict=True)]

    def decoder(self, connection: BaseDatabaseWrapper) -> Callable[[Sequence[Any]], list[Any]]:
        """JSON values of one row → values ready for an INSERT or COPY on `connection`."""
        steps: list[Codec | None] = []
        for field in self.fields:
            kind = field.get_internal_type()
            if kind not in PREPARED:
                steps.append(None)
                continue
            decode = CODECS[kind][1] if kind in CODECS else None
            steps.append(_prepare(field, decode, connection))
        if not any(steps):
            return list
        return lambda row: [v if s is None or v is None else s(v) for s, v in zip(steps, row, strict=True)]


def _prepare(field: models.Field[Any, Any], decode: Codec | None, connection: BaseDatabaseWrapper) -> Codec:
    if decode is None:
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: field.get_db_prep_save(decode(value), connection)


def backup_tables(registry: Any = None) -> list[Table]:
    """Every table the application has, once each, in the order of the installed apps. With `registry`
    (the models of a past migration state, `StateApps`), the tables as they were then."""
    seen: set[str] = set()
    tables: list[Table] = []
    for config in (registry or apps).get_app_configs():
        for model in config.get_models(include_auto_created=True):
            opts = model._meta
            if opts.proxy or not opts.managed or opts.db_table in seen:
                continue
            seen.add(opts.db_table)
            tables.append(Table(model))
    return tables


# Tables that a new installation fills by itself: the migrations (content types, permissions, the dated
# parameters and reference lists they seed), `cakupan init` (the region master, and its audit event), and
# visitors before anyone logs in (sessions, login throttling). Rows only there mean the database holds no
# one's work yet; a test checks that a freshly migrated database reads as empty.
INSTALLATION = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "sessions.session",
        "axes.accessattempt",
        "axes.accessattemptexpiration",
        "axes.accesslog",
        "axes.accessfailurelog",
        "audit.auditevent",
        "regions.region",
        "indicators.parameter",
        "compliance.setting",
        "compliance.programrequirement",
        "monev.inpresinstruction",
        "monev.monevparameter",
        "monev.scorecardweight",
    }
)
