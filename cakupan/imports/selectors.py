from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.imports.models import ImportBatch


def data_is_simulated() -> bool:
    """True while any stored figure comes from the simulated demo data."""
    return ImportBatch.objects.filter(simulated=True).exists()


def batch_list(user: Any, *, dataset: str | None = None) -> QuerySet[ImportBatch]:
    """Batches with rows for any region the user may see imports of."""
    where = access.scope(user, Cap.VIEW_IMPORTS)
    qs = ImportBatch.objects.select_related("uploaded_by")
    if where.is_empty:
        return qs.none()
    if not where.everything:
        through = ImportBatch.touched_regions.through
        qs = qs.filter(Exists(through.objects.filter(where.q("region"), importbatch=OuterRef("pk"))))
    if dataset:
        qs = qs.filter(dataset=dataset)
    return qs


def batch_get(user: Any, *, pk: int) -> ImportBatch | None:
    return batch_list(user).filter(pk=pk).first()
