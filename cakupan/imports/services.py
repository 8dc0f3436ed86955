"""Committing a validated file of any dataset: all of it in one transaction, or nothing. `import_commit`
creates the batch and its audit event and hands the rows to the dataset's store (`imports.stores`); the
figure datasets' store is `indicators.figure_store`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from cakupan.audit.choices import Action
from cakupan.audit.services import audit_record, batch_audit_context, import_batch_open
from cakupan.common.bulk import bulk_insert, sqlite_write_cache
from cakupan.common.planner import planner_statistics_refresh
from cakupan.core.gc_pause import collection_paused
from cakupan.imports import stores
from cakupan.imports.arrow_rows import regions_of
from cakupan.imports.models import ImportBatch
from cakupan.imports.signals import figures_changed
from cakupan.imports.stores import Progress
from cakupan.imports.validation import Validation


def import_plan(*, validation: Validation) -> Any:
    """What committing the file would change, compared with what is stored now (the dataset's plan)."""
    return stores.store_for(validation.dataset.name).plan(validation)


@collection_paused()
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
    # One audit event for the whole batch, in this transaction. The rows the store writes are bulk writes
    # without events of their own; the store keeps every replaced value.
    batch_audit_record(batch=batch, by=by)
    through = ImportBatch.touched_regions.through
    regions = sorted(regions_of(validation.rows))
    bulk_insert(through, ("importbatch", "region"), ((batch.pk, code) for code in regions))
    with sqlite_write_cache():
        store.commit(validation, plan, batch, progress)
        store.refresh(validation, plan, batch, progress)
    columns = getattr(store, "planner_columns", None)
    if columns:
        written = len(plan.new) + len(plan.replaced)
        # After the commit, so that the pages read next are planned from the new rows; never failing the
        # import that has been stored (robust).
        transaction.on_commit(lambda: planner_statistics_refresh(columns=columns, rows=written), robust=True)
    if store.changes_figures:
        # After the commit only, and never failing the import that has been stored (robust).
        transaction.on_commit(lambda: figures_changed.send(sender=ImportBatch, batch=batch), robust=True)
    return batch, plan


def batch_audit_record(*, batch: ImportBatch, by: Any = None) -> None:
    """The event of one committed import, written by `import_commit` right after it creates the batch,
    inside its transaction. The figures it writes and replaces are bulk writes without events of their
    own: the batch record says what came in, and imports.FigureChange keeps every replaced value."""
    import_batch_open(batch_id=batch.pk)
    with batch_audit_context(source=batch.source, by=by, actor_label=batch.actor, batch_id=batch.pk):
        audit_record(
            action=Action.IMPORT,
            entity_type="imports.importbatch",
            entity_id=str(batch.pk),
            after={
                "dataset": batch.dataset,
                "file_name": batch.file_name,
                "sha256": batch.sha256,
                "rows": batch.rows,
                "new_figures": batch.new_figures,
                "replaced_figures": batch.replaced_figures,
                "unchanged_figures": batch.unchanged_figures,
                "periods": batch.periods,
                "simulated": batch.simulated,
                **batch.details,  # a dataset's own counts, e.g. new_employers
            },
            note=(
                f"Import of {batch.dataset} file {batch.file_name}: {batch.new_figures} new and "
                f"{batch.replaced_figures} replaced rows. What every replaced row was is kept with the batch "
                f"(figures: imports.FigureChange; Monev rows: replaced_by; employers: "
                f"compliance.PositionChange; batch {batch.pk})."
            ),
        )
