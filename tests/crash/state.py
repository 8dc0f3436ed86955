"""What a run may have changed: every table before and after, compared with what the work says it
writes; and the health of the database after a process was killed in the middle of a transaction."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connections

# How a run may change a table. Tables a work does not name must stay exactly as they were.
SAME = "same"
GROWS = "grows"  # rows may be added; every row there before stays as it was
FREE = "free"  # the work checks this table itself (figures replaced by key, a job's progress)

Rows = dict[Any, tuple[Any, ...]]


class Broken(AssertionError):
    """An invariant does not hold after a run."""


@dataclass(frozen=True)
class Snapshot:
    tables: dict[str, Rows]

    def rows(self, label: str) -> Rows:
        return self.tables[label]


def snapshot() -> Snapshot:
    """Every row of every table (the region master included: a run must not touch it either)."""
    tables: dict[str, Rows] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        columns = [field.attname for field in meta.concrete_fields]
        at = columns.index(meta.pk.attname)
        tables[meta.label_lower] = {
            row[at]: row for row in model._base_manager.order_by().values_list(*columns)
        }
    return Snapshot(tables)


def differences(before: Snapshot, after: Snapshot, policies: dict[str, str]) -> list[str]:
    """What changed against the policies: lost or altered rows of before, rows added where none may be."""
    problems: list[str] = []
    for label, old in before.tables.items():
        policy = policies.get(label, SAME)
        if policy == FREE:
            continue
        new = after.tables[label]
        lost = [pk for pk in old if pk not in new]
        altered = [pk for pk in old if pk in new and new[pk] != old[pk]]
        added = [pk for pk in new if pk not in old]
        if lost:
            problems.append(f"{label}: {len(lost)} rows stored before the run are gone (e.g. {lost[:3]})")
        if altered:
            first = altered[0]
            problems.append(
                f"{label}: {len(altered)} rows stored before the run changed "
                f"(e.g. {old[first]} → {new[first]})"
            )
        if added and policy == SAME:
            problems.append(f"{label}: {len(added)} rows added by work that does not write this table")
    return problems


def require(problems: list[str]) -> None:
    if problems:
        raise Broken("; ".join(problems))


def database_health(*, wait: float = 30.0) -> list[str]:
    """SQLite: the file passes its integrity and foreign-key checks. PostgreSQL: the killed process's
    server backend has gone (it holds its locks until it notices), no lock or prepared transaction is
    left behind."""
    connection = connections["default"]
    problems: list[str] = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            result = [row[0] for row in cursor.fetchall()]
            if result != ["ok"]:
                problems.append(f"SQLite integrity check: {result[:5]}")
            cursor.execute("PRAGMA foreign_key_check")
            if broken := cursor.fetchall():
                problems.append(f"SQLite foreign key check: {broken[:5]}")
            return problems
        deadline = time.monotonic() + wait
        others = (
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        while True:
            cursor.execute(others)
            (count,) = cursor.fetchone()
            if count == 0:
                break
            if time.monotonic() > deadline:
                problems.append(f"{count} server backends of killed processes still hold the database")
                break
            time.sleep(0.02)
        cursor.execute("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()")
        if (prepared := cursor.fetchone()[0]) != 0:
            problems.append(f"{prepared} prepared transactions left behind")
        # Locks of client backends (autovacuum may hold its own for a moment, rightly).
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE a.datname = current_database() AND a.backend_type = 'client backend' "
            "AND l.pid <> pg_backend_pid()"
        )
        if (locks := cursor.fetchone()[0]) != 0:
            problems.append(f"{locks} locks left behind")
    return problems


def recomputed_differs(model: Any, recompute: Any, *, ignore: tuple[str, ...] = ()) -> list[str]:
    """Derived rows (rollups, findings) as stored, against what recomputing them now gives; the
    recomputation is rolled back. Stored derived rows that disagree were written apart from their source."""
    from django.db import transaction

    fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key and f.name not in ignore]

    def rows() -> list[str]:
        return sorted(repr(row) for row in model._base_manager.order_by().values_list(*fields))

    stored = rows()
    with transaction.atomic():
        recompute()
        fresh = rows()
        transaction.set_rollback(True)
    if stored == fresh:
        return []
    extra = sorted(set(stored) - set(fresh))
    missing = sorted(set(fresh) - set(stored))
    return [
        f"{model._meta.label_lower} disagrees with its source: {len(extra)} stored rows not derived "
        f"(e.g. {extra[:1]}), {len(missing)} derived rows not stored (e.g. {missing[:1]})"
    ]
