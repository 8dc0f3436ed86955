"""The minutes (notulen) of a Monev meeting as PDF (WeasyPrint, the reports' base template and fonts) and
DOCX (python-docx): the agenda, who was invited and came, the open follow-ups of the previous meeting,
findings, recommendations and the follow-ups agreed, and the signature block. Both read one `Minutes`
(`selectors.meeting_minutes`) in one language, Indonesian unless asked for English."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cakupan.common.formatting import MONTHS
from cakupan.imports.selectors import data_is_simulated
from cakupan.indicators.models import Target
from cakupan.monev.meetings.models import FollowUp
from cakupan.monev.meetings.selectors import Minutes
from cakupan.monev.targets.commitments import figure_text
from cakupan.reports.services import FORMATS, Rendered, ReportError

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def long_date(day: date, lang: str) -> str:
    """5 Desember 2026 / 5 December 2026: the way a signed letter dates itself."""
    return f"{day.day} {MONTHS['en' if lang == 'en' else 'id'][day.month - 1]} {day.year}"


def file_stem(minutes: Minutes, lang: str) -> str:
    m = minutes.meeting
    return f"notulen-{m.region_id}-{m.held_on.isoformat()}-{lang}"


def _follow_up_rows(rows: list[FollowUp], lang: str) -> list[list[str]]:
    return [[f.action, f.responsible, long_date(f.due_on, lang), str(f.get_status_display())] for f in rows]


def _commitment_rows(commitments: Iterable[Target], lang: str) -> list[list[str]]:
    """What the meeting committed to (`selectors.meeting_commitments`, as the reader may see them): the
    region, the figure it commits to reach by when, and the office that owns it."""
    return [
        [
            c.region.name,
            str(c.get_indicator_display()),
            figure_text(c.value, c, lang),
            long_date(c.deadline, lang) if c.deadline else "–",
            c.owner.name if c.owner else "–",
        ]
        for c in commitments
    ]


def _attendee_rows(minutes: Minutes) -> list[list[str]]:
    rows = []
    for a in minutes.attendees:
        came = _("present") if a.attended else _("absent")
        if a.head_of_region:
            came = _("present (head of region in person)")
        rows.append([a.agency, a.position or "–", a.person_name or "–", came])
    return rows


def _context(minutes: Minutes, lang: str, commitments: Iterable[Target] = ()) -> dict[str, object]:
    m = minutes.meeting
    return {
        "commitment_rows": _commitment_rows(commitments, lang),
        "commitment_head": [_("Region"), _("Indicator"), _("Target"), _("Deadline"), _("Owning office")],
        "m": minutes,
        "meeting": m,
        "held_on": long_date(m.held_on, lang),
        "attendee_rows": _attendee_rows(minutes),
        "agenda": [line.strip() for line in m.agenda.splitlines() if line.strip()],
        "follow_up_rows": _follow_up_rows(minutes.follow_ups, lang),
        "previous_rows": _follow_up_rows(minutes.previous_open, lang),
        "previous_on": long_date(minutes.previous.held_on, lang) if minutes.previous else "",
        "follow_up_head": [_("Action"), _("Responsible institution"), _("Due date"), _("Status")],
        "attendee_head": [_("Agency"), _("Position"), _("Name"), _("Attendance")],
        "generated_at": timezone.localtime(),
    }


def minutes_html(minutes: Minutes, *, lang: str, simulated: bool, commitments: Iterable[Target] = ()) -> str:
    with translation.override(lang):
        return render_to_string(
            "monev/minutes_pdf.html",
            _context(minutes, lang, commitments)
            | {
                "lang": lang,
                "simulated": simulated,
                "site_name": settings.CAKUPAN_SITE_NAME,
                "page_label": _("Page"),
                "of_label": _("of"),
            },
        )


def minutes_pdf(minutes: Minutes, *, lang: str, simulated: bool, commitments: Iterable[Target] = ()) -> bytes:
    from cakupan.reports.pdf import html_pdf

    return html_pdf(minutes_html(minutes, lang=lang, simulated=simulated, commitments=commitments))


def _docx_table(doc: object, head: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(head))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def minutes_docx(
    minutes: Minutes, *, lang: str, simulated: bool, commitments: Iterable[Target] = ()
) -> bytes:
    """An editable DOCX of the same text as the PDF (the secretary finishes and prints it)."""
    from docx import Document as DocxDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    with translation.override(lang):
        c = _context(minutes, lang, commitments)
        m = minutes.meeting
        doc = DocxDocument()
        doc.core_properties.title = _("Minutes of the Monev meeting")
        doc.core_properties.author = settings.CAKUPAN_SITE_NAME
        if simulated:
            doc.add_paragraph().add_run(_("Simulated data")).bold = True
        title = doc.add_heading(_("Minutes of the Monev meeting"), level=0)
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        sub = doc.add_paragraph(_("Employment social security coverage (Inpres 2/2021)"))
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        facts = [
            (_("Region"), m.region.name),
            (_("Date"), str(c["held_on"])),
            (_("Place"), m.place),
        ]
        others = list(m.other_regions.all())
        if others:
            facts.append((_("Other regions discussed"), ", ".join(r.name for r in others)))
        for label, value in facts:
            p = doc.add_paragraph()
            p.add_run(f"{label}: ").bold = True
            p.add_run(value)

        doc.add_heading(_("Agenda"), level=1)
        for line in m.agenda.splitlines() or ["–"]:
            if line.strip():
                doc.add_paragraph(line.strip(), style="List Number")

        doc.add_heading(_("Attendance"), level=1)
        if minutes.attendees:
            doc.add_paragraph(
                _("%(present)d of %(invited)d invited agencies attended.")
                % {"present": len(minutes.present), "invited": len(minutes.attendees)}
            )
            doc.add_paragraph(
                _("The head of region attended in person.")
                if minutes.head_of_region_present
                else _("The head of region did not attend in person.")
            )
            _docx_table(doc, c["attendee_head"], c["attendee_rows"])  # type: ignore[arg-type]
        else:
            doc.add_paragraph(_("Institutions present: %(list)s") % {"list": ", ".join(m.institution_list())})

        if minutes.previous:
            doc.add_heading(_("Open follow-ups of the previous meeting"), level=1)
            doc.add_paragraph(_("Meeting of %(d)s") % {"d": c["previous_on"]})
            if c["previous_rows"]:
                _docx_table(doc, c["follow_up_head"], c["previous_rows"])  # type: ignore[arg-type]
            else:
                doc.add_paragraph(_("Every follow-up of the previous meeting is done or dropped."))

        sections = ((_("Findings"), minutes.findings), (_("Recommendations"), minutes.recommendations))
        for heading, items in sections:
            doc.add_heading(heading, level=1)
            if not items:
                doc.add_paragraph(_("None recorded."))
            for item in items:
                doc.add_paragraph(item.text, style="List Number")

        doc.add_heading(_("Commitments and follow-up actions"), level=1)
        if c["commitment_rows"]:
            doc.add_heading(_("Targets committed to"), level=2)
            _docx_table(doc, c["commitment_head"], c["commitment_rows"])  # type: ignore[arg-type]
            doc.add_heading(_("Follow-up actions"), level=2)
        if c["follow_up_rows"]:
            _docx_table(doc, c["follow_up_head"], c["follow_up_rows"])  # type: ignore[arg-type]
        else:
            doc.add_paragraph(_("None recorded."))

        doc.add_paragraph()
        doc.add_paragraph(f"{m.place}, {c['held_on']}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
        s = minutes.signatories
        sign = doc.add_table(rows=4, cols=2)
        sign.cell(0, 0).text = _("Chair")
        sign.cell(0, 1).text = _("Secretary")
        sign.cell(1, 0).text = s.chair_position if s else ""
        sign.cell(1, 1).text = s.secretary_position if s else ""
        sign.cell(2, 0).text = "\n\n\n"
        sign.cell(3, 0).text = s.chair_name if s else "(....................)"
        sign.cell(3, 1).text = s.secretary_name if s else "(....................)"
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def minutes_render(minutes: Minutes, *, fmt: str, lang: str, commitments: Iterable[Target] = ()) -> Rendered:
    """`commitments`: the meeting's commitments the reader may see (`selectors.meeting_commitments`)."""
    simulated = data_is_simulated()
    listed = list(commitments)
    if fmt == "pdf":
        data = minutes_pdf(minutes, lang=lang, simulated=simulated, commitments=listed)
        return Rendered(data, f"{file_stem(minutes, lang)}.pdf", FORMATS["pdf"])
    if fmt == "docx":
        data = minutes_docx(minutes, lang=lang, simulated=simulated, commitments=listed)
        return Rendered(data, f"{file_stem(minutes, lang)}.docx", DOCX_TYPE)
    raise ReportError(f"unknown format {fmt!r}: pdf or docx")
