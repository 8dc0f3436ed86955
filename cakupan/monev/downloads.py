"""The tables of the Monev register pages as rows for a CSV or JSON download (`?unduh=csv|json`): built
from the objects the page's selector returned, under the API's names where an API operation shows the same
table, so a download, the page and the API never disagree. Rates are the API's 2-decimal numbers."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from cakupan.core.codes import NATIONAL
from cakupan.indicators.serialise import number, workers_period
from cakupan.monev.models import AddresseeReport, BenefitFigure
from cakupan.monev.outreach.selectors import OutreachPage
from cakupan.monev.scorecard import AspectScore, RegionScore, Scorecard
from cakupan.monev.selectors import NationalSummary, RegionBenefits, StaffTable

Row = dict[str, Any]


def _plain(value: Decimal) -> int | float:
    """A stored decimal as written: 45 rather than 45.0000."""
    return int(value) if value == value.to_integral_value() else float(value)


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
