"""Writing an Arrow table's rows without making a Python object of each: `bulk.bulk_insert` for tables an
engine computed (a participant file's figures, hundreds of thousands of rows). On PostgreSQL the table is
written as CSV by Arrow and sent with COPY; on SQLite each chunk travels as one JSON text that SQLite
unpacks itself (`json_each`) in one INSERT … SELECT. Inside the caller's transaction, with the same NIK
check on free-text fields as `bulk_insert`."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.utils.translation import gettext

from cakupan.common.bulk import _column, _free_text_positions, bulk_insert
from cakupan.core.nik import ENGINE_REGEX, LOOKS_LIKE_NIK, contains_nik

if TYPE_CHECKING:  # pyarrow is imported where a table is written, not by every process at start-up
    import pyarrow as pa

CHUNK = 50_000
_CONTROL = r"[\x00-\x1f]"


def arrow_insert(
    model: type[models.Model],
    table: pa.Table,
    *,
    constants: Mapping[str, Any] | None = None,
    written: Callable[[int], None] | None = None,
) -> int:
    """Insert the rows of `table`, whose column names are `model`'s field names, each row with the values
    of `constants` (field name → one value for every row, e.g. the batch); returns how many were written,
    and tells `written(rows so far)` after each chunk. A NIK in a free-text field is refused
    (ValidationError) before anything is written."""
    constants = dict(constants or {})
    fields = [*table.column_names, *constants]
    _refuse_niks(model, table, constants)
    if table.num_rows == 0:
        return 0
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    name = quote(model._meta.db_table)
    columns = ", ".join(quote(_column(model, field)) for field in fields)
    if connection.vendor == "postgresql":
        done = _copy(connection, name, columns, _with_constants(table, constants))
    elif connection.vendor == "sqlite" and not _has_control_characters(table):
        varying, same = _same_in_every_row(table)
        fixed = {**same, **constants}
        columns = ", ".join(quote(_column(model, field)) for field in [*varying.column_names, *fixed])
        done = _json_insert(connection, name, columns, varying, list(fixed.values()), written)
    else:
        done = _tuples(model, fields, table, list(constants.values()))
    if written is not None:
        written(done)
    return done


def _tuples(model: type[models.Model], fields: list[str], table: pa.Table, values: list[Any]) -> int:
    return bulk_insert(
        model,
        fields,
        (
            (*row, *values)
            for batch in table.to_batches(CHUNK)
            for row in zip(*(column.to_pylist() for column in batch.columns), strict=True)
        ),
    )


def _refuse_niks(model: type[models.Model], table: pa.Table, constants: Mapping[str, Any]) -> None:
    """One search of the engine pattern over each free-text column's distinct values (and the constants);
    only on a hit is each of them looked at."""
    import pyarrow.compute as pc

    fields = [*table.column_names, *constants]
    for i in _free_text_positions(model, fields):
        if i >= table.num_columns:
            distinct = [constants[fields[i]]]
        else:
            distinct = [v for v in pc.unique(table.column(i)).to_pylist() if isinstance(v, str) and v]
        if ENGINE_REGEX.search("\n".join(str(v) for v in distinct)) is None:
            continue
        if any(contains_nik(v) for v in distinct):
            raise ValidationError({fields[i]: [gettext(LOOKS_LIKE_NIK)]})


def _with_constants(table: pa.Table, constants: Mapping[str, Any]) -> pa.Table:
    import pyarrow as pa

    for field, value in constants.items():
        table = table.append_column(field, pa.array([value] * table.num_rows))
    return table


def _copy(connection: Any, table: str, columns: str, rows: pa.Table) -> int:
    """COPY FROM STDIN of the CSV Arrow writes (text quoted, a null left empty: NULL to PostgreSQL)."""
    import pyarrow.csv as pcsv

    buffer = io.BytesIO()
    pcsv.write_csv(rows, buffer, pcsv.WriteOptions(include_header=False))
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as copy,
    ):
        copy.write(buffer.getbuffer())
    return rows.num_rows


def _has_control_characters(table: pa.Table) -> bool:
    """Whether a text cell holds a character JSON cannot carry raw; each column's distinct values searched
    (a national file's 838,000 counts per program hold 91,600 regions and a handful of other values)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return any(
        pc.any(pc.match_substring_regex(pc.unique(column), _CONTROL)).as_py()
        for column in table.columns
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
    )


def _same_in_every_row(table: pa.Table) -> tuple[pa.Table, dict[str, Any]]:
    """The columns whose rows vary, and the value of each column that holds one value in every row (the
    month of a file, the origin of its figures): sent once as a parameter, not unpacked from every row's
    JSON (a third less time for 605,000 figures). One column stays in the JSON, to count the rows."""
    import pyarrow.compute as pc

    same: dict[str, Any] = {}
    for name in table.column_names[1:]:
        column = table.column(name)
        if column.null_count == 0 and pc.count_distinct(column).as_py() == 1:
            same[name] = column[0].as_py()
    return table.drop_columns(list(same)), same


def _json_value(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Each value as JSON text: a string quoted (backslash and quote escaped), a number as written, null."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        escaped = pc.replace_substring(pc.replace_substring(column, "\\", "\\\\"), '"', '\\"')
        text = pc.binary_join_element_wise('"', escaped, '"', "")
    elif pa.types.is_integer(column.type):
        text = pc.cast(column, pa.string())
    else:
        raise TypeError(f"arrow_insert writes text and integer columns, not {column.type}")
    return pc.fill_null(text, "null")


def _json_insert(
    connection: Any,
    table: str,
    columns: str,
    rows: pa.Table,
    constants: list[Any],
    written: Callable[[int], None] | None,
) -> int:
    """A chunk as one JSON array of arrays, unpacked by SQLite's json_each in one INSERT … SELECT."""
    import pyarrow as pa
    import pyarrow.compute as pc

    picks = ", ".join([f"value ->> {i}" for i in range(rows.num_columns)] + ["%s"] * len(constants))
    sql = f"INSERT INTO {table} ({columns}) SELECT {picks} FROM json_each(%s)"  # noqa: S608
    done = 0
    with connection.cursor() as cursor:
        for start in range(0, rows.num_rows, CHUNK):
            part = rows.slice(start, CHUNK)
            parts: list[Any] = []
            for i, column in enumerate(part.columns):
                parts += ["," if i else "[", _json_value(column)]
            items = pc.binary_join_element_wise(*parts, "]", "").combine_chunks()
            whole = pa.ListArray.from_arrays(pa.array([0, len(items)], pa.int32()), items)
            cursor.execute(sql, [*constants, f"[{pc.binary_join(whole, ',')[0].as_py()}]"])
            done += part.num_rows
            if written is not None and done < rows.num_rows:
                written(done)
    return done
