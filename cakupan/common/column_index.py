"""A migration step that drops a foreign key's own index in place, for a key whose column already leads a
wider index (the table's unique key, or its lookup index): every row written updates one index fewer.

Django's `AlterField(db_index=False)` would do it on SQLite by copying the whole table into a new one, for
the figures tables of a national deployment millions of rows; this drops the one index on both databases
and, reversed, creates it again with the name Django gives it.

On PostgreSQL a key to a text column has a second index of its own, `…_like` (`varchar_pattern_ops`): it
serves `LIKE '53.%'`, a region and everything under it (`indicators.versions._scope`), which the unique
key cannot serve unless the database sorts by "C". It is kept; the model's state no longer knows it, so a
later migration that gives the key `db_index=True` again must drop it first.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models
from django.db.migrations.operations.base import Operation


class _ColumnIndexDropped(Operation):
    reversible = True

    def __init__(self, model_name: str, field_name: str) -> None:
        self.model_name = model_name
        self.field_name = field_name

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass  # the field's state changes by the AlterField beside it

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        model = from_state.apps.get_model(app_label, self.model_name)
        column = model._meta.get_field(self.field_name).column
        # The indexes of exactly this one column that are not unique: the key's own (its `_like` kept).
        for name in schema_editor._constraint_names(model, [column], index=True, unique=False):
            if not name.endswith("_like"):
                schema_editor.execute(schema_editor._delete_index_sql(model, name))

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        field = model._meta.get_field(self.field_name)
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))  # the `_like` is there

    def describe(self) -> str:
        return f"Drop the index of {self.model_name}.{self.field_name} alone, in place"


def foreign_key_index_dropped(model_name: str, field_name: str, *, to: str, on_delete: Any) -> Operation:
    """The key (`related_name="+"`, as every figures table declares it) with `db_index=False` in the
    migration state; its own index dropped in place."""
    field: models.ForeignKey[Any, Any] = models.ForeignKey(
        to=to, on_delete=on_delete, related_name="+", db_index=False
    )
    return migrations.SeparateDatabaseAndState(
        state_operations=[migrations.AlterField(model_name=model_name, name=field_name, field=field)],
        database_operations=[_ColumnIndexDropped(model_name, field_name)],
    )
