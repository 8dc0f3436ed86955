"""The rows of vulnerable-worker funding and the budget lines as the downloads and the API give them."""

from __future__ import annotations

from cakupan.indicators.serialise import number
from cakupan.monev.downloads import Row
from cakupan.monev.funding.models import BudgetLine, VulnerableFunding
from cakupan.monev.funding.selectors import BudgetPage, BudgetRow, FundingPage


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
