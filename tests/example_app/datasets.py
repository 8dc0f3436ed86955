"""Adding a dataset (docs/architecture.md): the dataset in the one registry (its columns, key and who may
import it) and its store (how its rows are kept). `cakupan import example_visits FILE`, the upload pages,
the API's dataset list and the templates then read it from the registry; nothing else changes."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.db.models import QuerySet

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.imports import stores
from cakupan.imports.models import ImportBatch
from cakupan.imports.registry import Column, Dataset
from cakupan.imports.validation import Validation
from cakupan.regions.scope import RegionScope
from tests.example_app.models import OutreachVisits

NAME = "example_visits"


class VisitsRow(NamedTuple):
    row: int
    region: str
    period: str
    visits: int
    source: str


def _make_row(number: int, parsed: dict[str, Any]) -> VisitsRow:
    return VisitsRow(
        number, parsed["region_code"].code, parsed["period"], parsed["visits"], parsed.get("source") or ""
    )


DATASET = Dataset(
    name=NAME,
    label="Outreach visits (example)",
    description="Visits of outreach officers to employers and villages, per region and month.",
    columns=(
        Column("region_code", "region", aliases=("kode_wilayah",), example="53.71"),
        Column("period", "period", aliases=("bulan",), example="2024-06"),
        Column("visits", "count", aliases=("kunjungan",), example="42"),
        Column("source", "text", aliases=("sumber",), required=False, example="Disnaker"),
    ),
    key=("region_code", "period"),
    key_words="same region and month",
    make_row=_make_row,
    capabilities=(Cap.IMPORT_TARGETS,),
    examples=(("53.71", "2024-06", "42", "Disnaker"),),
)


class VisitsStore:
    """The `imports.stores.Store` of the visits: a later row for the same region and month replaces the
    stored one, which is kept."""

    changes_template = "regions/includes/crosswalk_changes.html"
    changes_figures = False
    visible_with = "all"

    def plan(self, validation: Validation) -> stores.RowPlan:
        stored = {
            (region, period): (pk, visits, source)
            for pk, region, period, visits, source in OutreachVisits.objects.filter(
                replaced_by__isnull=True, region_id__in={r.region for r in validation.rows}
            ).values_list("pk", "region_id", "period", "visits", "source")
        }
        new, replaced, unchanged = [], [], 0
        for row in validation.rows:
            current = stored.get((row.region, row.period))
            if current is None:
                new.append(row)
            elif current[1:] == (row.visits, row.source):
                unchanged += 1
            else:
                replaced.append((row, current[0]))
        return stores.RowPlan(new=new, replaced=replaced, unchanged=unchanged)

    def commit(self, validation: Validation, plan: Any, batch: ImportBatch, progress: Any = None) -> None:
        OutreachVisits.objects.filter(pk__in=[pk for _row, pk in plan.replaced]).update(replaced_by=batch)
        OutreachVisits.objects.bulk_create(
            OutreachVisits(region_id=r.region, period=r.period, visits=r.visits, source=r.source, batch=batch)
            for r in [*plan.new, *(row for row, _pk in plan.replaced)]
        )

    def refresh(self, validation: Validation, plan: Any, batch: ImportBatch, progress: Any = None) -> None:
        """Nothing follows from the visits: the report section reads them as stored."""

    def view_scope(self, user: Any) -> RegionScope:
        return access.scope(user, Cap.VIEW_IMPORTS)

    def changes(self, batch: ImportBatch, scope: RegionScope) -> QuerySet[Any]:
        return OutreachVisits.objects.filter(scope.q("region"), replaced_by=batch).order_by("pk")


STORE = VisitsStore()
