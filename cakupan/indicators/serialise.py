"""The indicators in the names and rounding of the data contract: what `--json`, the API and exports give.
Each code (a region's kind and level, the coverage band, a segment, why a region is not ranked or measured,
a warning) has its words beside it in the active language (`kind_label`, `band_label`, `label`, `text`)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import get_language

from cakupan.indicators.formulas import round2
from cakupan.indicators.labels import band_label, kind_label, level_label, segment_label
from cakupan.indicators.library import Budget, RegionIndicators, TrendPoint
from cakupan.indicators.words import not_ranked_text, unmeasured_text, warning_sentence


def number(value: Fraction | Decimal | None) -> float | None:
    """A percentage or points figure rounded to 2 decimals, as a JSON number."""
    rounded = round2(value)
    return None if rounded is None else float(rounded)


def indicators_dict(ind: RegionIndicators) -> dict[str, Any]:
    return {
        "region_code": ind.region_code,
        "region_name": ind.region_name,
        "level": ind.level,
        "level_label": level_label(ind.level),
        "kind": ind.kind,
        "kind_label": kind_label(ind.kind),
        "parent_code": ind.parent_code,
        "period": ind.period,
        "workers": ind.workers,
        "workers_formal": ind.workers_formal,
        "workers_informal": ind.workers_informal,
        "workers_period": workers_period(ind),
        "workforce_source": "; ".join(ind.workforce_sources) or None,
        "active": ind.active,
        "active_all": ind.active_all,
        "inactive": ind.inactive,
        "registered": ind.registered,
        "coverage_rate": number(ind.coverage_rate),
        "band": ind.band,
        "band_label": band_label(ind.band),
        "ucj_target": number(ind.ucj_target),
        "gap_points": number(ind.gap_points),
        "workers_to_protect": ind.workers_to_protect,
        "target_rate": number(ind.target_rate),
        "target_source": ind.target_source,
        "target_gap_points": number(ind.target_gap_points),
        "workers_to_target": ind.workers_to_target,
        "segments": {
            s.segment: {
                "label": segment_label(s.segment),
                "active": s.active,
                "inactive": s.inactive,
                "registered": s.registered,
                "share": number(s.share_of_active),
            }
            for s in ind.segments
        },
        "inactive_share": number(ind.inactive_share),
        "pu_coverage_rate": number(ind.pu_coverage_rate),
        "bpu_coverage_rate": number(ind.bpu_coverage_rate),
        "bpu_unprotected": ind.bpu_unprotected,
        "rank": ind.rank,
        "rank_of": ind.rank_of,
        "national_coverage_rate": number(ind.national_coverage_rate),
        "diff_to_national_points": number(ind.diff_to_national_points),
        "change_month_points": number(ind.change_month_points),
        "change_month_active": ind.change_month_active,
        "change_year_points": number(ind.change_year_points),
        "change_year_active": ind.change_year_active,
        "pace_points_per_month": number(ind.pace_points_per_month),
        "months_to_target": ind.months_to_target,
        "target_reached_month": ind.target_reached_month,
        "months_to_ucj": ind.months_to_ucj,
        "ucj_reached_month": ind.ucj_reached_month,
        "change_month_basis_regions": ind.change_month_basis_regions,
        "change_year_basis_regions": ind.change_year_basis_regions,
        "pace_basis_regions": ind.pace_basis_regions,
        "children_reporting": ind.children_reporting,
        "children_total": ind.children_total,
        "leaves_reporting": ind.leaves_reporting,
        "leaves_total": ind.leaves_total,
        "measured_workforce_share": number(ind.measured_workforce_share),
        "incomplete": ind.incomplete,
        "coverage_missing": coverage_missing(ind),
        "simulated": ind.simulated,
        "warnings": warnings_worded(ind.warnings),
    }


def coverage_missing(ind: RegionIndicators) -> dict[str, Any] | None:
    """Why a region has no coverage rate: the reason's `kind` and counts, and its `text`."""
    if ind.unmeasured is None:
        return None
    return {**ind.unmeasured, "text": unmeasured_text(ind.unmeasured)}


def warnings_worded(warnings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The data-quality warnings, each with its `text`: the sentence the pages show."""
    lang = get_language()
    return [{**warning, "text": warning_sentence(warning, lang)} for warning in warnings]


def workers_period(ind: RegionIndicators | TrendPoint) -> str | None:
    """The denominator's month, or for a footprint over several months their range ("2023-08/2024-02")."""
    if ind.workers_period is None:
        return None
    if ind.workers_period_from and ind.workers_period_from != ind.workers_period:
        return f"{ind.workers_period_from}/{ind.workers_period}"
    return ind.workers_period


def not_ranked_reason(ind: RegionIndicators) -> str:
    """Why a region with figures has no rank: its rate is incomplete, or it has no rate."""
    if ind.incomplete:
        return "incomplete"
    if ind.unmeasured is not None:
        return str(ind.unmeasured.get("kind", "not_measured"))
    return "not_measured"


def ranking_dict(parent_code: str, period: str, rows: list[RegionIndicators]) -> dict[str, Any]:
    return {
        "parent_code": parent_code,
        "period": period,
        "regions": [
            {
                "rank": r.rank,
                "region_code": r.region_code,
                "region_name": r.region_name,
                "kind": r.kind,
                "kind_label": kind_label(r.kind),
                "coverage_rate": number(r.coverage_rate),
                "band": r.band,
                "band_label": band_label(r.band),
                "active": r.active,
                "workers": r.workers,
                "workers_period": workers_period(r),
                "workforce_source": "; ".join(r.workforce_sources) or None,
                "gap_points": number(r.gap_points),
                "target_rate": number(r.target_rate),
                "target_gap_points": number(r.target_gap_points),
                "workers_to_target": r.workers_to_target,
                "change_month_points": number(r.change_month_points),
                "change_year_points": number(r.change_year_points),
                "diff_to_national_points": number(r.diff_to_national_points),
                "children_reporting": r.children_reporting,
                "children_total": r.children_total,
                "measured_workforce_share": number(r.measured_workforce_share),
                "simulated": r.simulated,
                "warnings": warnings_worded(r.warnings),
            }
            for r in rows
            if r.ranked
        ],
        "not_ranked": [
            {
                "region_code": r.region_code,
                "region_name": r.region_name,
                "reason": not_ranked_reason(r),
                "reason_label": not_ranked_text(r),
                "coverage_rate": number(r.coverage_rate),
                "workers_period": workers_period(r),
                "workforce_source": "; ".join(r.workforce_sources) or None,
                "active_all": r.active_all,
                "children_reporting": r.children_reporting,
                "children_total": r.children_total,
                "measured_workforce_share": number(r.measured_workforce_share),
                "simulated": r.simulated,
                "warnings": warnings_worded(r.warnings),
            }
            for r in rows
            if not r.ranked
        ],
    }


def trend_dict(points: list[TrendPoint]) -> list[dict[str, Any]]:
    return [
        {
            "period": p.period,
            "workers": p.workers,
            "active": p.active,
            "inactive": p.inactive,
            "coverage_rate": number(p.coverage_rate),
            "workers_period": workers_period(p),
            "workforce_source": "; ".join(p.workforce_sources) or None,
            "target_rate": number(p.target_rate),
            "segments_active": p.segments_active,
        }
        for p in points
    ]


def budget_dict(b: Budget) -> dict[str, Any]:
    return {
        "workers": b.workers,
        "months": b.months,
        "monthly_idr": b.monthly_idr,
        "jkk_idr": b.jkk_idr,
        "jkm_idr": b.jkm_idr,
        "total_idr": b.total_idr,
        "as_of": b.as_of.isoformat(),
    }
