"""The tables of the compliance pages as rows for a CSV or JSON download (`?unduh=csv|json`), built from
the page's selector, under the API's names where an API operation gives the same table. Employers are
identified by NPP and NIB (business numbers); no person's identity number is in any of these tables."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.urls import reverse

from cakupan.compliance.models import Case, CaseEvent, Employer, Finding, SizeClass
from cakupan.compliance.selectors import (
    Letter,
    RegionSummary,
    TimelineEntry,
    letter_visible,
    sees_details,
)

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
            "finding_rule_labels": finding.rule_labels if finding is not None else [],
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
        "rule_labels": f.rule_labels,
        "size_class": f.size_class,
        "size_class_label": str(SizeClass(f.size_class).label) if f.size_class in SizeClass.values else "",
        "reported_workers": f.reported_workers,
        "registered_workers": f.registered_workers,
        "worker_shortfall": f.worker_shortfall,
        "wage_shortfall_idr": f.wage_shortfall_idr,
        "missing_programs": [p for p in f.missing_programs.split(";") if p],
        "contribution_shortfall_idr": f.contribution_shortfall_idr,
    }


def _current_letters(case_ids: list[int]) -> dict[int, CaseEvent]:
    """The event of each case's current step (its latest with a letter date)."""
    latest: dict[int, CaseEvent] = {}
    events = CaseEvent.objects.filter(case_id__in=case_ids, letter_date__isnull=False).order_by("at", "id")
    for event in events.only("case_id", "from_status", "to_status", "letter_number", "letter_date", "at"):
        latest[event.case_id] = event
    return latest


def case_rows(cases: Iterable[Case], *, today: date, user: Any) -> Iterator[Row]:
    """The cases with their current step's letter (number and date) where the reader may see it: every
    letter within their detail scope, the referral, sanction and lifting letters for the licensing office."""
    batch: list[Case] = []
    for c in cases:
        batch.append(c)
        if len(batch) == CHUNK:
            yield from _case_batch(batch, today=today, user=user)
            batch = []
    yield from _case_batch(batch, today=today, user=user)


def _case_batch(cases: list[Case], *, today: date, user: Any) -> Iterator[Row]:
    letters = _current_letters([c.pk for c in cases])
    for c in cases:
        event = letters.get(c.pk)
        shown = event is not None and letter_visible(event, sees_details(user, c.region_id))
        yield {
            "case_id": c.pk,
            "employer_id": c.employer_id,
            "employer_name": c.employer.name,
            "npp": c.employer.npp,
            "nib": c.employer.nib,
            "region_code": c.region_id,
            "region_name": c.region.name,
            "status": c.status,
            "status_label": str(c.get_status_display()),
            "opened_at": c.opened_at,
            "rules": c.rule_list,
            "rule_labels": c.rule_labels,
            "period": c.period,
            "letter_number": event.letter_number if shown and event is not None else "",
            "letter_date": event.letter_date if shown and event is not None else None,
            "next_from": c.next_from,
            "due_date": c.due_date,
            "overdue": c.is_open and c.due_date is not None and c.due_date < today,
        }


def letter_row(letter: Letter) -> Row:
    return {
        "status": letter.status,
        "status_label": letter.status_label,
        "number": letter.number,
        "date": letter.date,
        "document_url": reverse("compliance:evidence", args=[letter.file_id]) if letter.file_id else None,
        "document_name": letter.file_name,
    }


def case_detail(case: Case, entries: list[TimelineEntry], *, details: bool) -> Row:
    """A case as the API gives it: what every reader of the case sees, and the shortfalls at opening,
    the notes and the evidence only for readers who see the details (`null` for the others)."""
    return {
        "case_id": case.pk,
        "employer_id": case.employer_id,
        "employer_name": case.employer.name,
        "npp": case.employer.npp,
        "nib": case.employer.nib,
        "region_code": case.region_id,
        "status": case.status,
        "status_label": str(case.get_status_display()),
        "rules": case.rule_list,
        "rule_labels": case.rule_labels,
        "period": case.period,
        "next_from": case.next_from,
        "due_date": case.due_date,
        "worker_shortfall_at_open": case.worker_shortfall_at_open if details else None,
        "contribution_shortfall_at_open_idr": case.contribution_shortfall_at_open_idr if details else None,
        "events": [
            {
                "at": e.event.at,
                "from_status": e.event.from_status,
                "from_status_label": str(e.event.get_from_status_display()) if e.event.from_status else "",
                "to_status": e.event.to_status,
                "to_status_label": str(e.event.get_to_status_display()),
                "by_role": e.event.by_role,
                "by_role_label": e.event.by_role_label,
                "letter_number": e.letter_number,
                "letter_date": e.letter_date,
                "note": e.note if details else None,
                "files": [
                    {
                        "file_name": f.file_name,
                        "is_letter": f.is_letter,
                        "url": reverse("compliance:evidence", args=[f.pk]),
                    }
                    for f in e.files
                ],
            }
            for e in entries
        ],
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
