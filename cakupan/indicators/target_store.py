"""How the `targets` dataset stores into the one register of targets and commitments (`indicators.Target`,
docs/adr/0006). Like the other figures: a file whole or not at all, a repeated row unchanged, a replaced
value kept in `imports.FigureChange` with the batch that wrote it. Unlike them, a revised target keeps its
row (its id, owner, Monev source and audit trail), and only the yearly targets (those of the dataset, with
a batch) are compared with the file: a commitment agreed at a meeting for the same region, year and
indicator is another row, never replaced by a file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from cakupan.common.bulk import bulk_insert
from cakupan.imports import stores
from cakupan.imports.models import ImportBatch
from cakupan.imports.stores import Progress
from cakupan.imports.validation import ParsedRow, Validation
from cakupan.indicators.figure_store import FigureStore, Plan, Stored, figure_changes_record
from cakupan.indicators.models import Target


@dataclass(frozen=True)
class TargetStore(FigureStore):
    def stored(self, whens: list[Any]) -> dict[tuple[str, str, tuple[str, ...]], Stored]:
        """The yearly targets stored now for these years, by key (commitments of meetings left out)."""
        found: dict[tuple[str, str, tuple[str, ...]], Stored] = {}
        columns = ("pk", "region_id", "year", "indicator", "value", "batch_id", "source")
        for start in range(0, len(whens), 500):
            rows = Target.objects.yearly().filter(year__in=whens[start : start + 500]).values_list(*columns)
            for pk, region, year, indicator, value, batch_id, source in rows:
                found[(region, str(year), (indicator,))] = Stored(pk, Decimal(value), batch_id, source)
        return found

    @property
    def fields(self) -> tuple[str, ...]:
        return ("region", "year", "indicator", "value", "deadline", "batch", "source")

    def values(self, parsed: ParsedRow, batch_id: int) -> tuple[Any, ...]:
        """A new target's row: its deadline the end of its year."""
        year = int(parsed.when)
        return (parsed.region, year, *parsed.item, parsed.value, date(year, 12, 31), batch_id, parsed.source)

    def commit(
        self, validation: Validation, plan: Any, batch: ImportBatch, progress: Progress | None = None
    ) -> None:
        assert isinstance(plan, Plan)
        figure_changes_record(validation=validation, plan=plan, batch=batch)
        revised = [
            Target(pk=r.current.pk, value=Decimal(r.parsed.value), source=r.parsed.source, batch_id=batch.pk)
            for r in plan.replaced
        ]
        Target.objects.bulk_update(revised, ["value", "source", "batch"], batch_size=500)
        by = batch.uploaded_by_id
        bulk_insert(Target, (*self.fields, "created_by"), ((*self.values(p, batch.pk), by) for p in plan.new))
        if progress:
            progress("write", len(plan.new) + len(plan.replaced), len(plan.new) + len(plan.replaced))


TARGET_STORE = stores.register_store("targets", TargetStore(Target, "year", ("indicator",), "value"))
