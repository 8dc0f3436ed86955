"""Committing a validated file: all of it in one transaction, or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction

from cakupan.imports.models import FigureChange, ImportBatch
from cakupan.imports.validation import ParsedRow, Validation
from cakupan.indicators.models import ParticipationFigure, Target, WorkforceFigure
from cakupan.indicators.services import periods_with_figures, rollup_refresh

Progress = Callable[[str, int, int], None]
CHUNK = 5000


@dataclass(frozen=True)
class Store:
    """How one dataset's rows map onto its figure table."""

    model: type[models.Model]
    when_field: str
    item_fields: tuple[str, ...]
    value_field: str

    def key_of(self, row: Any) -> tuple[str, str, tuple[str, ...]]:
        return (
            row.region_id,
            str(getattr(row, self.when_field)),
            tuple(getattr(row, f) for f in self.item_fields),
        )

    def build(self, parsed: ParsedRow, batch: ImportBatch) -> models.Model:
        fields: dict[str, Any] = {"region_id": parsed.region, "batch": batch, self.value_field: parsed.value}
        fields[self.when_field] = int(parsed.when) if self.when_field == "year" else parsed.when
        fields.update(zip(self.item_fields, parsed.item, strict=True))
        if self.model is not ParticipationFigure:
            fields["source"] = parsed.source
        return self.model(**fields)


STORES: dict[str, Store] = {
    "workforce": Store(WorkforceFigure, "period", ("sector",), "workers"),
    "participation": Store(ParticipationFigure, "period", ("segment", "status"), "participants"),
    "targets": Store(Target, "year", ("indicator",), "value"),
}


@dataclass(frozen=True)
class Replacement:
    parsed: ParsedRow
    current: Any  # the stored row it replaces
    old_value: Decimal


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
    existing: dict[tuple[str, str, tuple[str, ...]], Any] = {}
    for start in range(0, len(whens), 500):
        qs = store.model.objects.filter(**{f"{store.when_field}__in": whens[start : start + 500]})  # type: ignore[attr-defined]
        for row in qs:
            existing[store.key_of(row)] = row
    new: list[ParsedRow] = []
    replaced: list[Replacement] = []
    unchanged = 0
    for parsed in validation.rows:
        current = existing.get((parsed.region, parsed.when, parsed.item))
        if current is None:
            new.append(parsed)
            continue
        old_value = Decimal(getattr(current, store.value_field))
        if old_value == Decimal(parsed.value) and (
            store.model is ParticipationFigure or current.source == parsed.source
        ):
            unchanged += 1
        else:
            replaced.append(Replacement(parsed, current, old_value))
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
    old_ids = [r.current.pk for r in plan.replaced]
    for start in range(0, len(old_ids), CHUNK):
        store.model.objects.filter(pk__in=old_ids[start : start + CHUNK]).delete()  # type: ignore[attr-defined]
    FigureChange.objects.bulk_create(
        (
            FigureChange(
                batch=batch,
                dataset=validation.dataset.name,
                region_id=r.parsed.region,
                when=r.parsed.when,
                item="/".join(r.parsed.item),
                old_value=r.old_value,
                new_value=Decimal(r.parsed.value),
                old_batch_id=r.current.batch_id,
            )
            for r in plan.replaced
        ),
        batch_size=CHUNK,
    )
    to_write = plan.new + [r.parsed for r in plan.replaced]
    for start in range(0, len(to_write), CHUNK):
        chunk = [store.build(parsed, batch) for parsed in to_write[start : start + CHUNK]]
        store.model.objects.bulk_create(chunk, batch_size=CHUNK)  # type: ignore[attr-defined]
        if progress:
            progress("write", min(start + CHUNK, len(to_write)), len(to_write))
    if store.when_field == "period":
        touched = sorted({p.when for p in to_write})
        months = (
            periods_with_figures(since=touched[0]) if validation.dataset.name == "workforce" else set(touched)
        )
        if progress:
            progress("rollup", 0, len(months))
        rollup_refresh(months=months)
    return batch, plan
