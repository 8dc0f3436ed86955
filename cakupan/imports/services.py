"""Committing a validated file of any dataset: all of it in one transaction, or nothing. `import_commit`
creates the batch and its audit event and hands the rows to the dataset's store (`imports.stores`); the
figure datasets' store is here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import QuerySet

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.common.bulk import bulk_insert
from cakupan.imports import stores
from cakupan.imports.models import FigureChange, ImportBatch
from cakupan.imports.validation import ParsedRow, Validation
from cakupan.indicators.models import ParticipationFigure, Target, WorkforceFigure
from cakupan.indicators.services import periods_with_figures, rollup_refresh
from cakupan.indicators.signals import figures_changed
from cakupan.regions.scope import RegionScope

Progress = Callable[[str, int, int], None]
CHUNK = 5000


@dataclass(frozen=True)
class FigureStore:
    """How one figure dataset's rows map onto its figure table (a `stores.Store`)."""

    model: type[models.Model]
    when_field: str
    item_fields: tuple[str, ...]
    value_field: str

    def stored(self, whens: list[Any]) -> dict[tuple[str, str, tuple[str, ...]], Stored]:
        """The figures stored now for these months or years, by key."""
        columns = ("pk", "region_id", self.when_field, *self.item_fields, self.value_field, "batch_id")
        columns += ("source",) if self.has_source else ()
        found: dict[tuple[str, str, tuple[str, ...]], Stored] = {}
        items = len(self.item_fields)
        for start in range(0, len(whens), 500):
            qs = self.model._default_manager.filter(**{f"{self.when_field}__in": whens[start : start + 500]})
            for row in qs.values_list(*columns):
                pk, region, when, *rest = row
                key = (region, str(when), tuple(rest[:items]))
                source = rest[items + 2] if self.has_source else ""
                found[key] = Stored(pk, Decimal(rest[items]), rest[items + 1], source)
        return found

    @property
    def has_source(self) -> bool:
        return self.model is not ParticipationFigure

    @property
    def fields(self) -> tuple[str, ...]:
        extra = ("source",) if self.has_source else ()
        return ("region", self.when_field, *self.item_fields, self.value_field, "batch", *extra)

    def values(self, parsed: ParsedRow, batch_id: int) -> tuple[Any, ...]:
        """The row for `fields`, as the database stores it."""
        when: Any = int(parsed.when) if self.when_field == "year" else parsed.when
        extra = (parsed.source,) if self.has_source else ()
        return (parsed.region, when, *parsed.item, parsed.value, batch_id, *extra)

    # --- the `stores.Store` of a figure dataset ---

    @property
    def changes_template(self) -> str:
        return "imports/includes/figure_changes.html"

    @property
    def changes_figures(self) -> bool:
        return True

    @property
    def visible_with(self) -> str:
        return "any"

    def plan(self, validation: Validation) -> Plan:
        return _figures_plan(self, validation)

    def commit(
        self, validation: Validation, plan: Any, batch: ImportBatch, progress: Progress | None = None
    ) -> None:
        _figures_commit(self, validation, plan, batch, progress)

    def refresh(
        self, validation: Validation, plan: Any, batch: ImportBatch, progress: Progress | None = None
    ) -> None:
        _figures_refresh(self, validation, plan, progress)

    def view_scope(self, user: Any) -> RegionScope:
        return access.scope(user, Cap.VIEW_IMPORTS)

    def changes(self, batch: ImportBatch, scope: RegionScope) -> QuerySet[Any]:
        return batch.changes.filter(scope.q("region")).select_related("region").order_by("id")


class Stored(NamedTuple):
    pk: int
    value: Decimal
    batch_id: int
    source: str


@dataclass(frozen=True)
class Replacement:
    parsed: ParsedRow
    current: Stored  # the stored figure it replaces

    @property
    def old_value(self) -> Decimal:
        return self.current.value


@dataclass(frozen=True)
class Plan:
    new: list[ParsedRow]
    replaced: list[Replacement]
    unchanged: int

    @property
    def changes_anything(self) -> bool:
        return bool(self.new or self.replaced)

    @property
    def details(self) -> dict[str, int]:
        return {}


def import_plan(*, validation: Validation) -> Any:
    """What committing the file would change, compared with what is stored now (the dataset's plan)."""
    return stores.store_for(validation.dataset.name).plan(validation)


def _figures_plan(store: FigureStore, validation: Validation) -> Plan:
    whens: list[Any] = sorted(
        {int(r.when) if store.when_field == "year" else r.when for r in validation.rows}
    )
    existing = store.stored(whens)
    new: list[ParsedRow] = []
    replaced: list[Replacement] = []
    unchanged = 0
    for parsed in validation.rows:
        current = existing.get((parsed.region, parsed.when, parsed.item))
        if current is None:
            new.append(parsed)
            continue
        if current.value == Decimal(parsed.value) and current.source == parsed.source:
            unchanged += 1
        else:
            replaced.append(Replacement(parsed, current))
    return Plan(new=new, replaced=replaced, unchanged=unchanged)


@transaction.atomic
def import_commit(
    *,
    validation: Validation,
    by: User | None,
    actor: str = "",
    source: str,
    simulated: bool = False,
    progress: Progress | None = None,
    plan: Any = None,
) -> tuple[ImportBatch | None, Any]:
    """Store a valid file or entry of any dataset. Returns (batch, plan); the batch is None when nothing
    would change. `plan`, when given, was made in the caller's transaction.

    Everything (the batch, its audit event, the rows and what they replace, the rollup or the findings
    refreshed) is written in this one transaction, so a crash or a kill at any moment leaves the
    database as it was before.
    """
    if not validation.ok:
        raise ValueError("refusing to commit a file with problems")
    store = stores.store_for(validation.dataset.name)
    plan = plan if plan is not None else store.plan(validation)
    if not plan.changes_anything:
        return None, plan
    batch = ImportBatch.objects.create(
        dataset=validation.dataset.name,
        file_name=validation.file_name[:255],
        sha256=validation.sha256,
        size_bytes=validation.size,
        uploaded_by=by,
        actor=(actor or (by.get_username() if by is not None else source))[:150],
        source=source,
        rows=len(validation.rows),
        new_figures=len(plan.new),
        replaced_figures=len(plan.replaced),
        unchanged_figures=plan.unchanged,
        periods=validation.periods,
        regions=validation.regions,
        simulated=simulated,
        details=dict(plan.details) | validation.region_details,
    )
    # --- audit trail (cakupan.audit): one event for the whole batch, in this transaction. The rows the
    # store writes are bulk writes without events of their own; the store keeps every replaced value. ---
    from cakupan.audit.services import audit_import_batch

    audit_import_batch(batch=batch, by=by)
    # --- end audit trail ---
    through = ImportBatch.touched_regions.through
    regions = sorted({row.region for row in validation.rows})
    bulk_insert(through, ("importbatch", "region"), ((batch.pk, code) for code in regions))
    store.commit(validation, plan, batch, progress)
    store.refresh(validation, plan, batch, progress)
    if store.changes_figures:
        # After the commit only, and never failing the import that has been stored (robust).
        transaction.on_commit(lambda: figures_changed.send(sender=ImportBatch, batch=batch), robust=True)
    return batch, plan


def _figures_commit(
    store: FigureStore, validation: Validation, plan: Plan, batch: ImportBatch, progress: Progress | None
) -> None:
    old_ids = [r.current.pk for r in plan.replaced]
    for start in range(0, len(old_ids), CHUNK):
        store.model.objects.filter(pk__in=old_ids[start : start + CHUNK]).delete()  # type: ignore[attr-defined]
    bulk_insert(
        FigureChange,
        ("batch", "dataset", "region", "when", "item", "old_value", "new_value", "old_batch"),
        (
            (
                batch.pk,
                validation.dataset.name,
                r.parsed.region,
                r.parsed.when,
                "/".join(r.parsed.item),
                r.old_value,
                Decimal(r.parsed.value),
                r.current.batch_id,
            )
            for r in plan.replaced
        ),
    )
    to_write = plan.new + [r.parsed for r in plan.replaced]
    for start in range(0, len(to_write), CHUNK):
        chunk = to_write[start : start + CHUNK]
        bulk_insert(store.model, store.fields, (store.values(parsed, batch.pk) for parsed in chunk))
        if progress:
            progress("write", start + len(chunk), len(to_write))


def _figures_refresh(
    store: FigureStore, validation: Validation, plan: Plan, progress: Progress | None
) -> None:
    if store.when_field != "period":
        return
    touched = sorted({p.when for p in plan.new} | {r.parsed.when for r in plan.replaced})
    months = (
        periods_with_figures(since=touched[0]) if validation.dataset.name == "workforce" else set(touched)
    )
    if progress:
        progress("rollup", 0, len(months))
    rollup_refresh(months=months)


STORES: dict[str, FigureStore] = {
    "workforce": FigureStore(WorkforceFigure, "period", ("sector",), "workers"),
    "participation": FigureStore(ParticipationFigure, "period", ("segment", "status"), "participants"),
    "targets": FigureStore(Target, "year", ("indicator",), "value"),
}
for _name, _store in STORES.items():
    stores.register_store(_name, _store)
