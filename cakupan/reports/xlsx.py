"""The Monev report as an XLSX workbook: the sections of the PDF as sheets, with typed cells (numbers as
numbers, rates as the percentages the API gives, months and dates as dates), frozen headers and column
widths. Text from data passes through `neutralise`, so no cell runs as a formula."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cakupan.charts.specs import SEGMENTS
from cakupan.common.spreadsheet import neutralise
from cakupan.indicators.labels import band_label, dataset_label
from cakupan.indicators.serialise import number
from cakupan.indicators.words import warning_sentence, warnings_sentence
from cakupan.reports.content import ReportContent
from cakupan.reports.documents import Document
from cakupan.reports.sections import Cell, CellKind, Column

FORMATS: dict[str, str] = {
    "int": "#,##0",
    "pct": '0.00" %"',
    "points": "+0.00;-0.00;0.00",
    "gap": "0.00",
    "idr": '"Rp"#,##0',
    "month": "mmm yyyy",
    "date": "yyyy-mm-dd",
    "decimal": "0.00",
    "datetime": "yyyy-mm-dd hh:mm",
}
BOLD = Font(bold=True)


def _month(period: str | None) -> date | None:
    return date(int(period[:4]), int(period[5:7]), 1) if period else None


def _value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind in ("pct", "points", "gap", "decimal"):
        return number(value if not isinstance(value, float) else Decimal(str(value)))
    if kind in ("int", "idr"):
        return int(value)
    if kind == "month":
        return _month(str(value))
    if kind == "datetime" and isinstance(value, datetime):
        # Excel has no time zones: the local time of the installation, as the pages show it.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if kind == "date" and isinstance(value, date):
        return value
    if isinstance(value, (Fraction, Decimal)):
        return float(value)
    if isinstance(value, (int, float)):
        return value
    return neutralise(str(value))


class _Sheet:
    def __init__(self, book: Workbook, title: str, *, simulated: bool) -> None:
        self.ws: Worksheet = book.create_sheet(title[:31])
        self.widths: dict[int, int] = {}
        self.next_row = 1
        if simulated:
            # On every sheet: a sheet copied out of the workbook still says its figures are not real.
            self.row([_("Simulated data"), _("This report is made from simulated demo data.")], bold=True)
            self.widths = {}  # the label runs over the empty cells beside it; the columns fit the tables

    def row(self, values: Sequence[Any], kinds: Sequence[str] | None = None, *, bold: bool = False) -> None:
        kinds = kinds or ["text"] * len(values)
        row = self.next_row
        self.next_row += 1
        for index, (value, kind) in enumerate(zip(values, kinds, strict=True), start=1):
            cell = self.ws.cell(row=row, column=index)
            cell.value = _value(value, kind)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a string, whatever it starts with
            if kind in FORMATS and cell.value is not None:
                cell.number_format = FORMATS[kind]
            if bold:
                cell.font = BOLD
            shown = len(str(values[index - 1] or "")) + 2
            self.widths[index] = max(self.widths.get(index, 8), min(shown, 60))

    def header(self, headers: Sequence[str]) -> None:
        self.row(headers, bold=True)
        if self.ws.freeze_panes is None:  # the first table's header stays in view
            self.ws.freeze_panes = f"A{self.next_row}"

    def blank(self) -> None:
        self.next_row += 1

    def finish(self, widths: dict[int, int] | None = None) -> None:
        for index, width in (widths or self.widths).items():
            self.ws.column_dimensions[get_column_letter(index)].width = max(width, self.widths.get(index, 0))


def _headline(book: Workbook, r: ReportContent) -> None:
    ind = r.indicators
    sheet = _Sheet(book, _("Summary"), simulated=r.simulated)
    sheet.row([_("Monev report: %(name)s") % {"name": r.region.name}], bold=True)
    sheet.row([_("Region code"), r.region.code])
    sheet.row([_("Month"), r.period], ["text", "month"])
    sheet.row([_("Report made"), r.generated_at], ["text", "datetime"])
    sheet.row([_("Figures version"), r.figures_version, "figures_version"])
    sheet.blank()
    sheet.header([_("Indicator"), _("Value"), _("Key (API)")])
    rows: list[tuple[str, Any, str, str]] = [
        (_("Coverage"), ind.coverage_rate, "pct", "coverage_rate"),
        (_("Active participants"), ind.active, "int", "active"),
        (_("Active participants, all"), ind.active_all, "int", "active_all"),
        (_("Inactive participants"), ind.inactive, "int", "inactive"),
        (_("Registered participants"), ind.registered, "int", "registered"),
        (_("Working population"), ind.workers, "int", "workers"),
        (_("Working population, month of the figure"), ind.workers_period, "month", "workers_period"),
        (_("Working population, first month used"), ind.workers_period_from, "month", "workers_period_from"),
        (_("Working population, source"), "; ".join(ind.workforce_sources), "text", "workforce_source"),
        (_("Sub-regions reporting"), ind.children_reporting, "int", "children_reporting"),
        (_("Sub-regions"), ind.children_total, "int", "children_total"),
        (
            _("Measured share of the workforce"),
            ind.measured_workforce_share,
            "pct",
            "measured_workforce_share",
        ),
        (_("Target"), ind.target_rate, "pct", "target_rate"),
        (_("Gap to target"), ind.target_gap_points, "points", "target_gap_points"),
        (_("Workers to reach the target"), ind.workers_to_target, "int", "workers_to_target"),
        (_("UCJ target"), ind.ucj_target, "pct", "ucj_target"),
        (_("Gap to UCJ"), ind.gap_points, "points", "gap_points"),
        (_("Workers to reach UCJ"), ind.workers_to_protect, "int", "workers_to_protect"),
        (_("Change on last month"), ind.change_month_points, "points", "change_month_points"),
        (
            _("Change in active participants on last month"),
            ind.change_month_active,
            "int",
            "change_month_active",
        ),
        (_("Change on a year earlier"), ind.change_year_points, "points", "change_year_points"),
        (_("Share of inactive among registered"), ind.inactive_share, "pct", "inactive_share"),
        (_("Wage earners covered (of formal workers)"), ind.pu_coverage_rate, "pct", "pu_coverage_rate"),
        (
            _("Non-wage earners covered (of informal workers)"),
            ind.bpu_coverage_rate,
            "pct",
            "bpu_coverage_rate",
        ),
        (_("Informal workers not yet protected"), ind.bpu_unprotected, "int", "bpu_unprotected"),
        (_("Rank among neighbours"), ind.rank, "int", "rank"),
        (_("Regions ranked"), ind.rank_of, "int", "rank_of"),
        (_("National coverage"), ind.national_coverage_rate, "pct", "national_coverage_rate"),
        (_("Difference to national"), ind.diff_to_national_points, "points", "diff_to_national_points"),
        (_("Recent pace a month"), ind.pace_points_per_month, "points", "pace_points_per_month"),
        (_("Months to the target at the recent pace"), ind.months_to_target, "int", "months_to_target"),
        (
            _("Target reached at the recent pace in"),
            ind.target_reached_month,
            "month",
            "target_reached_month",
        ),
        (_("Months to UCJ at the recent pace"), ind.months_to_ucj, "int", "months_to_ucj"),
        (_("UCJ reached at the recent pace in"), ind.ucj_reached_month, "month", "ucj_reached_month"),
    ]
    for label, value, kind, key in rows:
        sheet.row([label, value, key], ["text", kind, "text"])
    for t in r.page.count_targets:
        # The year's count targets: the target, the progress and the gap (no monthly projection).
        name = {"active_participants": _("active participants")}.get(
            t.indicator, _("vulnerable workers funded")
        )
        label = _("Target %(year)s: %(name)s") % {"year": t.year, "name": name}
        key = f"targets.{t.indicator}"
        sheet.row([label, t.value, key], ["text", "int", "text"])
        sheet.row(
            [_("%(label)s, so far") % {"label": label}, t.progress, f"{key}.progress"],
            ["text", "int", "text"],
        )
        sheet.row([_("%(label)s, to go") % {"label": label}, t.gap, f"{key}.gap"], ["text", "int", "text"])
    if ind.warnings:
        # The figure's data-quality warnings travel with it, one a row (the API's `warnings`).
        sheet.blank()
        sheet.header([_("Data quality"), _("Kind"), _("Key (API)")])
        for warning in ind.warnings:
            sheet.row([warning_sentence(warning, r.lang), warning.get("kind"), "warnings"])
    if r.page.budget is not None:
        budget = r.page.budget
        sheet.blank()
        sheet.header([_("Regional budget for vulnerable workers"), _("Value"), _("Key (API)")])
        sheet.row([_("Workers"), budget.workers, "budget.workers"], ["text", "int", "text"])
        sheet.row([_("Months"), budget.months, "budget.months"], ["text", "int", "text"])
        sheet.row(
            [_("Minimum BPU contribution a month"), budget.monthly_idr, "budget.monthly_idr"],
            ["text", "idr", "text"],
        )
        sheet.row([_("Total"), budget.total_idr, "budget.total_idr"], ["text", "idr", "text"])
    sheet.finish({1: 46, 2: 16, 3: 26})


def _segments(book: Workbook, r: ReportContent) -> None:
    sheet = _Sheet(book, _("Segments"), simulated=r.simulated)
    sheet.header([_("Segment"), _("Active"), _("Inactive"), _("Registered"), _("Share of active")])
    for s in r.indicators.segments:
        sheet.row(
            [s.segment, s.active, s.inactive, s.registered, s.share_of_active],
            ["text", "int", "int", "int", "pct"],
        )
    sheet.finish({1: 12, 2: 14, 3: 14, 4: 14, 5: 16})


def _trend(book: Workbook, r: ReportContent) -> None:
    sheet = _Sheet(book, _("Trend"), simulated=r.simulated)
    # Each month's coverage with its denominator beside it: the month of the workforce figure (for a parent
    # the last and the first month used) and its sources, as the summary sheet gives them.
    sheet.header(
        [
            _("Month"),
            _("Coverage"),
            _("Working population, month of the figure"),
            _("Working population, first month used"),
            _("Working population, source"),
            _("Target"),
            *[_("%(segment)s active") % {"segment": s} for s in SEGMENTS],
        ]
    )
    for p in r.page.trend:
        sheet.row(
            [
                p.period,
                p.coverage_rate,
                p.workers_period,
                p.workers_period_from,
                "; ".join(p.workforce_sources),
                p.target_rate,
                *[p.segments_active.get(s) for s in SEGMENTS],
            ],
            ["month", "pct", "month", "month", "text", "pct", *["int"] * len(SEGMENTS)],
        )
    sheet.finish({1: 12, 2: 12, 3: 14, 4: 14, 5: 30, 6: 12})


# The cells of a sub-region's row: rank, code, name, coverage, band, active, workers, the denominator's
# month, first month used (a parent's figures may be of several months) and sources, target, gap, workers
# to target, changes on the month and the year, and its warnings in words.
CHILD_KINDS = (
    *("int", "text", "text", "pct", "text", "int", "int", "month", "month", "text"),
    *("pct", "points", "int", "points", "points", "text"),
)


def _children(book: Workbook, r: ReportContent) -> None:
    if not r.page.children:
        return
    sheet = _Sheet(book, _("Sub-regions"), simulated=r.simulated)
    sheet.header(
        [
            _("Rank"),
            _("Code"),
            _("Region"),
            _("Coverage"),
            _("Category"),
            _("Active"),
            _("Workers"),
            _("Working population, month of the figure"),
            _("Working population, first month used"),
            _("Working population, source"),
            _("Target"),
            _("Gap to target"),
            _("Workers to target"),
            _("Change on month"),
            _("Change on year"),
            _("Data quality"),
        ]
    )
    for c in r.page.children:
        sheet.row(
            [
                c.rank,
                c.region_code,
                c.region_name,
                c.coverage_rate,
                band_label(c.band),
                c.active,
                c.workers,
                c.workers_period,
                c.workers_period_from,
                "; ".join(c.workforce_sources),
                c.target_rate,
                c.target_gap_points,
                c.workers_to_target,
                c.change_month_points,
                c.change_year_points,
                warnings_sentence(c.warnings, r.lang),
            ],
            CHILD_KINDS,
        )
    sheet.finish({3: 34, 8: 14, 9: 14, 10: 30, 16: 60})


def _section(book: Workbook, title: str, lines: list[str], tables: list[Any], *, simulated: bool) -> None:
    sheet = _Sheet(book, title, simulated=simulated)
    for line in lines:
        sheet.row([line])
    for table in tables:
        if sheet.next_row > 1:
            sheet.blank()
        if table.title:
            sheet.row([table.title], bold=True)
        columns: list[Column] = table.columns
        sheet.header([c.header for c in columns])
        for index, row in enumerate(table.rows):
            sheet.row(list(row), [_cell_kind(c.kind) for c in columns], bold=index in table.totals)
        if table.note:
            sheet.row([table.note])
    sheet.finish({i: c.width for table in tables for i, c in enumerate(table.columns, start=1)})


def _cell_kind(kind: CellKind) -> str:
    return kind


def _sources(book: Workbook, r: ReportContent) -> None:
    sheet = _Sheet(book, _("Data sources"), simulated=r.simulated)
    # Every batch behind the figures of the month, with the months (or years) of it that were used.
    # The dataset in words (as the PDF names it), and its name in the import contract in the last column.
    sheet.header(
        [
            _("Dataset"),
            _("File"),
            _("Imported"),
            _("Rows"),
            _("Months or years"),
            _("Sources"),
            _("Batch"),
            _("Key (API)"),
        ]
    )
    for b in r.sources:
        periods = f"{b.periods[0]} – {b.periods[-1]}" if len(b.periods) > 1 else "".join(b.periods)
        sheet.row(
            [
                dataset_label(b.dataset),
                b.file_name,
                b.created_at,
                b.rows,
                periods,
                "; ".join(b.sources),
                b.batch_id,
                b.dataset,
            ],
            ["text", "text", "datetime", "int", "text", "text", "int", "text"],
        )
    sheet.finish({1: 34, 2: 40, 3: 18, 4: 10, 5: 20, 6: 30, 7: 8, 8: 20})


def report_xlsx(content: ReportContent) -> bytes:
    with translation.override(content.lang):
        book = Workbook()
        default = book.active
        if default is not None:
            book.remove(default)
        _headline(book, content)
        _segments(book, content)
        _trend(book, content)
        _children(book, content)
        for section in content.sections:
            _section(book, section.sheet_name, section.lines, section.tables, simulated=content.simulated)
        _sources(book, content)
        book.properties.title = _("Monev report: %(name)s") % {"name": content.region.name}
        book.properties.creator = "Cakupan"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def _document_cover(book: Workbook, d: Document) -> None:
    sheet = _Sheet(book, _("Summary"), simulated=d.simulated)
    sheet.row([d.title], bold=True)
    sheet.row([d.subtitle])
    for label, value in d.facts:
        sheet.row([label, value])
    sheet.row([_("Report made"), d.generated_at], ["text", "datetime"])
    sheet.blank()
    sheet.header([_("Indicator"), _("Value"), _("Note"), _("Key (API)")])
    for f in d.figures:
        sheet.row([f.label, f.value, f.note, f.key], ["text", f.kind, "text", "text"])
    sheet.finish({1: 40, 2: 18, 3: 30, 4: 24})


def document_xlsx(document: Document) -> bytes:
    """The cover and headline figures on a first sheet, then a sheet for each section."""
    with translation.override(document.lang):
        book = Workbook()
        default = book.active
        if default is not None:
            book.remove(default)
        _document_cover(book, document)
        for section in document.sections:
            _section(book, section.sheet_name, section.lines, section.tables, simulated=document.simulated)
        book.properties.title = f"{document.title}: {document.subtitle}"
        book.properties.creator = "Cakupan"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


__all__ = ["Cell", "document_xlsx", "report_xlsx"]
