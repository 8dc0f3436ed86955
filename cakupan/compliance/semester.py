"""Compliance's table in the six-monthly report to the President (registered into
`cakupan.monev.summary.report` from this app's `ready()`): the nation's cases as of the report's making."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cakupan.compliance.selectors import RegionSummary, region_summary
from cakupan.core.codes import NATIONAL
from cakupan.monev.summary.report import semester_part
from cakupan.reports.sections import Column, Table


def national_cases(user: Any) -> RegionSummary | None:
    return region_summary(user, region_code=NATIONAL)


def compliance_table(c: RegionSummary | None) -> Table:
    rows: list[list[Any]] = []
    if c is not None:
        rows = [
            [_("Open cases"), c.open_cases],
            [_("Overdue cases"), c.overdue],
            [_("Employers found unregistered or under-registered"), c.candidates],
            [_("Workers registered after a case was opened"), c.workers_registered_after_case],
            [_("Sanctions imposed"), c.sanctions_imposed],
            [_("Sanctions lifted"), c.sanctions_lifted],
        ]
    return Table(
        title=_("Compliance"),
        columns=[Column(_("Figure"), width=48), Column(_("Count"), "int", width=14)],
        rows=rows,
        note=_("As of the day the report is made."),
    )


semester_part("compliance", gather=national_cases, table=compliance_table)
