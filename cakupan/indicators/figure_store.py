"""The store of the figure datasets (`imports.stores`): how a workforce or participation file's rows are
compared with the figures stored now, written in the import's one transaction, and rolled up. Registered
from `IndicatorsConfig.ready()`; the figures are the indicators' tables, so their store lives here, above
`imports`, which knows stores only through its registry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import models
from django.db.models import QuerySet

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.common.arrow_bulk import arrow_insert
from cakupan.common.bulk import bulk_insert
from cakupan.core.codes import NATIONAL, parent_of
from cakupan.imports import stores
from cakupan.imports.arrow_rows import whens_of
from cakupan.imports.models import FigureChange, ImportBatch
from cakupan.imports.stores import Progress
from cakupan.imports.validation import ParsedRow, Validation
from cakupan.indicators.models import (
    FigureOrigin,
    ParticipantsComplete,
    ParticipationFigure,
    ParticipationRemoval,
    RegionMonth,
    WorkforceFigure,
)
from cakupan.indicators.services import periods_with_figures, rollup_refresh
from cakupan.regions.scope import RegionScope

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

    @property
    def planner_columns(self) -> dict[type[models.Model], tuple[str, ...]]:
        """The columns the pages select this dataset's figures and their rollup by (refreshed on PostgreSQL
        after a large import, `common.planner`)."""
        return {self.model: ("region_id", self.when_field), RegionMonth: ("region_id", "period")}

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
class Removal:
    """A stored figure a participant file removes: in an area it is authoritative for, not repeated."""

    region: str
    when: str
    item: tuple[str, ...]
    current: Stored


@dataclass(frozen=True)
class Plan:
    new: Sequence[ParsedRow]  # a participant file's: `ArrowRows`
    replaced: list[Replacement]
    unchanged: int
    # A participant file's plan only: what it removes, and the regions × months it declares complete.
    removed: list[Removal] = field(default_factory=list)
    complete: list[tuple[str, str]] = field(default_factory=list)
    complete_changes: int = 0
    # The new and replaced rows as an Arrow table of the model's fields, when an engine computed them (a
    # participant file's rollup): written from it, without a Python row each.
    written: Any = None

    @property
    def changes_anything(self) -> bool:
        return bool(self.new or self.replaced or self.removed or self.complete_changes)

    @property
    def details(self) -> dict[str, int]:
        if not (self.removed or self.complete):
            return {}
        return {"removed_figures": len(self.removed), "complete_regions": len(self.complete)}


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


def figure_changes_record(*, validation: Validation, plan: Plan, batch: ImportBatch) -> None:
    """What each figure the batch replaces was (value and batch), kept for the batch page, the API and the
    region's history: part of the import's one transaction."""
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


def _figures_commit(
    store: FigureStore, validation: Validation, plan: Plan, batch: ImportBatch, progress: Progress | None
) -> None:
    old_ids = [r.current.pk for r in plan.replaced]
    for start in range(0, len(old_ids), CHUNK):
        store.model.objects.filter(pk__in=old_ids[start : start + CHUNK]).delete()  # type: ignore[attr-defined]
    figure_changes_record(validation=validation, plan=plan, batch=batch)
    if plan.written is not None:
        total = plan.written.num_rows
        if progress:
            progress("write", 0, total)
        arrow_insert(
            store.model,
            plan.written,
            constants={"batch": batch.pk},
            written=(lambda done: progress("write", done, total)) if progress else None,
        )
        return
    to_write = [*plan.new, *(r.parsed for r in plan.replaced)]
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
    touched = sorted(
        whens_of(plan.new)
        | {r.parsed.when for r in plan.replaced}
        | {r.when for r in getattr(plan, "removed", ())}
        | {month for _code, month in getattr(plan, "complete", ())}
    )
    if not touched:
        return
    months = (
        periods_with_figures(since=touched[0]) if validation.dataset.name == "workforce" else set(touched)
    )
    if progress:
        progress("rollup", 0, len(months))
    rollup_refresh(months=months)


def origin_label(covered_by: str | None) -> str:
    """How a participation figure's origin travels in `ParsedRow.source` and `Stored.source`: "" for an
    aggregate file, "participants:" and the covered region (blank: only its villages) for a participant
    file's rollup."""
    return "" if covered_by is None else f"participants:{covered_by}"


def _origin_fields(label: str) -> tuple[str, str]:
    if not label:
        return FigureOrigin.AGGREGATE, ""
    return FigureOrigin.PARTICIPANTS, label.split(":", 1)[1]


def covering(code: str, covers: tuple[str, ...]) -> str | None:
    """The most specific region of `covers` that `code` lies in (itself or below it); None outside all."""
    inside = [c for c in covers if c == NATIONAL or code == c or code.startswith(c + ".")]
    return max(inside, key=len) if inside else None


@dataclass(frozen=True)
class Coverage:
    """What a participant file is authoritative for (data contract v2, participants): the villages (or
    codes) its rows are keyed by, and the regions declared complete, in the file's months."""

    covers: tuple[str, ...]
    leaves: frozenset[str]
    months: tuple[str, ...]

    def in_area(self, code: str) -> bool:
        return code in self.leaves or covering(code, self.covers) is not None

    def above_area(self) -> set[str]:
        """The regions above the area (their participant-made figures become derived)."""
        found: set[str] = set()
        for code in (*self.leaves, *self.covers):
            parent = parent_of(code)
            while parent is not None and parent not in found:
                found.add(parent)
                parent = parent_of(parent)
        return {code for code in found if not self.in_area(code)}


@dataclass(frozen=True)
class ParticipationStore(FigureStore):
    """Participation figures keep their origin; a participant file's plan also removes what its area no
    longer holds and records the regions it declares complete."""

    @property
    def has_source(self) -> bool:
        return True  # the origin label, compared like a source

    @property
    def fields(self) -> tuple[str, ...]:
        return ("region", "period", "segment", "status", "participants", "batch", "origin", "covered_by")

    def values(self, parsed: ParsedRow, batch_id: int) -> tuple[Any, ...]:
        return (
            parsed.region,
            parsed.when,
            *parsed.item,
            parsed.value,
            batch_id,
            *_origin_fields(parsed.source),
        )

    def stored(self, whens: list[Any]) -> dict[tuple[str, str, tuple[str, ...]], Stored]:
        found: dict[tuple[str, str, tuple[str, ...]], Stored] = {}
        columns = ("pk", "region_id", "period", "segment", "status", "participants", "batch_id")
        for start in range(0, len(whens), 500):
            qs = ParticipationFigure.objects.filter(period__in=whens[start : start + 500])
            for pk, region, period, segment, status, value, batch_id, origin, covered in qs.values_list(
                *columns, "origin", "covered_by"
            ):
                label = origin_label(covered if origin == FigureOrigin.PARTICIPANTS else None)
                found[(region, period, (segment, status))] = Stored(pk, Decimal(value), batch_id, label)
        return found

    def commit(
        self, validation: Validation, plan: Any, batch: ImportBatch, progress: Progress | None = None
    ) -> None:
        _figures_commit(self, validation, plan, batch, progress)
        _participation_removals(plan, batch)


def _participation_removals(plan: Plan, batch: ImportBatch) -> None:
    ids = [r.current.pk for r in plan.removed]
    for start in range(0, len(ids), CHUNK):
        ParticipationFigure.objects.filter(pk__in=ids[start : start + CHUNK]).delete()
    bulk_insert(
        ParticipationRemoval,
        ("batch", "region", "period", "segment", "status", "old_value", "old_batch", "old_origin"),
        (
            (
                batch.pk,
                r.region,
                r.when,
                *r.item,
                int(r.current.value),
                r.current.batch_id,
                _origin_fields(r.current.source)[0],
            )
            for r in plan.removed
        ),
    )
    if not plan.complete:
        return
    # The covered regions are complete from this file on; declarations below them are part of it.
    for code, month in plan.complete:
        below = ParticipantsComplete.objects.filter(period=month)
        if code != NATIONAL:
            below = below.filter(models.Q(region_id=code) | models.Q(region__code__startswith=code + "."))
        below.delete()
    bulk_insert(
        ParticipantsComplete, ("region", "period", "batch"), ((c, m, batch.pk) for c, m in plan.complete)
    )


STORES: dict[str, FigureStore] = {
    "workforce": FigureStore(WorkforceFigure, "period", ("sector",), "workers"),
    "participation": ParticipationStore(ParticipationFigure, "period", ("segment", "status"), "participants"),
}
for _name, _store in STORES.items():
    stores.register_store(_name, _store)
