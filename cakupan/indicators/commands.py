"""`cakupan indicators REGION PERIOD [--json]` and `cakupan ranking PARENT PERIOD [--json]`, and how every
command that names a region and a month reads them (`region_and_period`) and says a month has no figures
(`no_data`)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cakupan.common import formatting as f
from cakupan.core.commands import EXIT_DATA, EXIT_OK, Command, out
from cakupan.core.periods import PeriodError, parse_period
from cakupan.indicators.labels import segment_label
from cakupan.indicators.library import children_ranking, nearest_periods, region_indicators
from cakupan.indicators.serialise import indicators_dict, ranking_dict
from cakupan.indicators.words import (
    change_basis_text,
    completeness_text,
    denominator_text,
    no_data_text,
    not_ranked_text,
    unmeasured_text,
    warning_sentence,
    warnings_sentence,
)
from cakupan.regions.selectors import region_get


def region_and_period(region: str, period: str) -> tuple[Any, str] | str:
    """The region and the month a command names, or the message saying which of them is wrong."""
    found = region_get(code=region)
    if found is None:
        return _("Unknown region %(code)s.") % {"code": region}
    try:
        return found, parse_period(period)
    except PeriodError as error:
        if error.reason == "year":
            return _("%(period)s: the year must be between 2000 and 2100.") % {"period": period}
        if error.reason == "month":
            return _("%(period)s: the month must be 01 to 12.") % {"period": period}
        return _("%(period)s is not a month; write YYYY-MM, e.g. 2024-06.") % {"period": period}


def no_data(region: Any, period: str, lang: str) -> str:
    """A month without figures, and the nearest months that have some (as the API and the page say)."""
    nearest = nearest_periods(region.code, period)
    return no_data_text(name=region.name, code=region.code, period=period, nearest=nearest, lang=lang)


def indicators(args: argparse.Namespace, lang: str) -> int:
    resolved = region_and_period(args.region, args.period)
    if isinstance(resolved, str):
        out(resolved, sys.stderr)
        return EXIT_DATA
    region, period = resolved
    ind = region_indicators(region.code, period)
    if ind is None:
        out(no_data(region, period, lang), sys.stderr)
        return EXIT_DATA
    if args.json:
        out(json.dumps(indicators_dict(ind), ensure_ascii=False, indent=2))
        return EXIT_OK
    out(f"{ind.region_name} ({ind.region_code}) — {f.fmt_month(period, lang)}")
    if ind.simulated:
        out(_("Simulated data"))
    coverage = f.fmt_pct(ind.coverage_rate, lang)
    if ind.incomplete:
        coverage = _("%(rate)s (incomplete)") % {"rate": coverage}
    elif ind.coverage_rate is None:
        coverage = f"{coverage} ({unmeasured_text(ind.unmeasured)})"
    rows = [
        (_("Coverage"), coverage),
        (_("Active participants"), f.fmt_int(ind.active, lang)),
        (_("Active participants, all"), f.fmt_int(ind.active_all, lang)),
        (_("Inactive participants"), f.fmt_int(ind.inactive, lang)),
        (_("Registered participants"), f.fmt_int(ind.registered, lang)),
        (
            _("Working population"),
            f"{f.fmt_int(ind.workers, lang)} ({denominator_text(ind, lang)})",
        ),
        (
            _("Gap to UCJ %(ucj)s") % {"ucj": f.fmt_pct(ind.ucj_target, lang)},
            f.fmt_points(ind.gap_points, lang, signed=False),
        ),
        (_("Workers to protect"), f.fmt_int(ind.workers_to_protect, lang)),
        (_("Target"), f.fmt_pct(ind.target_rate, lang)),
        (_("Gap to target"), f.fmt_points(ind.target_gap_points, lang, signed=False)),
        (_("Workers to reach the target"), f.fmt_int(ind.workers_to_target, lang)),
        (_("Rank among neighbours"), f"{ind.rank} / {ind.rank_of}" if ind.rank else f.DASH),
        (_("National coverage"), f.fmt_pct(ind.national_coverage_rate, lang)),
        (_("Difference to national"), f.fmt_points(ind.diff_to_national_points, lang)),
        (_("Wage earners covered (of formal workers)"), f.fmt_pct(ind.pu_coverage_rate, lang)),
        (_("Non-wage earners covered (of informal workers)"), f.fmt_pct(ind.bpu_coverage_rate, lang)),
        (_("Informal workers not yet protected"), f.fmt_int(ind.bpu_unprotected, lang)),
        (
            _("Change on last month"),
            _with_basis(ind.change_month_points, ind.change_month_basis_regions, lang),
        ),
        (
            _("Change on a year earlier"),
            _with_basis(ind.change_year_points, ind.change_year_basis_regions, lang),
        ),
        (_("Recent pace a month"), _with_basis(ind.pace_points_per_month, ind.pace_basis_regions, lang)),
        (_("Target reached at the recent pace"), _target_projection(ind, lang)),
        (_("UCJ reached at the recent pace"), _ucj_projection(ind, lang)),
    ]
    for segment in ind.segments:
        rows.append(
            (
                _("Active %(segment)s") % {"segment": segment_label(segment.segment)},
                f"{f.fmt_int(segment.active, lang)} ({f.fmt_pct(segment.share_of_active, lang)})",
            )
        )
    if ind.children_total is not None:
        rows.append((_("Completeness"), completeness_text(ind, lang)))
    width = max(len(label) for label, _v in rows)
    for label, value in rows:
        out(f"{label.ljust(width)}  {value}")
    for warning in ind.warnings:
        out(f"! {_warning_words(warning)}")
    return EXIT_OK


def _with_basis(points: Any, basis: int | None, lang: str) -> str:
    """A change, and over how many regions when that is fewer than the month's."""
    shown = f.fmt_points(points, lang)
    return f"{shown} ({change_basis_text(basis, lang)})" if basis is not None else shown


def _warning_words(warning: dict[str, Any]) -> str:
    return warning_sentence(warning, get_language())


def _target_projection(ind: Any, lang: str) -> str:
    """The month the target is reached at the recent pace, or the page's words when it is not."""
    if ind.target_reached_month is None and ind.target_gap_points:
        return _("Not reached at the recent pace.")
    if ind.months_to_target:
        return _("%(n)s months, by %(m)s") % {
            "n": ind.months_to_target,
            "m": f.fmt_month(ind.target_reached_month, lang),
        }
    return f.fmt_month(ind.target_reached_month, lang)


def _ucj_projection(ind: Any, lang: str) -> str:
    """When UCJ is reached at the recent pace, in the words of the region page."""
    if ind.months_to_ucj == 0:
        return _("UCJ is reached.")
    if ind.ucj_reached_month:
        return _("%(n)s months, by %(m)s") % {
            "n": ind.months_to_ucj,
            "m": f.fmt_month(ind.ucj_reached_month, lang),
        }
    if ind.coverage_rate is None:
        return f.DASH
    return _("Not reached at the recent pace.")


def ranking(args: argparse.Namespace, lang: str) -> int:
    resolved = region_and_period(args.parent, args.period)
    if isinstance(resolved, str):
        out(resolved, sys.stderr)
        return EXIT_DATA
    region, period = resolved
    rows = children_ranking(region.code, period)
    if not rows:
        out(no_data(region, period, lang), sys.stderr)
        return EXIT_DATA
    if args.json:
        out(json.dumps(ranking_dict(region.code, period, rows), ensure_ascii=False, indent=2))
        return EXIT_OK
    out(f"{region.name} ({region.code}) — {f.fmt_month(period, lang)}")
    width = max(len(r.region_name) for r in rows)
    for r in rows:
        if not r.ranked:
            continue
        out(
            f"{str(r.rank).rjust(4)}  {r.region_code.ljust(6)} {r.region_name.ljust(width)}  "
            f"{f.fmt_pct(r.coverage_rate, lang).rjust(9)}  {f.fmt_int(r.active, lang).rjust(12)}  "
            + denominator_text(r, lang, short=True)
        )
    for r in rows:
        if not r.ranked:
            out(
                f"{f.DASH.rjust(4)}  {r.region_code.ljust(6)} {r.region_name.ljust(width)}  "
                + not_ranked_text(r)
            )
    # The warnings travel with the figures (data contract v2): one line per region that has any.
    for r in rows:
        if r.warnings:
            out(f"   !  {r.region_code.ljust(6)} {r.region_name}: {warnings_sentence(r.warnings, lang)}")
    return EXIT_OK


def _indicators_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("indicators", parents=[common], help="indicators of one region and month")
    parser.add_argument("region")
    parser.add_argument("period")
    parser.add_argument("--json", action="store_true")


def _ranking_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("ranking", parents=[common], help="children of a region ranked by coverage")
    parser.add_argument("parent")
    parser.add_argument("period")
    parser.add_argument("--json", action="store_true")


COMMANDS = [
    Command("indicators", indicators, _indicators_parser),
    Command("ranking", ranking, _ranking_parser),
]
