"""The six-monthly national summary as a report (PDF, XLSX): the figures of the summary page, read through
the same selector (`selectors.national_summary`), laid out by cakupan.reports like the region report."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cakupan.common import formatting
from cakupan.imports.selectors import data_is_simulated
from cakupan.indicators import words
from cakupan.monev import selectors
from cakupan.monev.selectors import NationalSummary
from cakupan.reports.documents import Document, Figure
from cakupan.reports.sections import Column, Section, Table
from cakupan.reports.services import FORMATS, Rendered, ReportError

FIRST_YEAR = 2021  # Inpres 2/2021: the first report covers 2021


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
    rows: list[list[Any]] = [
        [
            _("Indonesia"),
            n.coverage_rate if n else None,
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
            "cities. Inpres instructions: those the province's own regulations act on. Funding: "
            "vulnerable workers whose contributions a budget pays in %(year)d. Follow-ups: of the Monev "
            "meetings held by the end of the half-year; overdue means due before its end and not done."
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


def summary_render(*, user: Any, year: int, half: int, fmt: str, lang: str) -> Rendered:
    """The summary as the user may read it (national roles: PermissionDenied otherwise)."""
    if fmt not in FORMATS:
        raise ReportError(f"unknown format {fmt!r}: pdf or xlsx")
    summary = selectors.national_summary(user, year=year, half=half)
    document = summary_document(summary, lang=lang, simulated=data_is_simulated())
    if fmt == "pdf":
        from cakupan.reports.pdf import document_pdf

        data = document_pdf(document)
    else:
        from cakupan.reports.xlsx import document_xlsx

        data = document_xlsx(document)
    return Rendered(data, f"{document.file_name_stem}.{fmt}", FORMATS[fmt])
