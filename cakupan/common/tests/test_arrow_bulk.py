"""`arrow_insert` writes an Arrow table's rows as `bulk_insert` writes tuples: every value as given, the
constants on every row, a NIK in free text refused before anything is written, on both databases."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from cakupan.common.arrow_bulk import CHUNK, arrow_insert
from cakupan.imports.models import ImportBatch
from cakupan.indicators.models import WorkforceFigure

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(personas: Any) -> ImportBatch:
    counts = dict.fromkeys(("size_bytes", "rows", "new_figures", "replaced_figures", "unchanged_figures"), 1)
    return ImportBatch.objects.create(
        dataset="workforce", file_name="w.csv", sha256="0" * 64, source="cli", actor="x", regions=1, **counts
    )


def _table(rows: list[tuple[str, str, str, int, str]]) -> pa.Table:
    region, period, sector, workers, source = (list(c) for c in zip(*rows, strict=True))
    return pa.table(
        {
            "region": region,
            "period": period,
            "sector": sector,
            "workers": pa.array(workers, pa.int64()),
            "source": source,
        }
    )


def _stored() -> list[tuple[Any, ...]]:
    return list(
        WorkforceFigure.objects.order_by("id").values_list(
            "region_id", "period", "sector", "workers", "source", "batch_id"
        )
    )


def test_every_row_is_written_with_its_values_and_the_constants(batch: ImportBatch) -> None:
    rows = [
        ("53.01", "2024-06", "total", 10, 'BPS "Sakernas" \\ 2024'),
        ("53.71", "2024-06", "formal", 0, ""),
        ("52.01", "2024-07", "informal", 123456789012, "Disnaker, telp 0812 3456 7890"),
    ]
    assert arrow_insert(WorkforceFigure, _table(rows), constants={"batch": batch.pk}) == 3
    assert _stored() == [(*row, batch.pk) for row in rows]


def test_rows_over_several_chunks_are_all_written_in_their_order(batch: ImportBatch) -> None:
    rows = [
        (code, f"{year}-{month:02d}", "total", year * 100 + month, "BPS")
        for code in ("53.01", "53.71")
        for year in range(1000, 1000 + CHUNK // 20)
        for month in range(1, 13)
    ]
    assert len(rows) > CHUNK
    assert arrow_insert(WorkforceFigure, _table(rows), constants={"batch": batch.pk}) == len(rows)
    assert _stored() == [(*row, batch.pk) for row in rows]


def test_a_value_with_a_control_character_is_written_as_given(batch: ImportBatch) -> None:
    rows = [("53.01", "2024-06", "total", 10, "BPS\tSakernas")]
    arrow_insert(WorkforceFigure, _table(rows), constants={"batch": batch.pk})
    assert _stored() == [(*rows[0], batch.pk)]


def test_a_nik_in_free_text_is_refused_and_no_row_is_written(batch: ImportBatch) -> None:
    rows = [
        ("53.01", "2024-06", "total", 10, "BPS Sakernas"),
        ("53.71", "2024-06", "total", 10, "Disnaker, NIK 3201 2345 0190 0001"),
    ]
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        arrow_insert(WorkforceFigure, _table(rows), constants={"batch": batch.pk})
    assert "source" in caught.value.message_dict
    assert not WorkforceFigure.objects.exists()


def test_a_nik_in_a_constant_is_refused(batch: ImportBatch) -> None:
    rows = [("53.01", "2024-06", "total", 10, "")]
    table = _table(rows).drop_columns(["source"])
    with pytest.raises(ValidationError), transaction.atomic():
        arrow_insert(WorkforceFigure, table, constants={"batch": batch.pk, "source": "3201234501900001"})
    assert not WorkforceFigure.objects.exists()


def test_an_empty_table_writes_nothing(batch: ImportBatch) -> None:
    assert arrow_insert(WorkforceFigure, _table([("53.01", "2024-06", "total", 1, "")]).slice(0, 0)) == 0
    assert not WorkforceFigure.objects.exists()


def test_how_far_the_write_is_is_told_after_each_chunk_and_at_the_end(batch: ImportBatch) -> None:
    rows = [
        (code, f"{year}-{month:02d}", "total", year, "")
        for code in ("53.01", "53.71", "52.01")
        for year in range(1000, 1000 + CHUNK // 24)
        for month in range(1, 13)
    ]
    assert len(rows) > CHUNK
    told: list[int] = []
    arrow_insert(WorkforceFigure, _table(rows), constants={"batch": batch.pk}, written=told.append)
    assert told == sorted(told) and told[-1] == len(rows) and len(set(told)) == len(told)


def test_a_column_of_one_value_in_every_row_is_written_to_every_row(batch: ImportBatch) -> None:
    """On SQLite such a column (the month of a file) travels once, as a parameter; the rows are the same."""
    rows = [
        ("53.01", "2024-06", "total", 7, "BPS"),
        ("53.71", "2024-06", "total", 7, "BPS"),
        ("52.01", "2024-06", "total", 7, "BPS"),
    ]
    assert arrow_insert(WorkforceFigure, _table(rows), constants={"batch": batch.pk}) == 3
    one = ("11.01", "2024-07", "formal", 3, "Disnaker")
    assert arrow_insert(WorkforceFigure, _table([one]), constants={"batch": batch.pk}) == 1
    assert _stored() == [(*row, batch.pk) for row in [*rows, one]]
