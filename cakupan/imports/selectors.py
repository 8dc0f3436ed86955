from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.common.api_shapes import figure
from cakupan.imports import registry, stores
from cakupan.imports.models import ImportBatch
from cakupan.imports.templatetags.import_format import item_label
from cakupan.regions.scope import RegionScope

# Datasets whose files a report never names as its sources.
PRIVATE_SOURCES = ("employers",)


def data_is_simulated() -> bool:
    """True while any stored figure comes from the simulated demo data."""
    return ImportBatch.objects.filter(simulated=True).exists()


def _seen_by_all_regions() -> list[str]:
    """Datasets whose batches are seen by their sender and by who sees every one of their regions."""
    return [n for n in stores.stored_datasets() if stores.store_for(n).visible_with == "all"]


def batch_list(user: Any, *, dataset: str | None = None) -> QuerySet[ImportBatch]:
    """Batches of the figure datasets with rows for any region the user may see imports of. (Monev and
    employers batches are listed by their own pages, to whom sees every region of theirs.)"""
    where = access.scope(user, Cap.VIEW_IMPORTS)
    qs = ImportBatch.objects.select_related("uploaded_by").exclude(dataset__in=_seen_by_all_regions())
    if where.is_empty:
        return qs.none()
    if not where.everything:
        through = ImportBatch.touched_regions.through
        qs = qs.filter(Exists(through.objects.filter(where.q("region"), importbatch=OuterRef("pk"))))
    if dataset:
        qs = qs.filter(dataset=dataset)
    return qs


def batch_get(user: Any, *, pk: int) -> ImportBatch | None:
    """The batch, when the user may see it: as each dataset decides (its store's `visible_with`)."""
    batch = ImportBatch.objects.select_related("uploaded_by").filter(pk=pk).first()
    if batch is None or not batch_visible(user, batch):
        return None
    return batch


def batch_legacy_get(user: Any, *, kind: str, legacy_id: int) -> ImportBatch | None:
    """A batch recorded before every dataset shared ImportBatch, by its old model and id, when the user
    may see it."""
    batch = ImportBatch.objects.filter(legacy_kind=kind, legacy_id=legacy_id).first()
    return batch if batch is not None and batch_visible(user, batch) else None


def _store(dataset: str) -> stores.Store | None:
    try:
        return stores.store_for(dataset)
    except KeyError:
        return None


def batch_visible(user: Any, batch: ImportBatch) -> bool:
    store = _store(batch.dataset)
    if store is None or store.visible_with == "any":
        return batch_list(user).filter(pk=batch.pk).exists()
    if batch.uploaded_by_id is not None and batch.uploaded_by_id == getattr(user, "pk", None):
        return True
    codes = list(
        ImportBatch.touched_regions.through.objects.filter(importbatch=batch).values_list(
            "region_id", flat=True
        )
    )
    return bool(codes) and store.view_scope(user).covers_all(codes)


def batch_read(user: Any, *, pk: int) -> ImportBatch:
    """The batch for its page or API answer: PermissionDenied when the user sees no batch of its dataset
    (nor sent it), Http404 when it is not there for them."""
    found = ImportBatch.objects.filter(pk=pk).values_list("dataset", "uploaded_by_id").first()
    if found is None:
        if not access.can(user, Cap.VIEW_IMPORTS):
            raise PermissionDenied
        raise Http404
    dataset, sender = found
    if (sender is None or sender != getattr(user, "pk", None)) and not batch_may_look(user, dataset):
        raise PermissionDenied
    batch = batch_get(user, pk=pk)
    if batch is None:
        raise Http404
    return batch


def batch_rows_scope(user: Any, batch: ImportBatch) -> RegionScope:
    """The regions whose rows of the batch the user may see (the dataset's own rule)."""
    store = _store(batch.dataset)
    return store.view_scope(user) if store is not None else access.scope(user, Cap.VIEW_IMPORTS)


def batch_may_look(user: Any, dataset: str) -> bool:
    """Whether the user sees batches of this dataset anywhere (else a batch page is forbidden)."""
    store = _store(dataset)
    if store is None or store.visible_with == "any":
        return access.can(user, Cap.VIEW_IMPORTS)
    return not store.view_scope(user).is_empty


def batch_region_codes(user: Any, batch: ImportBatch) -> list[list[str]]:
    """The batch's codes read as other codes (as written, system, stored), of the regions the reader may
    see imports of."""
    scope = access.scope(user, Cap.VIEW_IMPORTS)
    return [row for row in (batch.details or {}).get("region_codes", []) if scope.covers(row[2])]


def batch_changes(user: Any, batch: ImportBatch) -> QuerySet[Any]:
    """What the batch replaced, in the regions the user may see rows of; none for an unknown dataset."""
    store = _store(batch.dataset)
    if store is None:
        return batch.changes.none()
    return store.changes(batch, batch_rows_scope(user, batch))


@dataclass(frozen=True)
class InYourRegions:
    """The part of a batch inside the reader's regions, beside its totals: "2 regions, of which 1 in your
    regions". A reader who sees every region of the batch gets no such part (None)."""

    regions: int
    replaced: int


def batch_in_your_regions(user: Any, batch: ImportBatch) -> InYourRegions | None:
    scope = batch_rows_scope(user, batch)
    if scope.everything:
        return None
    through = ImportBatch.touched_regions.through
    codes = list(through.objects.filter(importbatch=batch).values_list("region_id", flat=True))
    if scope.covers_all(codes):
        return None
    return InYourRegions(
        regions=sum(1 for code in codes if scope.covers(code)), replaced=batch_changes(user, batch).count()
    )


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


@dataclass(frozen=True)
class ReplacedFigure:
    """A figure a file would replace, with the file it was stored by: its batch, file name and, for
    participation figures, whether a participant file's rollup made it."""

    replacement: Any
    batch_id: int
    file_name: str
    from_participants: bool


def replaced_figures(user: Any, plan: Any, *, limit: int = 200) -> list[ReplacedFigure]:
    """The first `limit` figures of a preview's plan that replace stored ones, each naming the file that
    stored it: the user is previewing a file of their own regions, so every replaced figure is theirs."""
    replaced = list(getattr(plan, "replaced", ()) or ())[:limit]
    batch_ids = {r.current.batch_id for r in replaced}
    names = dict(ImportBatch.objects.filter(pk__in=batch_ids).values_list("pk", "file_name"))
    return [
        ReplacedFigure(
            replacement=r,
            batch_id=r.current.batch_id,
            file_name=names.get(r.current.batch_id, ""),
            from_participants=str(r.current.source).startswith("participants:"),
        )
        for r in replaced
    ]


def replaced_figure_rows(user: Any, plan: Any, *, dataset: str) -> list[dict[str, Any]]:
    """replaced_figures as the API and `cakupan import --dry-run --json` give them: each figure's row, key,
    old and new value, and the file that stored the old one."""
    participation = dataset == "participation"
    return [
        {
            "row": f.replacement.parsed.row,
            "region_code": f.replacement.parsed.region,
            "when": str(f.replacement.parsed.when),
            "item": "/".join(f.replacement.parsed.item),
            "item_label": item_label(f.replacement.parsed.item),
            "old_value": figure(f.replacement.old_value),
            "new_value": figure(f.replacement.parsed.value),
            "old_batch_id": f.batch_id,
            "old_file_name": f.file_name,
            "old_origin": ("participants" if f.from_participants else "aggregate")
            if participation
            else "file",
        }
        for f in replaced_figures(user, plan)
    ]
