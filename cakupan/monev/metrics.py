"""The Monev figures every surface counts the same way: the scorecard, the six-monthly national summary
(page, PDF, workbook and its API), the meeting pack and the region report read them from here.

Until issue 22 the scorecard and the national summary each had their own reading of three of them. The
choice made for each, and why:

(a) An instruction acted on. Chosen: an Inpres 2/2021 instruction, other than the budget instruction, that
    a regulation of the region itself issued by the day acts on; counted of the instructions other than the
    budget instruction. The scorecard counted this way; the national summary also counted a regulation
    tagged with the budget instruction, and counted of every instruction. The budget instruction asks for
    a budget, not a regulation: it is met by the budget register (the Inpres matrix's budget column) and
    scored by the funding figures, so a regulation that merely names it would count the budget twice on
    the scorecard and credit the summary's province with a budget it may not have.

(b) A follow-up done. Chosen: a follow-up is done by a day when its status is done and it was done on or
    before that day (a done follow-up without a date, which the services never write, is taken at its
    status); a dropped follow-up is counted neither as done nor as due: the meeting agreed it away. Open is
    every other follow-up, and overdue an open one whose due date is before the day. The national summary
    counted this way, except that it took an undated done follow-up for an open one; the scorecard counted
    dropped follow-ups as not done, and a follow-up done after the year as done in that year, so a past
    year's score changed with later work.

(c) Funding. Chosen: the workers funded are those of every funder's current row (a worker whose
    contributions a company's CSR pays is covered all the same); the funding in rupiah is that of the
    regional budgets (APBD provinsi, APBD kabupaten/kota, APBDes): the money the Inpres budget instruction
    asks a region for. The scorecard counted this way; the national summary added the rupiah of CSR and
    other funders to its "funding", which its own note described as what "a budget pays".

Each surface keeps its own selection (which region, which year or half-year): the scorecard scores a
region on its own records, the summary adds a province's regencies and villages to the province. The
figures that changed with these choices: docs/adr/0008-one-definition-of-the-monev-figures.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from cakupan.monev.funding.models import VulnerableFunding
from cakupan.monev.meetings.models import FollowUp
from cakupan.monev.regulations.models import InpresInstruction, Regulation

# The Inpres 2/2021 instruction met by a budget (the budget register), not by a regulation.
BUDGET_INSTRUCTION = "BUDGET"

# The funders whose money is a regional budget: what the budget instruction asks for.
REGIONAL_BUDGETS = (
    VulnerableFunding.Funder.APBD_PROVINSI,
    VulnerableFunding.Funder.APBD_KABKOTA,
    VulnerableFunding.Funder.APBDES,
)


# --- (a) instructions acted on ---------------------------------------------------------------------------


def instructions_scored() -> int:
    """How many instructions a regulation can act on: every Inpres 2/2021 instruction but the budget's."""
    return InpresInstruction.objects.exclude(code=BUDGET_INSTRUCTION).count()


def instructions_acted_on(*, by: date, region_codes: Iterable[str] | None = None) -> dict[str, set[int]]:
    """Per region, the instructions (ids) its own regulations issued by `by` act on, the budget instruction
    left out. `region_codes` None: every region."""
    links = Regulation.acts_on.through.objects.filter(regulation__issued_on__lte=by).exclude(
        inpresinstruction__code=BUDGET_INSTRUCTION
    )
    if region_codes is not None:
        links = links.filter(regulation__region_id__in=list(region_codes))
    acted: dict[str, set[int]] = defaultdict(set)
    for code, instruction in links.values_list("regulation__region_id", "inpresinstruction_id"):
        acted[code].add(instruction)
    return acted


# --- (b) follow-ups done, open and overdue ---------------------------------------------------------------


def follow_up_done(*, status: str, done_on: date | None, by: date) -> bool:
    """Done by the day: the status is done and the day it was done is not after it."""
    return status == FollowUp.Status.DONE and (done_on is None or done_on <= by)


@dataclass
class FollowUpCounts:
    done: int = 0
    open: int = 0
    overdue: int = 0  # open, and due before the day

    @property
    def counted(self) -> int:
        """Every follow-up but the dropped ones: the denominator of a share done."""
        return self.done + self.open


def follow_up_counts(
    rows: QuerySet[FollowUp], *, by: date, key: Callable[[str], str] = str
) -> dict[str, FollowUpCounts]:
    """The follow-ups of `rows` done, open and overdue by the day, grouped by `key(region code)`."""
    counts: dict[str, FollowUpCounts] = defaultdict(FollowUpCounts)
    for code, status, due_on, done_on in rows.values_list("region_id", "status", "due_on", "done_on"):
        if status == FollowUp.Status.DROPPED:
            continue
        found = counts[key(code)]
        if follow_up_done(status=status, done_on=done_on, by=by):
            found.done += 1
        else:
            found.open += 1
            found.overdue += due_on < by
    return counts


# --- (c) funding ---------------------------------------------------------------------------------------


@dataclass
class Funding:
    workers: int = 0  # funded by every funder
    budget_idr: int = 0  # rupiah of the regional budgets only


def funding(
    *, year: int, key: Callable[[str], str] = str, region_codes: Iterable[str] | None = None
) -> dict[str, Funding]:
    """The current vulnerable-worker funding rows of the year, grouped by `key(region code)`."""
    rows = VulnerableFunding.objects.current().filter(year=year)
    if region_codes is not None:
        rows = rows.filter(region_id__in=list(region_codes))
    found: dict[str, Funding] = defaultdict(Funding)
    for code, funder, workers, amount in rows.values_list("region_id", "funder", "workers", "amount_idr"):
        total = found[key(code)]
        total.workers += workers
        if funder in REGIONAL_BUDGETS:
            total.budget_idr += amount
    return found
