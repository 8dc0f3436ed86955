"""What employer compliance adds to a region's report: the case chain's figures, for readers who may see
them (the public report leaves it out)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cakupan.compliance.selectors import region_summary
from cakupan.reports.sections import Column, Section, Table, report_section


@report_section(order=20)
def compliance_summary(user: Any, code: str, period: str) -> Section | None:
    summary = region_summary(user, region_code=code)
    if summary is None:
        return None
    figures = Table(
        title="",
        columns=[Column(_("Figure"), width=46), Column(_("Value"), "int")],
        rows=[
            [_("Candidates (employers with a finding)"), summary.candidates],
            [_("Open cases"), summary.open_cases],
            [_("Overdue"), summary.overdue],
            [_("Due this week"), summary.due_this_week],
            [_("Workers newly registered after a case"), summary.workers_registered_after_case],
            [_("Sanctions imposed"), summary.sanctions_imposed],
            [_("Sanctions lifted"), summary.sanctions_lifted],
        ],
    )
    stages = Table(
        title=_("Cases by stage"),
        columns=[
            Column(_("Stage"), width=40),
            Column(_("Cases now"), "int"),
            Column(_("Median days at the stage"), "text", width=14),
        ],
        rows=[
            [label, count, "–" if median is None else str(median)]
            for _value, label, count, median in summary.stages
        ],
    )
    return Section(key="compliance", title=_("Employer compliance"), tables=[figures, stages])
