"""The six-monthly national summary as a report (PDF, XLSX): the figures of the summary page, read through
the same selector (`cakupan.monev.selectors.national_summary`), laid out by cakupan.reports like the
region report. Other apps add tables to it with `semester_part` (compliance its cases)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cakupan.charts.specs import segment_name
from cakupan.common import formatting
from cakupan.core.codes import NATIONAL
from cakupan.imports.selectors import data_is_simulated
from cakupan.indicators import words
from cakupan.monev.benefits.selectors import RegionBenefits, region_benefits
from cakupan.monev.staff.models import StaffCoverage
from cakupan.monev.staff.selectors import StaffCell, national_staff_coverage
from cakupan.monev.summary import selectors
from cakupan.monev.summary.models import AddresseeReport, SemesterNarrative
from cakupan.monev.summary.selectors import NationalSummary
from cakupan.reports.documents import Document, Figure
from cakupan.reports.sections import Column, Section, Table
from cakupan.reports.services import FORMATS, Rendered, ReportError

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REPORT_FORMATS = {**FORMATS, "docx": DOCX_TYPE}

FIRST_YEAR = 2021  # Inpres 2/2021: the first report covers 2021


@dataclass(frozen=True)
class SemesterPart:
    """A table another app adds to the six-monthly report's registers (compliance registers its cases):
    `gather(user)` reads its figures when the report is made, `table(figures)` lays them out in the active
    language."""

    key: str
    gather: Callable[[Any], Any]
    table: Callable[[Any], Table]


SEMESTER_PARTS: dict[str, SemesterPart] = {}


def semester_part(key: str, *, gather: Callable[[Any], Any], table: Callable[[Any], Table]) -> None:
    """Register a table of the six-monthly report (from the owning app's `ready()`)."""
    SEMESTER_PARTS[key] = SemesterPart(key, gather, table)


def default_semester(today: date) -> tuple[int, int]:
    """The last half-year that has ended."""
    return (today.year, 1) if today.month > 6 else (today.year - 1, 2)


def parse_semester(raw: str, *, today: date) -> tuple[int, int]:
    """`2024-1` → (2024, 1); anything else → the last half-year that has ended."""
    year, _sep, half = raw.partition("-")
    if year.isdigit() and half in ("1", "2") and 2000 <= int(year) <= 2100:
        return int(year), int(half)
    return default_semester(today)


def semester_choices(today: date) -> list[str]:
    return [f"{y}-{h}" for y in range(today.year, FIRST_YEAR - 1, -1) for h in (2, 1)]


def province_table(summary: NationalSummary) -> Table:
    """The nation (the provinces' totals) then each province: the table of the page."""
    n = summary.national
    totals = summary.totals
    lang = translation.get_language()
    rows: list[list[Any]] = [
        [
            _("Indonesia"),
            n.coverage_rate if n else None,
            words.denominator_text(n, lang, short=True) if n else "",
            n.target_rate if n else None,
            n.target_gap_points if n else None,
            totals["regulations"],
            totals["regulations_in_semester"],
            None,
            totals["funded_workers"],
            totals["funded_idr"],
            totals["follow_ups_done"],
            totals["follow_ups_open"],
            totals["follow_ups_overdue"],
        ]
    ]
    incomplete: list[str] = []
    for p in summary.provinces:
        i = p.indicators
        if i is not None and i.incomplete:
            # Not a headline figure: the partial rate and its completeness go to the note instead.
            incomplete.append(
                _("%(name)s: %(rate)s over %(completeness)s")
                % {
                    "name": p.region.name,
                    "rate": formatting.fmt_pct(i.coverage_rate, translation.get_language()),
                    "completeness": words.completeness_text(i, translation.get_language()),
                }
            )
        rows.append(
            [
                p.region.name,
                i.coverage_rate if i and i.ranked else None,
                words.denominator_text(i, lang, short=True) if i else "",
                i.target_rate if i else None,
                i.target_gap_points if i else None,
                p.regulations,
                p.regulations_in_semester,
                p.instructions_acted_on,
                p.funded_workers,
                p.funded_idr,
                p.follow_ups_done,
                p.follow_ups_open,
                p.follow_ups_overdue,
            ]
        )
    return Table(
        title="",
        columns=[
            Column(_("Province"), width=30),
            Column(_("Coverage"), "pct", width=11),
            Column(_("Workforce behind the rate"), width=22),
            Column(_("Target"), "pct", width=11),
            Column(_("Points to target"), "gap", width=12),
            Column(_("Regulations"), "int", width=12),
            Column(_("Issued in the half-year"), "int", width=12),
            Column(
                _("Inpres instructions acted on (of %(n)d)") % {"n": summary.instructions}, "int", width=14
            ),
            Column(_("Workers funded"), "int", width=14),
            Column(_("Funding"), "idr", width=20),
            Column(_("Follow-ups done"), "int", width=12),
            Column(_("Open"), "int", width=9),
            Column(_("Overdue"), "int", width=9),
        ],
        rows=rows,
        note=_(
            "Regulations: in force at the end of the half-year in the province and its regencies and "
            "cities. Inpres instructions: those the province's own regulations act on, except the budget "
            "instruction, which a budget meets. Workers funded: by every funder in %(year)d; funding: the "
            "rupiah of the regional budgets (APBD provinsi, kabupaten/kota, APBDes). Follow-ups: of the "
            "Monev meetings held by the end of the half-year, done by its end; a dropped one is not "
            "counted; overdue means due before its end and not done."
        )
        % {"year": summary.year}
        + (
            " "
            + _("Coverage incomplete (too little of the workforce measured), not shown: %(list)s.")
            % {"list": "; ".join(incomplete)}
            if incomplete
            else ""
        ),
        totals=(0,),
    )


def summary_figures(summary: NationalSummary) -> list[Figure]:
    lang = translation.get_language()
    n = summary.national
    totals = summary.totals
    target_note = (
        _("target %(t)s") % {"t": formatting.fmt_pct(n.target_rate, lang)} if n and n.target_rate else ""
    )
    workers_note = (
        _("%(n)s workers to reach the target") % {"n": formatting.fmt_int(n.workers_to_target, lang)}
        if n and n.workers_to_target is not None
        else ""
    )
    if n is not None and n.incomplete:
        target_note = _("incomplete: %(completeness)s") % {"completeness": words.completeness_text(n, lang)}
    return [
        Figure(
            _("National coverage"),
            n.coverage_rate if n and n.ranked else None,
            "pct",
            target_note,
            "coverage_rate",
        ),
        Figure(
            _("Points to target"),
            n.target_gap_points if n else None,
            "gap",
            workers_note,
            "target_gap_points",
        ),
        Figure(
            _("Active participants"),
            n.active if n else None,
            "int",
            _("of %(n)s workers") % {"n": formatting.fmt_int(n.workers, lang)} if n else "",
            "active",
        ),
        Figure(
            _("Regulations in force"),
            totals["regulations"],
            "int",
            _("%(n)s issued in the half-year")
            % {"n": formatting.fmt_int(totals["regulations_in_semester"], lang)},
            "regulations",
        ),
        Figure(
            _("Vulnerable workers funded"),
            totals["funded_workers"],
            "int",
            _("in %(year)d, every funder") % {"year": summary.year},
            "funded_workers",
        ),
        Figure(_("Vulnerable-worker funding"), totals["funded_idr"], "idr", "", "funded_idr"),
        Figure(
            _("Follow-ups done"),
            totals["follow_ups_done"],
            "int",
            _("%(n)s still open") % {"n": formatting.fmt_int(totals["follow_ups_open"], lang)},
            "follow_ups_done",
        ),
        Figure(
            _("Follow-ups overdue"),
            totals["follow_ups_overdue"],
            "int",
            _("open and past their due date"),
            "follow_ups_overdue",
        ),
    ]


def previous_semester(year: int, half: int) -> tuple[int, int]:
    return (year, 1) if half == 2 else (year - 1, 2)


@dataclass
class SemesterReport:
    """The six-monthly report to the President: the summary of the half-year beside the one before, and
    what the figures of the other registers say, each read through its own selector."""

    summary: NationalSummary
    previous: NationalSummary
    staff: dict[str, StaffCell]
    staff_previous: dict[str, StaffCell]
    benefits: RegionBenefits
    benefit_claims: int  # claims paid in the half-year's months
    benefit_amount_idr: int
    addressee_reports: list[AddresseeReport]
    narrative: SemesterNarrative | None
    # The latest poverty list matched by the half-year's end, as published (public aggregates), or None.
    poverty: Any = None
    # The figures of the registered parts (SEMESTER_PARTS) by key, as of the report's making.
    parts: dict[str, Any] = field(default_factory=dict)


def _semester_last(year: int, half: int) -> str:
    return f"{year}-{'06' if half == 1 else '12'}"


def semester_report(user: Any, *, year: int, half: int) -> SemesterReport:
    """National roles only (`selectors.national_summary` refuses the others)."""
    from cakupan.participants.report_sections import poverty_report_summary

    summary = selectors.national_summary(user, year=year, half=half)
    before_year, before_half = previous_semester(year, half)
    previous = selectors.national_summary(user, year=before_year, half=before_half)
    last = _semester_last(year, half)
    benefits = region_benefits(user, code=NATIONAL, period=last, months=6)
    first = f"{year}-{'01' if half == 1 else '07'}"
    in_half = [m for m in benefits.trend if first <= m.period <= last]
    return SemesterReport(
        summary=summary,
        previous=previous,
        staff=national_staff_coverage(year=year, last=last),
        staff_previous=national_staff_coverage(
            year=before_year, last=_semester_last(before_year, before_half)
        ),
        benefits=benefits,
        benefit_claims=sum(m.claims for m in in_half),
        benefit_amount_idr=sum(m.amount_idr for m in in_half),
        addressee_reports=list(selectors.addressee_report_list(user, year=year, half=half)),
        narrative=selectors.semester_narrative(user, year=year, half=half),
        poverty=poverty_report_summary(code=NATIONAL, period=last),
        parts={key: part.gather(user) for key, part in SEMESTER_PARTS.items()},
    )


def _change(now: int | None, before: int | None) -> int | None:
    return None if now is None or before is None else now - before


def _points(now: Fraction | None, before: Fraction | None) -> Fraction | None:
    return None if now is None or before is None else now - before


def change_tables(report: SemesterReport) -> list[Table]:
    """The half-year beside the one before: coverage (percent, points), then counts and funding."""
    n, p = report.summary.national, report.previous.national
    now, before = report.summary.totals, report.previous.totals
    this_half = _("%(year)d, half %(half)d") % {"year": report.summary.year, "half": report.summary.half}
    last_half = _("%(year)d, half %(half)d") % {"year": report.previous.year, "half": report.previous.half}
    rate_now = n.coverage_rate if n and n.ranked else None
    rate_before = p.coverage_rate if p and p.ranked else None
    coverage = Table(
        title=_("Change on the previous half-year"),
        columns=[
            Column(_("Figure"), width=34),
            Column(this_half, "pct", width=18),
            Column(last_half, "pct", width=18),
            Column(_("Change (points)"), "points", width=16),
        ],
        rows=[[_("National coverage"), rate_now, rate_before, _points(rate_now, rate_before)]],
    )
    rows: list[list[Any]] = []
    for label, value_now, value_before in (
        (_("Active participants"), n.active if n else None, p.active if p else None),
        (_("Workers"), n.workers if n else None, p.workers if p else None),
    ):
        rows.append([label, value_now, value_before, _change(value_now, value_before)])
    for key, label in (
        ("regulations", _("Regulations in force")),
        ("funded_workers", _("Vulnerable workers funded")),
        ("follow_ups_done", _("Follow-ups done")),
        ("follow_ups_overdue", _("Follow-ups overdue")),
    ):
        rows.append([label, now[key], before[key], now[key] - before[key]])
    counts = Table(
        title="",
        columns=[
            Column(_("Figure"), width=34),
            Column(this_half, "int", width=18),
            Column(last_half, "int", width=18),
            Column(_("Change"), "int", width=16),
        ],
        rows=rows,
    )
    funding = Table(
        title="",
        columns=[
            Column(_("Figure"), width=34),
            Column(this_half, "idr", width=18),
            Column(last_half, "idr", width=18),
            Column(_("Change"), "idr", width=16),
        ],
        rows=[
            [
                _("Vulnerable-worker funding"),
                now["funded_idr"],
                before["funded_idr"],
                now["funded_idr"] - before["funded_idr"],
            ]
        ],
        note=_("Funding: budgets of the year of each half-year; a fall shows as a negative change."),
    )
    return [coverage, counts, funding]


def segment_table(report: SemesterReport) -> Table:
    n, p = report.summary.national, report.previous.national
    before = {s.segment: s for s in (p.segments if p else [])}
    rows: list[list[Any]] = []
    for s in n.segments if n else []:
        old = before.get(s.segment)
        rows.append(
            [
                segment_name(s.segment),
                s.active,
                s.share_of_active,
                old.active if old else None,
                _change(s.active, old.active if old else None),
            ]
        )
    return Table(
        title=_("Participants by segment"),
        columns=[
            Column(_("Segment"), width=30),
            Column(_("Active"), "int", width=16),
            Column(_("Share of active"), "pct", width=12),
            Column(_("Active, previous half-year"), "int", width=18),
            Column(_("Change"), "int", width=14),
        ],
        rows=rows,
    )


def staff_table(report: SemesterReport) -> Table:
    rows: list[list[Any]] = []
    for group, label in StaffCoverage.Group.choices:
        now, before = report.staff.get(group), report.staff_previous.get(group)
        if now is None and before is None:
            continue
        rows.append(
            [
                str(label),
                now.staff if now else None,
                now.covered if now else None,
                now.rate if now else None,
                before.rate if before else None,
            ]
        )
    return Table(
        title=_("Non-ASN staff, village officials and election organisers"),
        columns=[
            Column(_("Group"), width=28),
            Column(_("Staff"), "int", width=14),
            Column(_("Covered"), "int", width=14),
            Column(_("Coverage"), "pct", width=12),
            Column(_("Coverage, previous half-year"), "pct", width=16),
        ],
        rows=rows,
        note=_("Each agency's latest figure of the year up to the end of the half-year, summed."),
    )


def part_tables(report: SemesterReport) -> list[Table]:
    """The tables of the registered parts, in the active language."""
    return [part.table(report.parts.get(key)) for key, part in SEMESTER_PARTS.items()]


def benefit_table(report: SemesterReport) -> Table:
    b = report.benefits
    rows: list[list[Any]] = [[line.label, line.claims, line.amount_idr] for line in b.lines]
    month = formatting.fmt_month(b.period, translation.get_language())
    return Table(
        title=_("Benefits paid in %(month)s") % {"month": month} if b.period else _("Benefits paid"),
        columns=[
            Column(_("Program"), width=30),
            Column(_("Claims"), "int", width=14),
            Column(_("Amount"), "idr", width=22),
        ],
        rows=rows,
        note=_("In the half-year: %(claims)s claims, %(amount)s.")
        % {
            "claims": formatting.fmt_int(report.benefit_claims, translation.get_language()),
            "amount": formatting.fmt_idr(report.benefit_amount_idr, translation.get_language()),
        },
    )


def addressee_table(report: SemesterReport) -> Table:
    rows: list[list[Any]] = [
        [
            str(r.get_kind_display()),
            r.addressee,
            r.region.name,
            r.text,
            r.document.original_name if r.document else None,
            r.entered_by.get_username() if r.entered_by else None,
            r.entered_at.date(),
        ]
        for r in report.addressee_reports
    ]
    return Table(
        title=_("What the Inpres addressees reported"),
        columns=[
            Column(_("Addressee"), width=16),
            Column(_("Office"), width=30),
            Column(_("Region"), width=22),
            Column(_("What was reported"), width=60),
            Column(_("Document"), width=20),
            Column(_("Entered by"), width=16),
            Column(_("Entered on"), "date", width=12),
        ],
        rows=rows,
    )


def narrative_lines(report: SemesterReport) -> tuple[list[str], list[str]]:
    n = report.narrative
    obstacles = [line for line in (n.obstacles if n else "").splitlines() if line.strip()]
    recommendations = [line for line in (n.recommendations if n else "").splitlines() if line.strip()]
    return obstacles, recommendations


def summary_document(summary: NationalSummary, *, lang: str, simulated: bool) -> Document:
    with translation.override(lang):
        facts = [
            (_("Half-year"), f"{summary.start.isoformat()} – {summary.end.isoformat()}"),
            (_("Coverage figures of"), formatting.fmt_month(summary.period, lang)),
        ]
        return Document(
            title=_("Six-monthly national summary"),
            subtitle=_("%(year)d, half %(half)d") % {"year": summary.year, "half": summary.half},
            lang=lang,
            generated_at=timezone.localtime(),
            simulated=simulated,
            file_stem=f"ringkasan-nasional-{summary.year}-{summary.half}",
            facts=facts,
            figures=summary_figures(summary),
            sections=[
                Section(
                    key="provinces",
                    title=_("By province"),
                    lines=[
                        _(
                            "Inpres 2/2021: the coordinating ministry reports to the President every six "
                            "months."
                        )
                    ],
                    tables=[province_table(summary)],
                )
            ],
            landscape=True,
        )


def semester_document(report: SemesterReport, *, lang: str, simulated: bool) -> Document:
    """The whole six-monthly report: the summary's figures and provinces, then the change on the previous
    half-year, segments, non-ASN staff, compliance, benefits, the addressees' reports and the narrative."""
    from cakupan.participants.report_sections import poverty_national_table

    document = summary_document(report.summary, lang=lang, simulated=simulated)
    with translation.override(lang):
        obstacles, recommendations = narrative_lines(report)
        registers = [
            segment_table(report),
            staff_table(report),
            *part_tables(report),
            benefit_table(report),
        ]
        poverty = [] if report.poverty is None else [poverty_national_table(report.poverty)]
        document.sections = [
            *document.sections,
            Section(key="change", title=_("Change on the previous half-year"), tables=change_tables(report)),
            Section(
                key="registers", title=_("Segments, non-ASN staff, compliance and benefits"), tables=registers
            ),
            *([Section(key="poverty", title=_("Poorest deciles"), tables=poverty)] if poverty else []),
            Section(
                key="addressees",
                title=_("What the Inpres addressees reported"),
                tables=[addressee_table(report)],
            ),
            Section(key="obstacles", title=_("Obstacles"), lines=obstacles or [_("None recorded.")]),
            Section(
                key="recommendations",
                title=_("Recommendations"),
                lines=recommendations or [_("None recorded.")],
            ),
        ]
        for section in document.sections:
            for table in section.tables:
                if table.title == section.title:
                    table.title = ""  # the section's heading says it
    return document


def document_docx(document: Document) -> bytes:
    """A report laid out as an editable DOCX (python-docx): the cover facts, the headline figures, then
    each section's lines and tables, with the cells as the PDF prints them."""
    from docx import Document as DocxDocument
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    with translation.override(document.lang):
        doc = DocxDocument()
        doc.core_properties.title = document.title
        if document.landscape:
            page = doc.sections[0]
            page.orientation = WD_ORIENT.LANDSCAPE
            page.page_width, page.page_height = page.page_height, page.page_width
        if document.simulated:
            doc.add_paragraph().add_run(_("Simulated data")).bold = True
        doc.add_heading(document.title, level=0)
        doc.add_paragraph(document.subtitle)
        for label, value in [*document.facts, (_("Report made"), f"{document.generated_at:%Y-%m-%d %H:%M}")]:
            p = doc.add_paragraph()
            p.add_run(f"{label}: ").bold = True
            p.add_run(value)
        if document.figures:
            doc.add_heading(_("Headline figures"), level=1)
            table = doc.add_table(rows=0, cols=3)
            table.style = "Table Grid"
            for figure in document.figures:
                cells = table.add_row().cells
                cells[0].text = figure.label
                cells[1].text = figure.formatted.text
                cells[2].text = figure.note
        for section in document.sections:
            doc.add_heading(section.title, level=1)
            for line in section.lines:
                doc.add_paragraph(line)
            for t in section.tables:
                if t.title and t.title != section.title:
                    doc.add_heading(t.title, level=2)
                if not t.rows:
                    doc.add_paragraph(_("None recorded."))
                else:
                    grid = doc.add_table(rows=1, cols=len(t.columns))
                    grid.style = "Table Grid"
                    for cell, column in zip(grid.rows[0].cells, t.columns, strict=True):
                        cell.text = column.header
                        cell.paragraphs[0].runs[0].bold = True
                    for row in t.formatted:
                        for cell, shown_cell in zip(grid.add_row().cells, row, strict=True):
                            cell.text = shown_cell.text
                            for run in cell.paragraphs[0].runs:
                                run.font.size = Pt(8)
                if t.note:
                    doc.add_paragraph(t.note).runs[0].italic = True
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def summary_render(*, user: Any, year: int, half: int, fmt: str, lang: str) -> Rendered:
    """The six-monthly report as the user may read it (national roles: PermissionDenied otherwise)."""
    if fmt not in REPORT_FORMATS:
        raise ReportError(f"unknown format {fmt!r}: pdf, xlsx or docx")
    report = semester_report(user, year=year, half=half)
    document = semester_document(report, lang=lang, simulated=data_is_simulated())
    if fmt == "pdf":
        from cakupan.reports.pdf import document_pdf

        data = document_pdf(document)
    elif fmt == "docx":
        data = document_docx(document)
    else:
        from cakupan.reports.xlsx import document_xlsx

        data = document_xlsx(document)
    return Rendered(data, f"{document.file_name_stem}.{fmt}", REPORT_FORMATS[fmt])
