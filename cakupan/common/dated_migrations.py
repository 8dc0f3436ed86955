"""The steps of the dated models' migrations: on PostgreSQL, the exclusion constraint that refuses two rows of
one key sharing a day, and the cut of overlaps that existed before it. Apart from `dated`, so that a
process on SQLite (every command's start) never imports django.contrib.postgres and psycopg with it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from itertools import pairwise
from typing import Any

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.contrib.postgres.fields.ranges import RangeBoundary
from django.contrib.postgres.operations import BtreeGistExtension
from django.db.migrations.operations.base import Operation
from django.db.models import F, Func

# --- the database's guard (PostgreSQL) -------------------------------------------------------------------


class DateSpan(Func):
    """daterange(valid_from, valid_to, '[]'): both ends inclusive, an empty end unbounded."""

    function = "DATERANGE"
    output_field = DateRangeField()


def no_overlap_constraint(name: str, key_fields: Iterable[str]) -> ExclusionConstraint:
    return ExclusionConstraint(
        name=name,
        expressions=[
            *((F(field), RangeOperators.EQUAL) for field in key_fields),
            (
                DateSpan("valid_from", "valid_to", RangeBoundary(inclusive_lower=True, inclusive_upper=True)),
                RangeOperators.OVERLAPS,
            ),
        ],
    )


class BtreeGistKept(BtreeGistExtension):
    """btree_gist (for the `=` of a key beside `&&` of a span in one GiST index), created if missing
    and kept when a migration is reversed: every app's dated models share it, so reversing one app's
    migration must not drop it from under the others' constraints."""

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        pass


class NoOverlapOnPostgreSQL(Operation):
    """Adds the exclusion constraint that refuses two rows of one key sharing a day, on PostgreSQL only
    (SQLite has none; `DatedValue.clean` guards it there). It needs btree_gist (`BtreeGistKept()`
    before it in the migration) and is kept out of the model state, so SQLite never sees it."""

    reversible = True

    def __init__(self, model_name: str, name: str, key_fields: list[str]) -> None:
        self.model_name = model_name
        self.name = name
        self.key_fields = key_fields

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            model = to_state.apps.get_model(app_label, self.model_name)
            schema_editor.add_constraint(model, no_overlap_constraint(self.name, self.key_fields))

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_constraint(model, no_overlap_constraint(self.name, self.key_fields))

    def describe(self) -> str:
        return f"Refuse overlapping spans of {self.model_name} on PostgreSQL ({self.name})"


def cut_overlaps(model: Any, key_fields: Iterable[str]) -> list[str]:
    """Resolve the overlaps of a dated model's rows (for a migration, with the historical model): the row
    that starts later wins; the earlier row's span is cut to end the day before. Rows that overlap nothing
    are left unchanged. Returns (and prints) one line per cut."""
    keys = list(key_fields)
    cuts: list[str] = []
    rows = list(model._default_manager.order_by(*keys, "valid_from", "pk"))
    for earlier, later in pairwise(rows):
        if [getattr(earlier, f) for f in keys] != [getattr(later, f) for f in keys]:
            continue
        if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
            end = later.valid_from - timedelta(days=1)
            key = " ".join(str(getattr(earlier, f)) for f in keys)
            cuts.append(
                f"{model._meta.label} {key}: the row from {earlier.valid_from} to {earlier.valid_to or '…'} "
                f"overlapped the row from {later.valid_from}; it now ends on {end}"
            )
            earlier.valid_to = end
            earlier.save(update_fields=["valid_to"])
    for line in cuts:
        print(f"  {line}")  # the migration lists what it changed
    return cuts
