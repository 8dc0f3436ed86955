"""What the participant data adds to a region's report (issue 21): the poorest deciles of the latest poverty
list matched at or before the report's month, as published (regency level and above, for every reader, as
open data does), and the inactive participants of the month by months since their last contribution, for
readers who may see the region's restricted figures (as the page /peserta/tertinggal/)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cakupan.common.formatting import fmt_month
from cakupan.participants.left_out import Grid, inactivity_report
from cakupan.participants.left_out_views import BAND_LABELS
from cakupan.participants.models import PovertyLinkage
from cakupan.participants.poverty import PovertyLine, PovertySummary, poverty_summary_of
from cakupan.participants.poverty_views import group_label
from cakupan.regions.models import Region
from cakupan.reports.sections import Cell, Column, Section, Table, report_section


def poverty_report_summary(*, code: str, period: str) -> PovertySummary | None:
    """The latest linkage of the region matched at or before `period`, as published (public aggregates:
    the nation, a province or a regency, never below); None when there is none."""
    region = Region.objects.filter(code=code).first()
    if region is None or region.level > 2:
        return None
    linkage = (
        PovertyLinkage.objects.filter(cells__area=code, period__lte=period)
        .order_by("-period", "-created_at", "-id")
        .first()
    )
    return poverty_summary_of(linkage, region) if linkage is not None else None


@report_section(order=40)
def poorest_deciles(user: Any, code: str, period: str) -> Section | None:
    summary = poverty_report_summary(code=code, period=period)
    if summary is None:
        return None
    linkage = summary.linkage
    work = linkage.with_work
    group_columns = [
        Column(_("Decile"), width=16),
        Column(_("Listed"), "int"),
        Column(_("Active participants"), "int"),
        Column(_("Not active"), "int"),
    ]
    if work:
        group_columns += [
            Column(_("Working-age workers"), "int"),
            Column(_("Active among them"), "int"),
            Column(_("Coverage"), "pct", width=12, nowrap=True),
        ]
    groups = Table(
        title="",
        columns=group_columns,
        rows=[[group_label(line.group), *_group_cells(line, work)] for line in summary.groups],
    )
    tables = [groups]
    if summary.children:
        child_columns = [Column(_("Region"), width=30), Column(_("Listed, deciles 1–4"), "int")]
        child_columns.append(Column(_("Active, deciles 1–4"), "int"))
        if work:
            child_columns.append(Column(_("Coverage, deciles 1–4"), "pct", width=12, nowrap=True))
        child_columns += [Column(_("Listed, all deciles"), "int"), Column(_("Active, all deciles"), "int")]
        if work:
            child_columns.append(Column(_("Coverage, all deciles"), "pct", width=12, nowrap=True))
        rows: list[list[Cell]] = []
        for poor, everyone in summary.children:
            named = everyone or poor
            assert named is not None
            rows.append(
                [f"{named.name} ({named.code})", *_child_cells(poor, work), *_child_cells(everyone, work)]
            )
        title = _("Provinces") if summary.region.level == 0 else _("Regencies and cities")
        tables.append(Table(title=title, columns=child_columns, rows=rows))
    lines = [
        _("%(list)s matched against the participants of %(month)s.")
        % {"list": linkage.name, "month": _month(linkage.period)},
        _(
            "Counts from 1 to %(k)s are hidden (–), and so are the cells that would give them away "
            "through any total of this list, in every region."
        )
        % {"k": linkage.k - 1},
        _("Coverage: active participants among the listed members aged 15 and over who work.")
        if work
        else _("The list has no age and working columns: counts only, no rate."),
    ]
    if linkage.simulated:
        lines.append(_("Simulated data"))
    return Section(key="poverty", title=_("Poorest deciles"), lines=lines, tables=tables)


def _month(period: str) -> str:
    return fmt_month(period, get_language() or "id")


def _group_cells(line: PovertyLine, work: bool) -> list[Cell]:
    cells: list[Cell] = [line.cells.get("listed"), line.cells.get("active"), line.cells.get("not_active")]
    if work:
        cells += [line.cells.get("workers"), line.cells.get("active_workers"), line.percent]
    return cells


def _child_cells(line: PovertyLine | None, work: bool) -> list[Cell]:
    if line is None:
        return [None, None, None] if work else [None, None]
    cells: list[Cell] = [line.cells.get("listed"), line.cells.get("active")]
    if work:
        cells.append(line.percent)
    return cells


@report_section(order=45)
def who_is_left_out(user: Any, code: str, period: str) -> Section | None:
    """Only for readers who may see the region's restricted figures, as the page; the public report leaves
    it out."""
    report = inactivity_report(user, region_code=code, period=period)
    if report is None:
        return None
    title = _("Who is left out")
    if report.durations is None:
        missing = _("No participant data of %(month)s has been imported.") % {"month": _month(period)}
        return Section(key="left_out", title=title, lines=[missing])
    table = _grid_table(report.durations)
    lines = [
        _("Inactive participants by months since the last contribution") + f", {_month(report.period)}.",
        _(
            "Counts from 1 to %(k)s are hidden (–), and so are the cells that would give them away. "
            '"Unknown": the file gave no month of the last contribution.'
        )
        % {"k": report.durations.k - 1},
    ]
    return Section(key="left_out", title=title, lines=lines, tables=[table])


def _grid_table(grid: Grid) -> Table:
    columns = [Column(_("Region"), width=30)]
    columns += [Column(str(BAND_LABELS[key]), "int") for key in grid.keys]  # the bands and "inactive"
    rows: list[list[Cell]] = [[f"{row.name or row.code} ({row.code})", *row.values] for row in grid.areas]
    rows += [[row.name, *row.values] for row in grid.segments]
    rows.append([_("Total"), *grid.total_values])
    return Table(title="", columns=columns, rows=rows, totals=(len(rows) - 1,))


def poverty_national_table(summary: PovertySummary) -> Table:
    """The nation and its provinces in deciles 1–4 and in all, as published: the six-monthly report's
    table (the rates only where the list had age and working)."""
    work = summary.linkage.with_work
    columns = [Column(_("Region"), width=30), Column(_("Listed, deciles 1–4"), "int")]
    columns.append(Column(_("Active, deciles 1–4"), "int"))
    if work:
        columns.append(Column(_("Coverage, deciles 1–4"), "pct", width=12, nowrap=True))
    columns += [Column(_("Listed, all deciles"), "int"), Column(_("Active, all deciles"), "int")]
    if work:
        columns.append(Column(_("Coverage, all deciles"), "pct", width=12, nowrap=True))
    region = summary.region
    rows: list[list[Cell]] = [
        [region.name, *_child_cells(summary.poorest, work), *_child_cells(summary.everyone, work)]
    ]
    for poor, everyone in summary.children:
        named = everyone or poor
        assert named is not None
        rows.append(
            [f"{named.name} ({named.code})", *_child_cells(poor, work), *_child_cells(everyone, work)]
        )
    linkage = summary.linkage
    note = _("%(list)s matched against the participants of %(month)s.") % {
        "list": linkage.name,
        "month": _month(linkage.period),
    }
    return Table(title=_("Poorest deciles"), columns=columns, rows=rows, note=note, totals=(0,))
