from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.imports import registry
from cakupan.imports.models import ImportBatch
from cakupan.regions.scope import RegionScope


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


def latest_batches_for_region(code: str) -> list[ImportBatch]:
    """The most recent import of each dataset with rows for the region or any region within it: where
    a report's figures come from. Says what and when, not who (reports are read beyond the importers)."""
    from cakupan.regions.codes import NATIONAL

    qs = ImportBatch.objects.all()
    if code != NATIONAL:
        through = ImportBatch.touched_regions.through
        within = through.objects.filter(importbatch=OuterRef("pk")).filter(
            Q(region__code=code) | Q(region__code__startswith=f"{code}.")
        )
        qs = qs.filter(Exists(within))
    datasets = sorted(set(qs.values_list("dataset", flat=True)))
    found = (qs.filter(dataset=d).order_by("-created_at", "-id").first() for d in datasets)
    return [batch for batch in found if batch is not None]


def import_scope(user: Any, dataset_name: str) -> RegionScope:
    """The regions the user may import a dataset for: the union over the capabilities that import it."""
    dataset = registry.get(dataset_name)
    scopes = [access.scope(user, cap) for cap in dataset.capabilities]
    result = scopes[0]
    for other in scopes[1:]:
        result = result.union(other)
    return result


def importable_datasets(user: Any, names: Iterable[str] | None = None) -> list[str]:
    """The datasets (of `names`, in their order; default every registered one) the user may import."""
    return [n for n in (registry.names() if names is None else names) if not import_scope(user, n).is_empty]
