"""The tables of the compliance pages as rows for a CSV or JSON download (`?unduh=csv|json`), built from
the page's selector, under the API's names where an API operation gives the same table. Employers are
identified by NPP and NIB (business numbers); no person's identity number is in any of these tables."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from cakupan.compliance.models import Case, Employer, Finding
from cakupan.compliance.selectors import RegionSummary

Row = dict[str, Any]
CHUNK = 2000  # rows read from the database at a time for a whole-region list


def employer_rows(employers: Iterable[Employer]) -> Iterator[Row]:
    for e in employers:
        finding = getattr(e, "finding", None)
        yield {
            "employer_id": e.pk,
            "key": e.key,
            "npp": e.npp,
            "nib": e.nib,
            "name": e.name,
            "region_code": e.region_id,
            "region_name": e.region.name,
            "latest_period": e.latest_period,
            "finding_rules": finding.rule_list if finding is not None else [],
        }


def candidate_row(f: Finding) -> Row:
    """A candidate as the API (`/compliance/regions/{code}/candidates`) gives it."""
    e = f.employer
    return {
        "employer_id": e.pk,
        "key": e.key,
        "npp": e.npp,
        "nib": e.nib,
        "name": e.name,
        "region_code": f.region_id,
        "period": f.period,
        "rules": f.rule_list,
        "size_class": f.size_class,
        "reported_workers": f.reported_workers,
        "registered_workers": f.registered_workers,
        "worker_shortfall": f.worker_shortfall,
        "wage_shortfall_idr": f.wage_shortfall_idr,
        "missing_programs": [p for p in f.missing_programs.split(";") if p],
        "contribution_shortfall_idr": f.contribution_shortfall_idr,
    }


def case_rows(cases: Iterable[Case], *, today: date) -> Iterator[Row]:
    for c in cases:
        yield {
            "case_id": c.pk,
            "employer_id": c.employer_id,
            "employer_name": c.employer.name,
            "npp": c.employer.npp,
            "nib": c.employer.nib,
            "region_code": c.region_id,
            "region_name": c.region.name,
            "status": c.status,
            "opened_at": c.opened_at,
            "rules": c.rule_list,
            "period": c.period,
            "next_from": c.next_from,
            "due_date": c.due_date,
            "overdue": c.is_open and c.due_date is not None and c.due_date < today,
        }


def summary_rows(summary: RegionSummary) -> list[Row]:
    """The headline figures as the API (`/compliance/regions/{code}/summary`) gives them: one row."""
    return [
        {
            "region_code": summary.region_code,
            "as_of": summary.as_of,
            "candidates": summary.candidates,
            "open_cases": summary.open_cases,
            "overdue": summary.overdue,
            "due_this_week": summary.due_this_week,
            "workers_registered_after_case": summary.workers_registered_after_case,
            "sanctions_imposed": summary.sanctions_imposed,
            "sanctions_lifted": summary.sanctions_lifted,
        }
    ]


def stage_rows(summary: RegionSummary) -> list[Row]:
    """Cases by stage with the median days spent at each, as the API's `stages`."""
    return [
        {
            "region_code": summary.region_code,
            "status": value,
            "label": label,
            "cases": count,
            "median_days": median,
        }
        for value, label, count, median in summary.stages
    ]
