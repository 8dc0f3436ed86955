from __future__ import annotations

from django.db.models import QuerySet

from cakupan.imports.models import ImportBatch


def data_is_simulated() -> bool:
    """True while any stored figure comes from the simulated demo data."""
    return ImportBatch.objects.filter(simulated=True).exists()


def batch_list(*, dataset: str | None = None) -> QuerySet[ImportBatch]:
    qs = ImportBatch.objects.select_related("uploaded_by")
    if dataset:
        qs = qs.filter(dataset=dataset)
    return qs


def batch_latest_per_dataset() -> dict[str, ImportBatch]:
    latest: dict[str, ImportBatch] = {}
    for batch in ImportBatch.objects.order_by("dataset", "-created_at", "-id"):
        latest.setdefault(batch.dataset, batch)
    return latest
