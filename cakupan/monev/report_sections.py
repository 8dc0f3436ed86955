"""What the Monev register adds to a region's report: regulations and budgets, and open follow-ups."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cakupan.common.formatting import fmt_month
from cakupan.monev import selectors
from cakupan.monev.benefits.selectors import region_benefits
from cakupan.monev.funding.selectors import funding_page
from cakupan.monev.meetings.selectors import open_follow_ups_in
from cakupan.monev.outreach.selectors import outreach_page
from cakupan.monev.regulations.selectors import regulation_list
from cakupan.monev.staff.selectors import staff_coverage_tables
from cakupan.monev.targets import commitments
from cakupan.monev.targets.selectors import commitments_shown_for
from cakupan.regions.models import Region
from cakupan.reports.sections import Cell, Column, Section, Table, report_section, shared, shown


@report_section(order=10)
def regulations_and_budgets(user: Any, code: str, period: str) -> Section | None:
    try:
        region = selectors.region_public(code=code)
    except Http404:
        return None
    regulations = regulation_list(user, region=region)
    funding = funding_page(user, region=region)
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
    found = list(commitments_shown_for(user, region_code=code, today=today)[:200])
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
            Column(_("Target"), width=14, nowrap=True),
            Column(_("Now"), width=14, nowrap=True),
            Column(_("Expected by the deadline"), width=14, nowrap=True),
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
    rows = open_follow_ups_in(user, code=code)
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


# --- the registers: non-ASN staff and village officials, benefits, Perisai agents, the scorecard ----------
# Each reads its page's selector (or the scorecard's function), so the report shows the page's figures.


@report_section(order=40)
def staff_coverage(user: Any, code: str, period: str) -> Section | None:
    """Per group (non-ASN staff, village officials, election organisers), each agency in the latest month
    up to the report's with figures: the column of the register's page for that month."""
    try:
        region = selectors.region_for_register(user, code=code)
    except (Http404, PermissionDenied):
        return None
    tables = []
    for found in staff_coverage_tables(user, region=region, months=STAFF_MONTHS):
        shown = [index for index, when in enumerate(found.periods) if when <= period]
        if not shown:
            continue
        index = shown[-1]
        rows: list[list[Cell]] = []
        for agency, cells in found.rows:
            cell = cells[index]
            if cell is not None:
                rows.append([agency, cell.staff, cell.covered, cell.rate])
        total = found.totals[index]
        if total is not None:
            rows.append([_("Total"), total.staff, total.covered, total.rate])
        tables.append(
            Table(
                title=_("%(group)s, %(month)s")
                % {"group": found.label, "month": fmt_month(found.periods[index], get_language())},
                columns=[
                    Column(_("Agency"), width=40),
                    Column(_("Staff"), "int"),
                    Column(_("Covered"), "int"),
                    Column(_("Share covered"), "pct"),
                ],
                rows=rows,
                totals=(len(rows) - 1,) if total is not None else (),
            )
        )
    if not tables:
        return None
    return Section(
        key="staff",
        title=_("Non-ASN staff and village officials"),
        sheet=_("Non-ASN and village officials"),
        lines=[_("Covered / staff per agency in the latest month up to the report's with figures.")],
        tables=tables,
    )


STAFF_MONTHS = 120  # every month the register holds, so that the report's month is among them


@report_section(order=50)
def benefits_paid(user: Any, code: str, period: str) -> Section | None:
    """Claims and amounts by program in the report's month (else the latest month before it with figures)
    and the monthly totals before it: the region's benefits page for that month."""
    try:
        data = region_benefits(user, code=code, period=period)
    except (Http404, PermissionDenied):
        return None
    if data.period is not None and data.period > period:
        # The month has no figures and the page would show a later one: the latest month before it.
        earlier = [m.period for m in region_benefits(user, code=code, months=BENEFIT_MONTHS).trend]
        before = [when for when in earlier if when < period]
        if not before:
            return None
        data = region_benefits(user, code=code, period=before[-1])
    if data.period is None or not data.lines:
        return None
    month = fmt_month(data.period, get_language())
    lines = [_("Claims paid in %(month)s") % {"month": month}]
    if data.from_children:
        lines[0] += " — " + _("sum of the regions below")
    program_rows: list[list[Cell]] = [[line.label, line.claims, line.amount_idr] for line in data.lines]
    programs = Table(
        title="",
        columns=[
            Column(_("Program"), width=40),
            Column(_("Claims"), "int"),
            Column(_("Amount"), "idr", width=22),
        ],
        rows=[
            *program_rows,
            [_("Total"), data.claims, data.amount_idr],
        ],
        totals=(len(data.lines),),
    )
    tables = [programs]
    if len(data.trend) > 1:
        tables.append(
            Table(
                title=_("Trend: claims and amounts by month"),
                columns=[
                    Column(_("Month"), "month", width=16),
                    Column(_("Claims"), "int"),
                    Column(_("Amount"), "idr", width=22),
                ],
                rows=[[m.period, m.claims, m.amount_idr] for m in data.trend],
            )
        )
    return Section(
        key="benefits",
        title=_("Benefits paid"),
        lines=lines,
        tables=tables,
        batch_ids=_benefit_batches(data.region.code, data.period, from_children=data.from_children),
    )


BENEFIT_MONTHS = 120


def _benefit_batches(code: str, period: str, *, from_children: bool) -> list[int]:
    """The import batches of the figures shown (the report lists them among its sources, and says "Data
    simulasi" when they are simulated)."""
    from cakupan.monev.benefits.models import BenefitFigure

    rows = BenefitFigure.objects.current().filter(period=period)
    rows = rows.filter(region__code__startswith=code + ".") if from_children else rows.filter(region_id=code)
    return sorted(set(rows.values_list("batch_id", flat=True)))


@report_section(order=60)
def perisai_outreach(user: Any, code: str, period: str) -> Section | None:
    """Only for readers with a role for the region (agents are people): its page, as recorded today."""
    if not selectors.can_read_records(user, code):
        return None
    try:
        page = outreach_page(user, region=selectors.region_public(code=code))
    except (Http404, PermissionDenied):
        return None
    if not page.agents and not page.socialisations:
        return None
    agent_rows: list[list[Cell]] = [
        [
            line.agent.name,
            line.agent.get_kind_display(),
            line.agent.region.name,
            line.latest.period if line.latest else None,
            line.latest.enrolled if line.latest else None,
            line.latest.active if line.latest else None,
            line.retention,
        ]
        for line in page.agents
    ]
    agents = Table(
        title=_("Perisai agents"),
        columns=[
            Column(_("Agent"), width=30),
            Column(_("Kind"), width=16),
            Column(_("Region"), width=22),
            Column(_("Month"), "month", width=12),
            Column(_("Enrolled"), "int"),
            Column(_("Kept active"), "int"),
            Column(_("Share active"), "pct"),
        ],
        rows=[*agent_rows, [_("Total"), "", "", None, page.enrolled, page.active, None]]
        if agent_rows
        else [],
        totals=(len(agent_rows),) if agent_rows else (),
        note=_("Each agent's latest month with figures: participants enrolled so far and kept active."),
    )
    activities = Table(
        title=_("Socialisation activities"),
        columns=[
            Column(_("Date"), "date", width=12),
            Column(_("Region"), width=22),
            Column(_("Place"), width=24),
            Column(_("Audience"), width=36),
            Column(_("Attendees"), "int"),
            Column(_("Organiser"), width=24),
        ],
        rows=[
            [s.held_on, s.region.name, s.place, s.audience, s.attendees, s.organiser]
            for s in page.socialisations
        ],
    )
    return Section(
        key="outreach",
        title=_("Perisai agents and socialisation"),
        sheet=_("Perisai agents, socialisation"),
        lines=[_("As recorded on %(date)s.") % {"date": timezone.localdate().isoformat()}],
        tables=[agents, activities],
    )


@report_section(order=70)
def monev_scorecard(user: Any, code: str, period: str) -> Section | None:
    """The region's row of the scorecard of the report's year among its siblings (the scorecard page of its
    parent), and for the nation and a province the ranking of the regions below it."""
    try:
        region = selectors.region_public(code=code)
    except Http404:
        return None
    year = int(period[:4])
    tables: list[Table] = []
    lines: list[str] = []
    cards = []
    if region.level in (Region.Level.PROVINCE, Region.Level.REGENCY) and region.parent_id:
        card = _scorecard(user, code=region.parent_id, year=year)
        cards.append(card)
        row = next((r for r in card.rows if r.region.code == region.code), None)
        if row is not None:
            labels = {w.aspect: w.label for w in card.weights}
            ranked = sum(1 for r in card.rows if r.rank is not None)
            index = shown(row.index, "gap").text
            lines.append(
                _("Index %(index)s; rank %(rank)s of %(of)s regions ranked.")
                % {"index": index, "rank": shown(row.rank, "int").text, "of": shown(ranked, "int").text}
                if row.rank is not None
                else _("Index %(index)s; not ranked.") % {"index": index}
            )
            lines.append(_("Weight with data: %(share)s") % {"share": shown(row.covered_pct, "pct").text})
            lines.append(_("Targets and commitments due: %(text)s") % {"text": row.commitments_text})
            tables.append(
                Table(
                    title=_("Aspects"),
                    columns=[
                        Column(_("Aspect"), width=34),
                        Column(_("Value"), width=40),
                        Column(_("Score"), "gap"),
                        Column(_("Weight"), "decimal", width=10),
                    ],
                    rows=[[labels.get(a.aspect, a.aspect), a.value, a.score, a.weight] for a in row.aspects],
                    note=_("–: no data."),
                )
            )
    if region.level in (Region.Level.NATIONAL, Region.Level.PROVINCE):
        card = _scorecard(user, code=region.code, year=year)
        cards.append(card)
        tables.append(
            Table(
                title=_("Provinces") if region.level == Region.Level.NATIONAL else _("Regencies and cities"),
                columns=[
                    Column(_("Rank"), "int", width=8),
                    Column(_("Region"), width=34),
                    Column(_("Index"), "gap"),
                    Column(_("Weight with data"), "pct", width=16),
                ],
                rows=[[r.rank, r.region.name, r.index, r.covered_pct] for r in card.rows],
            )
        )
    if not tables:
        return None
    card_period = next((c.period for c in cards if c.period), None)
    if card_period:
        lines.insert(
            0,
            _("Coverage figures of %(month)s, the latest month of the year.")
            % {"month": fmt_month(card_period, get_language())},
        )
    rules = [
        _(
            "Each aspect scores 0 to 100; the index is the weighted mean of the aspects with data. An aspect "
            "without data shows no data and is left out of the index."
        )
    ]
    minimum = next((c.min_covered_pct for c in cards if c.min_covered_pct is not None), None)
    if minimum is not None:
        rules.append(
            _("A region whose aspects with data carry less than %(p)s of the weight is shown but not ranked.")
            % {"p": shown(minimum, "pct").text}
        )
    tables[-1].note = " ".join([tables[-1].note, *rules]).strip()
    return Section(
        key="scorecard",
        title=_("Monev scorecard %(year)s") % {"year": year},
        lines=lines,
        tables=tables,
    )


def _scorecard(user: Any, *, code: str, year: int) -> Any:
    """The scorecard of the regions below `code`: in a batch, made once for the province and all its
    regencies (each shows its row of it) and once for the nation and all the provinces."""
    from cakupan.monev import scorecard

    user_key = (type(user).__name__, getattr(user, "pk", None))
    return shared(
        ("monev_scorecard", code, year, user_key),
        lambda: scorecard.scorecard(user, region=selectors.region_public(code=code), year=year),
    )
