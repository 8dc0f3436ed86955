"""Bulk writes send no signals: `bulk_insert` refuses a NIK in free text itself, on both databases."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from cakupan.common.bulk import CHUNK, bulk_insert
from cakupan.imports.models import ImportBatch
from cakupan.indicators.models import WorkforceFigure

pytestmark = pytest.mark.django_db

FIELDS = ("region", "period", "sector", "workers", "source", "batch")


@pytest.fixture
def batch(personas: Any) -> ImportBatch:
    counts = dict.fromkeys(("size_bytes", "rows", "new_figures", "replaced_figures", "unchanged_figures"), 1)
    return ImportBatch.objects.create(
        dataset="workforce", file_name="w.csv", sha256="0" * 64, source="cli", actor="x", regions=1, **counts
    )


def test_a_nik_in_free_text_is_refused_and_no_row_of_the_write_is_kept(batch: ImportBatch) -> None:
    rows = [
        ("53.01", "2024-06", "total", 10, "BPS Sakernas", batch.pk),
        ("53.71", "2024-06", "total", 10, "Disnaker, NIK 3201 2345 0190 0001", batch.pk),
    ]
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        bulk_insert(WorkforceFigure, FIELDS, rows)
    assert "source" in caught.value.message_dict
    assert not WorkforceFigure.objects.exists()


def test_rows_over_several_chunks_without_a_nik_are_all_written(batch: ImportBatch) -> None:
    rows = [
        (code, f"{year}-{month:02d}", sector, 10, "NPP 12345678 2024-06-30, telp 0812 3456 7890", batch.pk)
        for code in ("53.01", "53.71", "52.01", "52.71")
        for year in range(1000, 1000 + CHUNK // 40)
        for month in range(1, 13)
        for sector in ("total", "formal", "informal")
    ]
    assert len(rows) > CHUNK
    assert bulk_insert(WorkforceFigure, FIELDS, rows) == len(rows) == WorkforceFigure.objects.count()
