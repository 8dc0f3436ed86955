"""Committing a validated file: all of it in one transaction, or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from django.contrib.auth.models import User
from django.db import models, transaction

from cakupan.common.bulk import bulk_insert
from cakupan.imports.models import FigureChange, ImportBatch
from cakupan.imports.validation import ParsedRow, Validation
from cakupan.indicators.models import ParticipationFigure, Target, WorkforceFigure
from cakupan.indicators.services import periods_with_figures, rollup_refresh
from cakupan.indicators.signals import figures_changed

Progress = Callable[[str, int, int], None]
CHUNK = 5000


@dataclass(frozen=True)
class Store:
    """How one dataset's rows map onto its figure table."""

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


STORES: dict[str, Store] = {
    "workforce": Store(WorkforceFigure, "period", ("sector",), "workers"),
    "participation": Store(ParticipationFigure, "period", ("segment", "status"), "participants"),
    "targets": Store(Target, "year", ("indicator",), "value"),
}


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


def import_plan(*, validation: Validation) -> Plan:
    """What committing the file would change, compared with the figures stored now."""
    store = STORES[validation.dataset.name]
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
) -> tuple[ImportBatch | None, Plan]:
    """Store a valid file. Returns (batch, plan); the batch is None when nothing would change.

    Everything (figures, history, rollups, the batch record) is written in this one transaction, so a
    crash or a kill at any moment leaves the database as it was before.
    """
    if not validation.ok:
        raise ValueError("refusing to commit a file with problems")
    plan = import_plan(validation=validation)
    if not plan.changes_anything:
        return None, plan
    store = STORES[validation.dataset.name]
    batch = ImportBatch.objects.create(
        dataset=validation.dataset.name,
        file_name=validation.file_name,
        sha256=validation.sha256,
        size_bytes=validation.size,
        uploaded_by=by,
        actor=actor or (by.get_username() if by is not None else source),
        source=source,
        rows=len(validation.rows),
        new_figures=len(plan.new),
        replaced_figures=len(plan.replaced),
        unchanged_figures=plan.unchanged,
        periods=validation.periods,
        regions=validation.regions,
        simulated=simulated,
    )
    # --- audit trail (cakupan.audit): one event for the whole batch, in this transaction. The figures
    # below are bulk writes without events of their own; FigureChange keeps every replaced value. ---
    from cakupan.audit.services import audit_import_batch

    audit_import_batch(batch=batch, by=by)
    # --- end audit trail ---
    through = ImportBatch.touched_regions.through
    bulk_insert(
        through,
        ("importbatch", "region"),
        ((batch.pk, code) for code in sorted({r.region for r in validation.rows})),
    )
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
    if store.when_field == "period":
        touched = sorted({p.when for p in to_write})
        months = (
            periods_with_figures(since=touched[0]) if validation.dataset.name == "workforce" else set(touched)
        )
        if progress:
            progress("rollup", 0, len(months))
        rollup_refresh(months=months)
    # After the commit only, and never failing the import that has been stored (robust).
    transaction.on_commit(lambda: figures_changed.send(sender=ImportBatch, batch=batch), robust=True)
    return batch, plan
