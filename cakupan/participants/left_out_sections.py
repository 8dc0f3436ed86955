"""What the funded cohorts and "1 desa 100 pekerja rentan" add to a region's report and meeting pack (issue
21 §2, §3): the figures of the page /peserta/tertinggal/ (its cohort table) and of /peserta/desa-100/, read
through the same selectors, for readers who may see the region's restricted figures (the public report
leaves them out, as the pages refuse them).

The cohort a report shows is the one the page shows by default, counted from the report's month instead of
the latest month with data: the workers a budget paid for until 12 months before it (or until the earliest
month with participant data, when that is later), followed only up to the report's month."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from cakupan.common.formatting import fmt_int, fmt_month
from cakupan.core.periods import shift
from cakupan.participants.left_out import CohortReport, Grid, cohort_report, participant_months
from cakupan.participants.village_funding import VillageFundingReport, VillageRow, village_funding_report
from cakupan.reports.sections import Cell, Column, Section, Table, report_section

COHORT_KEY = "cohorts"
VILLAGE_KEY = "village_funding"


def _month(period: str) -> str:
    return fmt_month(period, get_language() or "id")


def cohort_month(period: str, months: list[str]) -> str | None:
    """The last month a budget paid of the cohort a report of `period` follows: 12 months before it, or the
    earliest month with participant data when that is later; None when no cohort ends before `period`."""
    earlier = [m for m in months if m <= period]
    if not earlier:
        return None
    month = max(shift(period, -12), earlier[0])
    return month if shift(month, 1) <= period else None


def report_cohorts(user: Any, *, code: str, period: str) -> CohortReport | None:
    """The cohort a report of `period` shows, as the page's selector gives it for that month, with the
    months after `period` left out; None when the user may not read the region's restricted figures or no
    participant data is there to follow a cohort by `period`."""
    month = cohort_month(period, participant_months())
    if month is None:
        return None
    found = cohort_report(user, region_code=code, month=month)
    if found is None or found.grid is None:
        return found
    keep = tuple(k for k in found.followed if shift(month, k) <= period)
    if keep == found.followed:
        return found
    # Every column is suppressed on its own (the rows add up within a column only): dropping one leaves
    # the others as published.
    return CohortReport(found.region, found.month, found.months, _columns(found.grid, keep), keep)


def _columns(grid: Grid, followed: tuple[int, ...]) -> Grid:
    keys = ("cohort", *(str(k) for k in followed))

    def trimmed(cells: dict[str, int | None]) -> dict[str, int | None]:
        return {key: cells[key] for key in keys}

    return replace(
        grid,
        columns=keys,
        areas=[replace(row, cells=trimmed(row.cells), keys=keys) for row in grid.areas],
        segments=[replace(row, cells=trimmed(row.cells), keys=keys) for row in grid.segments],
        totals=trimmed(grid.totals),
    )


def cohort_heads(grid: Grid) -> list[str]:
    heads = [_("Funded workers whose funding ended")]
    for key in grid.columns[1:]:
        months = int(key)
        heads.append(
            ngettext("Active %(n)s month later", "Active %(n)s months later", months) % {"n": months}
        )
    return heads


def cohort_table(report: CohortReport, *, title: str = "") -> Table | None:
    grid = report.grid
    if grid is None:
        return None
    columns = [Column(_("Region"), width=30)]
    columns += [Column(head, "int", width=14) for head in cohort_heads(grid)]
    rows: list[list[Cell]] = [[f"{row.name or row.code} ({row.code})", *row.values] for row in grid.areas]
    rows += [[f"{_('By funder')}: {row.name}", *row.values] for row in grid.segments]
    rows.append([_("Total"), *grid.total_values])
    return Table(title=title, columns=columns, rows=rows, totals=(len(rows) - 1,))


def cohort_lines(report: CohortReport) -> list[str]:
    lines = [
        _("Workers a budget paid for until %(month)s: are they still protected?")
        % {"month": _month(report.month)},
        _(
            "The workers a budget (APBD, APBDes, CSR or another) paid for in this month and no longer the "
            "month after, where they were then, and how many are active participants later, whoever pays "
            "(paying for themselves counts as protected). A later month without participant data has no "
            "column."
        ),
    ]
    for missing in report.missing:
        lines.append(_("No participant data of %(month)s has been imported.") % {"month": _month(missing)})
    if report.grid is not None:
        lines.append(
            _("Counts from 1 to %(k)s are hidden (–), and so are the cells that would give them away.")
            % {"k": report.grid.k - 1}
        )
    return lines


@report_section(order=46)
def funded_cohorts(user: Any, code: str, period: str) -> Section | None:
    """Only for readers who may see the region's restricted figures, as the page."""
    report = report_cohorts(user, code=code, period=period)
    if report is None:
        return None
    table = cohort_table(report)
    return Section(
        key=COHORT_KEY,
        title=_("Funded workers: still protected?"),
        lines=cohort_lines(report),
        tables=[table] if table is not None else [],
        sheet=_("Funded cohorts"),
    )


def months_left_text(row: VillageRow) -> str:
    if row.funding_state == "known":
        assert row.months_left is not None
        return ngettext(
            "%(n)s month (until %(until)s)", "%(n)s months (until %(until)s)", row.months_left
        ) % {"n": row.months_left, "until": _month(row.funded_until)}
    if row.funding_state == "unknown":
        return _("unknown")
    return _("no funding record")


def village_tables(report: VillageFundingReport, *, prefix: str = "") -> list[Table]:
    """The regencies' villages that reached the target, and the villages that did, with their workers
    and months of funding left (as the page's tables; only the villages that reached it)."""
    target = report.target
    regencies = Table(
        title=prefix + _("Villages that reached %(target)s, by regency") % {"target": target},
        columns=[
            Column(_("Regency/city"), width=30),
            Column(_("Villages"), "int"),
            Column(_("Villages with budget-funded workers"), "int", width=18),
            Column(_("Villages that reached %(target)s") % {"target": target}, "int", width=18),
        ],
        rows=[
            [f"{row.name or row.code} ({row.code})", row.villages, row.funded_villages, row.reached]
            for row in report.regencies
        ],
    )
    reached = [row for row in report.villages or [] if row.reached]
    villages = Table(
        title=prefix + _("Villages that reached %(target)s") % {"target": target},
        columns=[
            Column(_("Village"), width=30),
            Column(_("APBDes"), "int", width=11),
            Column(_("Other budgets"), "int", width=11),
            Column(_("Funded workers"), "int", width=11),
            Column(_("Active among them"), "int", width=11),
            Column(_("Months of funding left"), width=24),
        ],
        rows=[
            [f"{row.name or row.code} ({row.code})", *row.values, months_left_text(row)] for row in reached
        ],
    )
    return [regencies, villages]


def village_lines(report: VillageFundingReport) -> list[str]:
    if report.villages is None:
        return [_("No participant data of %(month)s has been imported.") % {"month": _month(report.period)}]
    target = report.target
    return [
        _(
            "%(month)s: %(funded)s villages with budget-funded workers, %(reached)s of them reached "
            "%(target)s."
        )
        % {
            "month": _month(report.period),
            "funded": fmt_int(len(report.villages), get_language() or "id"),
            "reached": fmt_int(report.reached, get_language() or "id"),
            "target": target,
        },
        _(
            "A village reached %(target)s when at least %(target)s workers a budget pays for, whatever the "
            "budget, are active participants in the month. Villages: those of the region list."
        )
        % {"target": target},
        _(
            "Counts from 1 to %(k)s are hidden (–), and so are the cells of the village that would give "
            "them away; no total of the villages is given, which would give them away too. Months of funding "
            "left: from the vulnerable-worker funding records of the village or a region above it, the month "
            'shown included; "unknown" where a record does not give its first funded month.'
        )
        % {"k": report.k - 1},
    ]


@report_section(order=47)
def one_village_a_hundred(user: Any, code: str, period: str) -> Section | None:
    """Only for readers who may see the region's restricted figures, as the page; nothing when no
    participant data has been imported at all."""
    report = village_funding_report(user, region_code=code, period=period)
    if report is None or not report.months:
        return None
    return Section(
        key=VILLAGE_KEY,
        title=_("1 village, 100 vulnerable workers"),
        lines=village_lines(report),
        tables=village_tables(report) if report.villages is not None else [],
        sheet=_("1 village 100"),
    )
