"""The BPS → Kemendagri crosswalk in the one registry of datasets: which Kemendagri province or regency a
BPS code means from a month on, imported by national administrators and analysts. A file keyed by BPS
regency codes without names is read through it (`regions.identity`). The table (`regions.RegionCrosswalk`)
belongs to regions; its dataset, store and import are here, in imports, which sits above regions in the
layers of issue 22. Registered from `ImportsConfig.ready()`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.core import bps
from cakupan.core.codes import PROVINCE, REGENCY, level_of
from cakupan.core.problems import Problem
from cakupan.imports import stores
from cakupan.imports.models import ImportBatch
from cakupan.imports.region_columns import parse_bps
from cakupan.imports.registry import Column, Dataset, register
from cakupan.imports.services import import_commit
from cakupan.imports.validation import Validation, validate_file
from cakupan.regions.models import RegionCrosswalk
from cakupan.regions.scope import RegionScope


class CrosswalkRow(NamedTuple):
    row: int
    kode_bps: str
    region: str
    valid_from: str
    source: str


def _make_row(number: int, parsed: dict[str, Any]) -> CrosswalkRow:
    return CrosswalkRow(
        number,
        parsed["kode_bps"],
        parsed["region_code"].code,
        parsed["valid_from"],
        parsed.get("source") or "",
    )


def _codes_agree(parsed: dict[str, Any]) -> list[tuple[str, str]]:
    """Province with province, regency with regency, and within the BPS province of that month."""
    code, region, since = parsed.get("kode_bps"), parsed.get("region_code"), parsed.get("valid_from")
    if not code or region is None or not since:
        return []
    level = bps.bps_level(code)
    if level not in (PROVINCE, REGENCY):
        return [("kode_bps", _("the crosswalk reads province and regency codes only"))]
    if level != level_of(region.code):
        return [
            (
                "region_code",
                _("kode_bps %(bps)s and %(code)s are not of the same level")
                % {"bps": code, "code": region.code},
            )
        ]
    province = bps.bps_province(code[:2], since)
    if province is None:
        return [
            (
                "kode_bps",
                _("%(code)s is not a BPS province code in %(month)s") % {"code": code[:2], "month": since},
            )
        ]
    if region.code[:2] not in province.kemendagri:
        return [
            (
                "region_code",
                _("BPS province %(bps)s in %(month)s is Kemendagri %(codes)s, which does not hold %(code)s")
                % {
                    "bps": code[:2],
                    "month": since,
                    "codes": ", ".join(province.kemendagri),
                    "code": region.code,
                },
            )
        ]
    return []


REGION_CROSSWALK = register(
    Dataset(
        name="region_crosswalk",
        label=gettext_lazy("BPS to Kemendagri region crosswalk"),
        description=gettext_lazy(
            "Which Kemendagri province or regency each BPS code means from a month on; needed to read files "
            "keyed by BPS regency codes that carry no region names."
        ),
        columns=(
            Column("kode_bps", "text", parse=parse_bps, example="5301"),
            Column("region_code", "region", aliases=("kode_kemendagri", "kode_wilayah"), example="53.12"),
            Column("valid_from", "period", aliases=("berlaku_mulai",), example="2024-01"),
            Column(
                "source", "text", aliases=("sumber",), required=False, example="BPS, Master File Desa 2024"
            ),
        ),
        key=("kode_bps", "valid_from"),
        key_words=gettext_lazy("same BPS code and first month"),
        make_row=_make_row,
        capabilities=(Cap.IMPORT_CROSSWALK,),
        rules=(_codes_agree,),
        examples=(("5301", "53.12", "2024-01", "BPS, Master File Desa 2024"),),
    )
)


# --- how its rows are stored, and its import from the command line ---


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
