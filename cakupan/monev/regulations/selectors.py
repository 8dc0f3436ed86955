"""Reading regulations, their documents and the Inpres 2/2021 matrix for a user, with the region scope applied
(`cakupan.monev.selectors`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from cakupan.core.codes import NATIONAL
from cakupan.monev import metrics
from cakupan.monev.funding.models import BudgetLine
from cakupan.monev.regulations.models import Document, InpresInstruction, Regulation
from cakupan.monev.selectors import can_read_records, within
from cakupan.regions.models import Region


def regulation_list(user: Any, *, region: Region, kind: str = "", topic: str = "") -> list[Regulation]:
    qs = Regulation.objects.filter(within(region.code)).select_related("region", "document")
    qs = qs.prefetch_related("acts_on")
    if kind:
        qs = qs.filter(kind=kind)
    rows = list(qs)
    if topic:
        rows = [r for r in rows if topic in r.topics]
    return rows


def regulation_get(user: Any, *, pk: int) -> Regulation:
    regulation = (
        Regulation.objects.select_related("region", "document")
        .prefetch_related("acts_on")
        .filter(pk=pk)
        .first()
    )
    if regulation is None:
        raise Http404
    return regulation


# The Inpres 2/2021 instruction met by a budget line (the budget register), not by a regulation.
BUDGET_INSTRUCTION = metrics.BUDGET_INSTRUCTION


@dataclass
class MatrixRow:
    region: Region
    cells: list[list[Regulation]]  # per instruction, the regulations acting on it (none for the budget's)
    # The budget instruction's cell: the region's current budget lines with an allocation, latest year first.
    budget_lines: list[BudgetLine] = field(default_factory=list)
    budget_column: int | None = None  # which cell is the budget instruction's

    @property
    def met(self) -> list[bool]:
        return [
            bool(self.budget_lines) if index == self.budget_column else bool(cell)
            for index, cell in enumerate(self.cells)
        ]

    @property
    def done(self) -> int:
        return sum(self.met)


@dataclass
class InpresMatrix:
    region: Region
    instructions: list[InpresInstruction]
    rows: list[MatrixRow]


def inpres_matrix(user: Any, *, region: Region) -> InpresMatrix:
    """The region and its children (provinces for the nation, regencies for a province): for each
    Inpres 2/2021 instruction, the regulations of that region acting on it."""
    instructions = list(InpresInstruction.objects.all())
    regions = [region, *Region.objects.filter(parent=region).order_by("code")]
    if region.code == NATIONAL:
        regions = regions[1:]
    codes = [r.code for r in regions]
    by_key: dict[tuple[str, int], list[Regulation]] = defaultdict(list)
    through = Regulation.acts_on.through
    links = (
        through.objects.filter(regulation__region_id__in=codes)
        .exclude(inpresinstruction__code=BUDGET_INSTRUCTION)
        .select_related("regulation")
    )
    for link in links.order_by("regulation__issued_on"):
        by_key[(link.regulation.region_id, link.inpresinstruction_id)].append(link.regulation)
    budgets: dict[str, list[BudgetLine]] = defaultdict(list)
    for line in BudgetLine.objects.current().filter(region_id__in=codes, allocation_idr__gt=0):
        budgets[line.region_id].append(line)
    column = next((n for n, i in enumerate(instructions) if i.code == BUDGET_INSTRUCTION), None)
    rows = [
        MatrixRow(r, [by_key.get((r.code, i.pk), []) for i in instructions], budgets.get(r.code, []), column)
        for r in regions
    ]
    return InpresMatrix(region=region, instructions=instructions, rows=rows)


def document_get(user: Any, *, pk: int) -> Document:
    """A document, if the user may read it: public ones for everyone, evidence for roles of its region."""
    document = Document.objects.filter(pk=pk).first()
    if document is None:
        raise Http404
    if not document.public and not can_read_records(user, document.region_id):
        raise Http404  # never say that a restricted document exists
    return document
