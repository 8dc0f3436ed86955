"""The tables of the Monev register pages as rows for a CSV or JSON download (`?unduh=csv|json`): built
from the objects the page's selector returned, under the API's names where an API operation shows the same
table, so a download, the page and the API never disagree. Rates are the API's 2-decimal numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from cakupan.core.codes import NATIONAL
from cakupan.indicators.serialise import number, workers_period
from cakupan.monev.models import (
    AddresseeReport,
    BenefitFigure,
    BudgetLine,
    FollowUp,
    Meeting,
    Regulation,
    VulnerableFunding,
)
from cakupan.monev.outreach.selectors import OutreachPage
from cakupan.monev.scorecard import AspectScore, RegionScore, Scorecard
from cakupan.monev.selectors import (
    BudgetPage,
    BudgetRow,
    FundingPage,
    InpresMatrix,
    NationalSummary,
    RegionBenefits,
    StaffTable,
    TargetLine,
    TimelineEntry,
)

Row = dict[str, Any]


def _plain(value: Decimal) -> int | float:
    """A stored decimal as written: 45 rather than 45.0000."""
    return int(value) if value == value.to_integral_value() else float(value)


def regulation_row(r: Regulation) -> Row:
    """A regulation as the API (`/monev/regulations`) gives it."""
    return {
        "id": r.pk,
        "region_code": r.region_id,
        "region_name": r.region.name,
        "kind": r.kind,
        "kind_label": str(r.get_kind_display()),
        "number": r.number,
        "issued_on": r.issued_on,
        "title": r.title,
        "topics": r.topics,
        "topic_labels": r.topic_labels(),
        "inpres_instructions": [i.code for i in r.acts_on.all()],
        "inpres_instruction_texts": [i.text(get_language()) for i in r.acts_on.all()],
        "document_url": f"/monev/dokumen/{r.document_id}/" if r.document_id else None,
    }


def addressee_report_row(r: AddresseeReport) -> Row:
    """What an Inpres addressee reported, as the API (`/monev/addressee-reports`) gives it."""
    return {
        "id": r.pk,
        "kind": r.kind,
        "kind_label": str(r.get_kind_display()),
        "addressee": r.addressee,
        "region_code": r.region_id,
        "region_name": r.region.name,
        "semester": f"{r.year}-{r.half}",
        "text": r.text,
        "document_url": f"/monev/dokumen/{r.document_id}/" if r.document_id else None,
        "entered_by": r.entered_by.get_username() if r.entered_by else None,
        "entered_at": r.entered_at,
    }


def matrix_rows(matrix: InpresMatrix) -> list[Row]:
    """A row per region; per instruction, the regulations acting on it ("PERGUB 12 Tahun 2024")."""
    codes = [i.code for i in matrix.instructions]
    return [
        {
            "region_code": row.region.code,
            "region_name": row.region.name,
            "acted_on": row.done,
            "instructions": len(codes),
            **{
                code: [f"{b.line} {b.year}" for b in row.budget_lines]
                if index == row.budget_column
                else [f"{r.kind} {r.number}" for r in cell]
                for index, (code, cell) in enumerate(zip(codes, row.cells, strict=True))
            },
        }
        for row in matrix.rows
    ]


def budget_line_row(row: BudgetRow) -> Row:
    """A budget line as the API (`/monev/budget/{code}`) gives it, without its detail."""
    line = row.line
    return {
        "region_code": line.region_id,
        "region_name": line.region.name,
        "year": line.year,
        "line": line.line,
        "line_label": str(line.get_line_display()),
        "allocation_idr": line.allocation_idr,
        "realisation_idr": line.realisation_idr,
        "realised_pct": number(row.realised_pct),
        "funding_rows": len(row.funding) if line.line == BudgetLine.Line.VULNERABLE else None,
        "funding_workers": row.funding_workers if line.line == BudgetLine.Line.VULNERABLE else None,
        "funding_idr": row.funding_idr if line.line == BudgetLine.Line.VULNERABLE else None,
    }


def budget_rows(page: BudgetPage) -> list[Row]:
    return [budget_line_row(row) for row in page.rows]


def budget_detail_rows(page: BudgetPage) -> list[Row]:
    """The vulnerable-workers lines' detail: each vulnerable-worker funding row under its line (and the
    rows of a region and year that has no line yet, `line_year` empty)."""
    rows = [
        {"line_region_code": row.line.region_id, "line_year": row.line.year, **funding_detail(grant)}
        for row in page.rows
        for grant in row.funding
    ]
    rows += [
        {"line_region_code": None, "line_year": None, **funding_detail(grant)}
        for grant in page.unlined_funding
    ]
    return rows


def funding_detail(grant: VulnerableFunding) -> Row:
    return {
        "region_code": grant.region_id,
        "year": grant.year,
        "funder": grant.funder,
        "workers": grant.workers,
        "months": grant.months,
        "start_period": grant.start_period or None,
        "amount_idr": grant.amount_idr,
    }


def budget_history_rows(page: BudgetPage) -> list[Row]:
    return [
        {
            "region_code": line.region_id,
            "year": line.year,
            "line": line.line,
            "allocation_idr": line.allocation_idr,
            "realisation_idr": line.realisation_idr,
            "batch_id": line.batch_id,
            "replaced_by_batch_id": line.replaced_by_id,
        }
        for line in page.history
    ]


def meeting_rows(meetings: list[Meeting]) -> list[Row]:
    return [
        {
            "id": m.pk,
            "held_on": m.held_on,
            "region_code": m.region_id,
            "region_name": m.region.name,
            "place": m.place,
            "institutions": m.institution_list(),
            "agenda": m.agenda,
        }
        for m in meetings
    ]


def follow_up_row(f: FollowUp, *, today: date) -> Row:
    """A follow-up as the API (`/monev/follow-ups/overdue`) gives it."""
    return {
        "id": f.pk,
        "region_code": f.region_id,
        "region_name": f.region.name,
        "meeting_id": f.meeting_id,
        "meeting_date": f.meeting.held_on,
        "action": f.action,
        "responsible": f.responsible,
        "due_on": f.due_on,
        "days_overdue": max(0, (today - f.due_on).days),
        "status": f.status,
        "status_label": str(f.get_status_display()),
    }


def timeline_rows(entries: list[TimelineEntry]) -> list[Row]:
    return [
        {
            "day": e.day,
            "kind": e.kind,
            "region_code": e.meeting.region_id,
            "meeting_id": e.meeting.pk,
            "meeting_place": e.meeting.place,
            "follow_up_id": e.follow_up.pk if e.follow_up else None,
            "action": e.follow_up.action if e.follow_up else None,
            "responsible": e.follow_up.responsible if e.follow_up else None,
            "status": e.follow_up.status if e.follow_up else None,
        }
        for e in entries
    ]


def funding_rows(page: FundingPage) -> list[Row]:
    rows = []
    for line in page.lines:
        r, check = line.row, line.check
        rows.append(
            {
                "region_code": r.region_id,
                "region_name": r.region.name,
                "year": r.year,
                "funder": r.funder,
                "workers": r.workers,
                "villages": r.villages,
                "workers_per_village": r.workers_per_village,
                "months": r.months,
                "start_period": r.start_period or None,
                "amount_idr": r.amount_idr,
                "expected_idr": check.expected_idr if check else None,
                "monthly_idr": check.monthly_idr if check else None,
                "difference_idr": check.difference_idr if check else None,
                "agrees": check.agrees if check else None,
                "check_error": line.check_error or None,
            }
        )
    return rows


def funding_history_rows(page: FundingPage) -> list[Row]:
    """Rows replaced by a later import or entry, with when and from which file they came."""
    return [
        {
            "region_code": r.region_id,
            "region_name": r.region.name,
            "year": r.year,
            "funder": r.funder,
            "workers": r.workers,
            "months": r.months,
            "amount_idr": r.amount_idr,
            "recorded_at": r.batch.created_at,
            "file_name": r.batch.file_name,
        }
        for r in page.history
    ]


def staff_rows(tables: list[StaffTable]) -> list[Row]:
    """One row per group, agency and month (the page's cells), the share covered as a rate."""
    return [
        {
            "group": table.group,
            "agency": agency,
            "period": period,
            "staff": cell.staff,
            "covered": cell.covered,
            "coverage_rate": number(cell.rate),
        }
        for table in tables
        for agency, cells in table.rows
        for period, cell in zip(table.periods, cells, strict=True)
        if cell is not None
    ]


def agent_rows(page: OutreachPage) -> list[Row]:
    return [
        {
            "agent_id": line.agent.pk,
            "name": line.agent.name,
            "kind": line.agent.kind,
            "region_code": line.agent.region_id,
            "region_name": line.agent.region.name,
            "since": line.agent.since,
            "period": line.latest.period if line.latest else None,
            "enrolled": line.latest.enrolled if line.latest else None,
            "active": line.latest.active if line.latest else None,
            "active_share": number(line.retention),
            "village_active_participants": line.village_active,
        }
        for line in page.agents
    ]


def socialisation_rows(page: OutreachPage) -> list[Row]:
    return [
        {
            "id": s.pk,
            "held_on": s.held_on,
            "region_code": s.region_id,
            "region_name": s.region.name,
            "place": s.place,
            "audience": s.audience,
            "attendees": s.attendees,
            "organiser": s.organiser,
        }
        for s in page.socialisations
    ]


def program_label(program: str) -> str:
    """A benefit program in words (JKK, JKM … are their own names; scholarships are not)."""
    return str(BenefitFigure.Program(program).label)


def benefit_program_rows(data: RegionBenefits) -> list[Row]:
    """The programs of the month as the API (`/monev/benefits/{code}`, `programs`) gives them."""
    return [
        {
            "region_code": data.region.code,
            "period": data.period,
            "program": line.program,
            "program_label": program_label(line.program),
            "claims": line.claims,
            "amount_idr": line.amount_idr,
        }
        for line in data.lines
    ]


def benefit_trend_rows(data: RegionBenefits) -> list[Row]:
    return [
        {"region_code": data.region.code, "period": m.period, "claims": m.claims, "amount_idr": m.amount_idr}
        for m in data.trend
    ]


def _measure(value: Fraction | None) -> int | float | None:
    """A count as a whole number (12800), anything else rounded to 2 decimals."""
    if value is None:
        return None
    return int(value) if value.denominator == 1 else number(value)


def scorecard_aspect(a: AspectScore) -> Row:
    """One aspect of a region's scorecard as the API (`/monev/scorecard/{code}/{year}`) gives it: numbers,
    no display strings (`measured` of `of`, in `unit`; `score` None when the aspect has no data)."""
    return {
        "aspect": a.aspect,
        "aspect_label": a.label,
        "has_data": a.has_data,
        "score": number(a.score),
        "weight": _measure(a.weight),
        "measured": _measure(a.measured),
        "of": _measure(a.of),
        "unit": a.unit,
        "amount_idr": a.amount_idr,
        "evidence_url": a.evidence_url,
    }


def scorecard_region(row: RegionScore) -> Row:
    """A region's line of the scorecard as the API gives it, without its aspects."""
    return {
        "region_code": row.region.code,
        "region_name": row.region.name,
        "rank": row.rank,
        "ranked": row.ranked,
        "index": number(row.index),
        "covered_weight_pct": number(row.covered_pct),
    }


def ranking_rows(card: Scorecard) -> list[Row]:
    """The ranking: a row per region with its index, the share of the weight with data and each aspect's
    score (no data: empty)."""
    return [
        {
            "year": card.year,
            **scorecard_region(row),
            **{a.aspect: number(a.score) for a in row.aspects},
        }
        for row in card.rows
    ]


def aspect_rows(card: Scorecard) -> list[Row]:
    """Every aspect of every region as the API (`/monev/scorecard/{code}/{year}`) gives it."""
    return [
        {"year": card.year, **scorecard_region(row), **scorecard_aspect(a)}
        for row in card.rows
        for a in row.aspects
    ]


def target_rows(lines: list[TargetLine]) -> list[Row]:
    return [
        {
            "year": line.target.year,
            "indicator": line.target.indicator,
            "value": _plain(line.target.value),
            "actual": number(line.actual) if line.target.indicator == "coverage_rate" else line.actual,
            "actual_period": line.actual_period,
            "status": line.status,
            "source": line.target.source,
            "regulation_id": line.regulation.pk if line.regulation else None,
            "regulation": f"{line.regulation.kind} {line.regulation.number}" if line.regulation else None,
            "revisions": [
                f"{_revised(change.old_value, line.target.indicator)} → "
                f"{_revised(change.new_value, line.target.indicator)} "
                f"({timezone.localtime(change.batch.created_at).date().isoformat()})"
                for change in line.history
            ],
        }
        for line in lines
    ]


def _revised(value: Decimal, indicator: str) -> str:
    """A revised target's value as the targets page writes it, in the reader's language ("6.400")."""
    from cakupan.common.formatting import fmt_int, fmt_pct

    lang = get_language()
    return fmt_pct(value, lang) if indicator == "coverage_rate" else fmt_int(int(value), lang)


def summary_rows(summary: NationalSummary) -> list[Row]:
    """The nation (code 00, with the provinces' totals) then each province, as the summary page shows."""
    totals = summary.totals
    national = summary.national
    first: Row = {
        "region_code": NATIONAL,
        "region_name": national.region_name if national else "Indonesia",
        "coverage_rate": number(national.coverage_rate) if national else None,
        "workers_period": workers_period(national) if national else None,
        "workforce_source": "; ".join(national.workforce_sources) or None if national else None,
        "target_rate": number(national.target_rate) if national else None,
        "target_gap_points": number(national.target_gap_points) if national else None,
        "active": national.active if national else None,
        "regulations": totals["regulations"],
        "regulations_in_semester": totals["regulations_in_semester"],
        "instructions_acted_on": None,  # counted for each province's own regulations only
        "instructions": summary.instructions,
        "funded_workers": totals["funded_workers"],
        "funded_idr": totals["funded_idr"],
        "follow_ups_done": totals["follow_ups_done"],
        "follow_ups_open": totals["follow_ups_open"],
        "follow_ups_overdue": totals["follow_ups_overdue"],
    }
    rows = [first]
    for p in summary.provinces:
        ind = p.indicators
        rows.append(
            {
                "region_code": p.region.code,
                "region_name": p.region.name,
                "coverage_rate": number(ind.coverage_rate) if ind else None,
                "workers_period": workers_period(ind) if ind else None,
                "workforce_source": "; ".join(ind.workforce_sources) or None if ind else None,
                "target_rate": number(ind.target_rate) if ind else None,
                "target_gap_points": number(ind.target_gap_points) if ind else None,
                "active": ind.active if ind else None,
                "regulations": p.regulations,
                "regulations_in_semester": p.regulations_in_semester,
                "instructions_acted_on": p.instructions_acted_on,
                "instructions": summary.instructions,
                "funded_workers": p.funded_workers,
                "funded_idr": p.funded_idr,
                "follow_ups_done": p.follow_ups_done,
                "follow_ups_open": p.follow_ups_open,
                "follow_ups_overdue": p.follow_ups_overdue,
            }
        )
    return rows
