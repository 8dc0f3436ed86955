"""The status of each region × dataset × month of a data call, computed here and nowhere else.

- submitted: an import batch of that dataset, made after the call, has rows for the region (or below it:
  its figures roll up to the region) and lists the month among its periods. Read from the batches, never
  typed.
- accepted: the host accepted the submitted figures (a DataCallAcceptance, audited).
- late: the due date has passed and nothing was submitted.
- requested: otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cakupan.datacalls.models import DataCall, DataCallAcceptance
from cakupan.imports.models import ImportBatch
from cakupan.regions.models import Region


class Status(models.TextChoices):
    REQUESTED = "requested", _("requested")
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    LATE = "late", _("late")


OUTSTANDING = (Status.REQUESTED, Status.LATE)


def status_of(*, submitted: bool, accepted: bool, due_on: date, today: date) -> Status:
    if accepted:
        return Status.ACCEPTED
    if submitted:
        return Status.SUBMITTED
    return Status.LATE if today > due_on else Status.REQUESTED


@dataclass(frozen=True)
class Cell:
    region: Region
    dataset: str
    period: str
    status: Status
    batch_id: int | None  # the newest batch submitted for it, if any

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def outstanding(self) -> bool:
        return self.status in OUTSTANDING


def _within(code: str, root: str) -> bool:
    return code == root or code.startswith(root + ".")


def call_cells(call: DataCall, *, regions: Iterable[Region], today: date) -> list[Cell]:
    """Every cell of the call for these regions (each one of the call's), by region, dataset, month."""
    regions = sorted(regions, key=lambda r: r.code)
    if not regions:
        return []
    roots = [r.code for r in regions]
    near = Q()
    for root in roots:
        near |= Q(region_id=root) | Q(region__code__startswith=root + ".")
    through = ImportBatch.touched_regions.through
    touched = through.objects.filter(
        near,
        importbatch__dataset__in=call.datasets,
        importbatch__created_at__gte=call.created_at,
    ).values_list("importbatch_id", "importbatch__dataset", "importbatch__periods", "region_id")
    # (region asked, dataset, month) → the newest batch submitting it.
    newest: dict[tuple[str, str, str], int] = {}
    for batch_id, dataset, periods, code in touched:
        for root in roots:
            if not _within(code, root):
                continue
            for period in periods or ():
                key = (root, dataset, period)
                newest[key] = max(newest.get(key, 0), batch_id)
    accepted: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for code, dataset, period in DataCallAcceptance.objects.filter(data_call=call).values_list(
        "region_id", "dataset", "period"
    ):
        accepted[code].add((dataset, period))
    cells = []
    for region in regions:
        for dataset in call.datasets:
            for period in call.periods:
                batch = newest.get((region.code, dataset, period))
                status = status_of(
                    submitted=batch is not None,
                    accepted=(dataset, period) in accepted[region.code],
                    due_on=call.due_on,
                    today=today,
                )
                cells.append(Cell(region, dataset, period, status, batch))
    return cells
