"""What the Monev register adds to a region's report: regulations and budgets, and open follow-ups."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cakupan.monev import commitments, selectors
from cakupan.reports.sections import Column, Section, Table, report_section


@report_section(order=10)
def regulations_and_budgets(user: Any, code: str, period: str) -> Section | None:
    try:
        region = selectors.region_public(code=code)
    except Http404:
        return None
    regulations = selectors.regulation_list(user, region=region)
    funding = selectors.funding_page(user, region=region)
    regulation_table = Table(
        title=_("Regulations"),
        columns=[
            Column(_("Region"), width=24),
            Column(_("Type"), width=14),
            Column(_("Number"), width=18),
            Column(_("Date"), "date", width=12),
            Column(_("Title"), width=60),
        ],
        rows=[[r.region.name, r.get_kind_display(), r.number, r.issued_on, r.title] for r in regulations],
    )
    funding_table = Table(
        title=_("Vulnerable-worker funding"),
        columns=[
            Column(_("Region"), width=24),
            Column(_("Year"), width=8),
            Column(_("Funder"), width=18),
            Column(_("Workers"), "int"),
            Column(_("Months"), "int", width=8),
            Column(_("Amount"), "idr", width=18),
            Column(_("Check"), width=40),
        ],
        rows=[
            [
                line.row.region.name,
                str(line.row.year),
                line.row.get_funder_display(),
                line.row.workers,
                line.row.months,
                line.row.amount_idr,
                _check_text(line),
            ]
            for line in funding.lines
        ],
        note=_("Check: the amount against workers × months × the minimum BPU contribution of the year."),
    )
    return Section(
        key="regulations",
        title=_("Regulations and budgets"),
        tables=[regulation_table, funding_table],
        batch_ids=sorted({line.row.batch_id for line in funding.lines}),
    )


def _check_text(line: Any) -> str:
    if line.check is None:
        return line.check_error
    return _("agrees") if line.check.agrees else _("differs from the expected amount")


@report_section(order=20)
def targets_and_commitments(user: Any, code: str, period: str) -> Section | None:
    """The region's targets and commitments the reader may see, measured today from the figures."""
    today = timezone.localdate()
    found = list(selectors.commitments_shown_for(user, region_code=code, today=today)[:200])
    if not found:
        return None
    lang = get_language() or "id"
    measures = commitments.measure_all(found, today=today)
    table = Table(
        title="",
        columns=[
            Column(_("Deadline"), "date", width=12),
            Column(_("Status"), width=12),
            Column(_("Region"), width=22),
            Column(_("Indicator"), width=30),
            Column(_("Target"), width=14),
            Column(_("Now"), width=14),
            Column(_("Expected by the deadline"), width=14),
            Column(_("Owning office"), width=30),
            Column(_("Source"), width=40),
        ],
        rows=[
            [
                m.commitment.deadline,
                m.status_label,
                m.commitment.region.name,
                m.commitment.get_indicator_display(),
                commitments.figure_text(m.commitment.value, m.commitment, lang),
                commitments.figure_text(m.current, m.commitment, lang),
                commitments.figure_text(m.projected, m.commitment, lang),
                m.commitment.owner.name if m.commitment.owner else "",
                m.commitment.source,
            ]
            for m in measures
        ],
        note=_(
            "Progress is measured from the imported figures; the status projects the recent pace to the "
            "deadline (met, on track, at risk, late, no data)."
        ),
    )
    return Section(key="commitments", title=_("Targets and commitments"), tables=[table])


@report_section(order=30)
def open_follow_ups(user: Any, code: str, period: str) -> Section | None:
    """Only for readers who may see meeting records of the region; the public report leaves it out."""
    if not selectors.can_read_records(user, code):
        return None
    today = timezone.localdate()
    rows = selectors.open_follow_ups_in(user, code=code)
    table = Table(
        title="",
        columns=[
            Column(_("Meeting"), "date", width=12),
            Column(_("Region"), width=22),
            Column(_("Action"), width=50),
            Column(_("Responsible"), width=26),
            Column(_("Due"), "date", width=12),
            Column(_("Status"), width=14),
        ],
        rows=[
            [
                f.meeting.held_on,
                f.region.name,
                f.action,
                f.responsible,
                f.due_on,
                (_("overdue") if f.due_on < today else f.get_status_display()),
            ]
            for f in rows
        ],
    )
    return Section(key="follow_ups", title=_("Open follow-ups"), tables=[table])
