"""The stores of the Monev datasets (vulnerable funding, benefits, budget lines) and their import, by file
or by entry; the other writes are in each package's `services`. Each service checks the writer's
capability for the record's region (the views check it too) and runs in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cakupan.common.bulk import bulk_insert
from cakupan.imports.models import ImportBatch
from cakupan.imports.selectors import import_scope
from cakupan.imports.services import import_commit
from cakupan.imports.stores import Progress, RowPlan, register_store, store_for
from cakupan.imports.validation import Validation
from cakupan.monev.benefits.models import BenefitFigure
from cakupan.monev.funding.models import BudgetLine, VulnerableFunding
from cakupan.monev.importing import MonevValidation, Row
from cakupan.regions.scope import RegionScope

# --- documents -------------------------------------------------------------------------------------------


# --- regulations ---------------------------------------------------------------------------------------


# --- meetings and follow-ups ---------------------------------------------------------------------------


# --- commitments ---------------------------------------------------------------------------------------


# --- attendance and the minutes' signatories ------------------------------------------------------------


# --- the six-monthly report: what the Inpres addressees reported, the ministry's narrative -------------


# --- datasets: vulnerable_funding and benefits ---------------------------------------------------------


@dataclass(frozen=True)
class MonevStore:
    """The `imports.stores.Store` of a Monev dataset: a row for the same key replaces the current one,
    which stays as history with `replaced_by` set to the batch that replaced it."""

    dataset: str
    model: type[models.Model]
    when: str  # "year" or "period"
    item: str  # "funder" or "program"
    value_fields: tuple[str, ...]

    @property
    def changes_template(self) -> str:
        return "monev/includes/batch_changes.html"

    @property
    def changes_figures(self) -> bool:
        return False

    @property
    def visible_with(self) -> str:
        return "all"

    def plan(self, validation: Validation) -> RowPlan:
        manager = self.model._default_manager
        whens = sorted({r.values[self.when] for r in validation.rows})
        current: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}
        for start in range(0, len(whens), 500):
            qs = manager.filter(replaced_by=None, **{f"{self.when}__in": whens[start : start + 500]})
            for pk, region, when, item, *rest in qs.values_list(
                "pk", "region_id", self.when, self.item, *self.value_fields
            ):
                current[(region, when, item)] = (pk, tuple(rest))
        new: list[Row] = []
        replaced: list[tuple[Row, int]] = []
        unchanged = 0
        for row in validation.rows:
            found = current.get((row.region, row.values[self.when], row.values[self.item]))
            if found is None:
                new.append(row)
            elif found[1] == tuple(row.values.get(f) for f in self.value_fields):
                unchanged += 1
            else:
                replaced.append((row, found[0]))
        return RowPlan(new=new, replaced=replaced, unchanged=unchanged)

    def commit(
        self, validation: Validation, plan: Any, batch: ImportBatch, progress: Progress | None = None
    ) -> None:
        old_ids = [pk for _row, pk in plan.replaced]
        manager = self.model._default_manager
        for start in range(0, len(old_ids), 5000):
            manager.filter(pk__in=old_ids[start : start + 5000]).update(replaced_by=batch)
        fields = ("region", self.when, self.item, *self.value_fields, "batch")
        to_write = plan.new + [row for row, _pk in plan.replaced]
        bulk_insert(
            self.model,
            fields,
            (
                (
                    row.region,
                    row.values[self.when],
                    row.values[self.item],
                    *(row.values.get(f) for f in self.value_fields),
                    batch.pk,
                )
                for row in to_write
            ),
        )

    def refresh(
        self, validation: Validation, plan: Any, batch: ImportBatch, progress: Progress | None = None
    ) -> None:
        """Nothing follows from Monev rows: their pages read them as stored."""

    def view_scope(self, user: Any) -> RegionScope:
        return import_scope(user, self.dataset)

    def changes(self, batch: ImportBatch, scope: RegionScope) -> QuerySet[Any]:
        """The rows the batch replaced (kept with `replaced_by`), in the regions of `scope`."""
        return self.model._default_manager.filter(scope.q("region"), replaced_by=batch).order_by("pk")


STORES: dict[str, MonevStore] = {
    "vulnerable_funding": MonevStore(
        "vulnerable_funding",
        VulnerableFunding,
        "year",
        "funder",
        ("workers", "months", "amount_idr", "villages", "workers_per_village", "start_period"),
    ),
    "benefits": MonevStore("benefits", BenefitFigure, "period", "program", ("claims", "amount_idr")),
    "budget_lines": MonevStore(
        "budget_lines", BudgetLine, "year", "line", ("allocation_idr", "realisation_idr")
    ),
}
for _name, _store in STORES.items():
    register_store(_name, _store)


def monev_import_plan(*, validation: MonevValidation) -> RowPlan:
    """What committing would change, compared with the rows current now."""
    return store_for(validation.dataset.name).plan(validation)  # type: ignore[return-value]


def monev_import_commit(
    *, validation: MonevValidation, by: Any, source: str, actor: str = ""
) -> tuple[ImportBatch | None, RowPlan]:
    """Store a valid file (or entry) of a Monev dataset through the one `import_commit`: all of it, or
    nothing. Rows for the same key replace the current ones, which stay as history (`replaced_by`). None
    when nothing would change. Management-free: the command line calls it with `by=None` and
    `source="cli"`; with `by`, every region of the rows must be one the user may import the dataset for."""
    if not validation.ok:
        raise ValueError("refusing to commit a file with problems")
    if by is not None:
        scope = import_scope(by, validation.dataset.name)
        for code in validation.region_codes:
            if not scope.covers(code):
                raise PermissionDenied(
                    _("You may not write Monev records for region %(code)s.") % {"code": code}
                )
    batch, plan = import_commit(validation=validation, by=by, source=source, actor=actor)
    return batch, plan


# --- the funding check ---------------------------------------------------------------------------------


# --- targets: entry and revision through the import pipeline -------------------------------------------


# --- the command line: one call per file, no Django management needed ---------------------------------


@dataclass(frozen=True)
class MonevImportResult:
    dataset: str
    file_name: str
    sha256: str
    rows: int
    regions: list[str]
    problems: list[Any]  # cakupan.core.problems.Problem
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    batch_id: int | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def stored(self) -> bool:
        return self.batch_id is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "dataset": self.dataset,
            "sha256": self.sha256,
            "rows": self.rows,
            "regions": self.regions,
            "valid": self.ok,
            "stored": self.stored,
            "dry_run": self.dry_run,
            "new": self.new,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "batch": self.batch_id,
            "problems": [p.as_dict() for p in self.problems],
        }


def monev_dataset_import(
    *, dataset: str, file_name: str, content: bytes, by: Any = None, actor: str = "", dry_run: bool = False
) -> MonevImportResult:
    """Validate and (unless `dry_run`) store one file of `vulnerable_funding` or `benefits`, all or
    nothing, as `cakupan import DATASET FILE` does for the foundation's datasets. Every region is allowed
    (the operator's command line); with `by`, the regions the user may import the dataset for are
    enforced (the dataset's capabilities: funding with `write_monev`, benefits with `import_benefits`)."""
    from cakupan.monev.importing import validate_monev_file

    scope = import_scope(by, dataset) if by is not None else None
    validation = validate_monev_file(dataset_name=dataset, file_name=file_name, content=content, scope=scope)
    result = MonevImportResult(
        dataset=dataset,
        file_name=file_name,
        sha256=validation.sha256,
        rows=len(validation.rows),
        regions=validation.region_codes,
        problems=list(validation.problems),
        dry_run=dry_run,
    )
    if not validation.ok:
        return result
    batch_id = None
    if dry_run:
        plan = monev_import_plan(validation=validation)
    else:
        batch, plan = monev_import_commit(
            validation=validation, by=by, source=ImportBatch.Source.CLI, actor=actor
        )
        batch_id = batch.pk if batch is not None else None
    return replace(
        result, new=len(plan.new), replaced=len(plan.replaced), unchanged=plan.unchanged, batch_id=batch_id
    )


# --- non-ASN staff, village officials and election organisers ------------------------------------------
