"""The pack as typed tables (`reports.sections`): the one layout of its figures that the slides, the PDF
and the workbook all print, so the three cannot disagree. Codes beside names; numbers stay numbers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cakupan.packs.content import Pack
from cakupan.reports.sections import Column, Section, Table


def headline_table(pack: Pack) -> Table:
    return Table(
        title=pack.comparison,
        columns=[
            Column(_("Code"), width=8),
            Column(_("Region"), width=26),
            Column(_("Coverage"), "pct", width=11),
            Column(_("Previous"), "pct", width=11),
            Column(_("Change"), "points", width=11),
            Column(_("Active participants"), "int", width=14),
            Column(_("Change in participants"), "int", width=14),
            Column(_("Workers"), "int", width=14),
            Column(_("Compared with"), "month", width=14),
            Column(_("Workforce: source and month"), width=30),
        ],
        rows=[
            [
                r.code,
                r.name,
                r.coverage_rate,
                r.before_rate,
                r.change_points,
                r.active,
                r.change_active,
                r.workers,
                r.before_period,
                r.denominator,
            ]
            for r in pack.regions
        ],
    )


def ranking_table(pack: Pack) -> Table:
    """The sub-regions by rank; the note column only when a sub-region has a note (why it is not ranked,
    its warnings)."""
    with_notes = any(r.note for r in pack.ranking)
    columns = [
        Column(_("Rank"), "int", width=8),
        Column(_("Code"), width=8),
        Column(_("Region"), width=26),
        Column(_("Coverage"), "pct", width=11),
        Column(_("Change on the month"), "points", width=12),
        Column(_("Active participants"), "int", width=14),
        Column(_("Workers"), "int", width=14),
        Column(_("Workforce: source and month"), width=26 if with_notes else 36),
    ]
    if with_notes:
        columns.append(Column(_("Note"), width=40))
    return Table(
        title=_("Sub-regions of %(name)s ranked by coverage") % {"name": pack.region_name},
        columns=columns,
        rows=[
            [
                r.rank,
                r.code,
                r.name,
                r.coverage_rate,
                r.change_month_points,
                r.active,
                r.workers,
                r.denominator,
                *([r.note] if with_notes else []),
            ]
            for r in pack.ranking
        ],
    )


def targets_table(pack: Pack) -> Table:
    return Table(
        title="",
        columns=[
            Column(_("Code"), width=8),
            Column(_("Region"), width=26),
            Column(_("Target"), "pct", width=10),
            Column(_("Points to the target"), "gap", width=12),
            Column(_("Workers to the target"), "int", width=14),
            Column(_("Target reached at this pace"), "month", width=16),
            Column(_("Points to UCJ"), "gap", width=12),
            Column(_("Workers to UCJ"), "int", width=14),
            Column(_("BPU workers unprotected"), "int", width=14),
        ],
        rows=[
            [
                r.code,
                r.name,
                r.target_rate,
                r.target_gap_points,
                r.workers_to_target,
                r.target_reached_month,
                r.ucj_gap_points,
                r.workers_to_protect,
                r.bpu_unprotected,
            ]
            for r in pack.regions
        ],
        note=budget_note(pack),
    )


def budget_note(pack: Pack) -> str:
    if pack.budget_idr is None or pack.budget_workers is None:
        return ""
    from django.utils.translation import get_language

    from cakupan.common.formatting import fmt_idr, fmt_int

    lang = get_language()
    return _(
        "What it takes: paying the minimum BPU contribution (JKK + JKM) of %(workers)s workers for "
        "%(months)s months costs %(amount)s."
    ) % {
        "workers": fmt_int(pack.budget_workers, lang),
        "months": pack.budget_months,
        "amount": fmt_idr(pack.budget_idr, lang),
    }


def follow_ups_table(pack: Pack) -> Table:
    return Table(
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
                f.meeting_on,
                f.region,
                f.action,
                f.responsible,
                f.due_on,
                _("Overdue") if f.overdue else f.status,
            ]
            for f in pack.follow_ups
        ],
    )


def warnings_lines(pack: Pack) -> list[str]:
    return [f"{r.name}: {w}" for r in pack.regions for w in r.warnings]


def pack_sections(pack: Pack) -> list[Section]:
    """Every part of the pack after its cover, in the order the slides show them."""
    return [
        Section(
            key="headline",
            title=_("Headline figures"),
            lines=warnings_lines(pack),
            tables=[headline_table(pack)],
        ),
        Section(key="ranking", title=_("Ranking of the sub-regions"), tables=[ranking_table(pack)]),
        Section(key="targets", title=_("Targets and what it takes"), tables=[targets_table(pack)]),
        Section(
            key="follow_ups",
            title=_("Commitments and open follow-ups"),
            tables=[follow_ups_table(pack)],
        ),
        *pack.sections,
    ]
