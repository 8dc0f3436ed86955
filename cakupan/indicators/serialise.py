"""The indicators in the names and rounding of the data contract: what `--json`, the API and exports give.
Each code (a region's kind and level, the coverage band, a segment, why a region is not ranked or measured,
a warning) has its words beside it in the active language (`kind_label`, `band_label`, `label`, `text`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cakupan.indicators.fields import TEXT, Output, outputs
from cakupan.indicators.fields import number as number  # the pages, packs and reports round with it
from cakupan.indicators.labels import segment_label
from cakupan.indicators.library import Budget, RegionIndicators, SegmentFigures, TrendPoint
from cakupan.indicators.words import not_ranked_text, unmeasured_text, warning_sentence


def segment_words(segment: SegmentFigures) -> str:
    """The segment in words (its code is the key it is written under)."""
    return segment_label(segment.segment)


def segments_written(ind: RegionIndicators) -> dict[str, dict[str, Any]]:
    """Each segment's participants and share of the active, keyed by its contract name."""
    return {s.segment: {name: output.read(s) for name, output in SEGMENT.items()} for s in ind.segments}


def workforce_source(ind: RegionIndicators | TrendPoint) -> str | None:
    """The denominator's sources, separated by '; '."""
    return "; ".join(ind.workforce_sources) or None


def writers() -> dict[str, Callable[[Any], Any]]:
    return {
        "workers_period": workers_period,
        "workforce_source": workforce_source,
        "segments": segments_written,
        "coverage_missing": coverage_missing,
        "warnings": lambda ind: warnings_worded(ind.warnings),
    }


def indicators_dict(ind: RegionIndicators) -> dict[str, Any]:
    """Every indicator of the region's month, as the data contract names and rounds it (fields.py)."""
    return {name: output.read(ind) for name, output in INDICATORS.items()}


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


# The columns of a ranking's rows: ranked regions, and those not ranked with why.
RANKED = (
    "rank",
    "region_code",
    "region_name",
    "kind",
    "kind_label",
    "coverage_rate",
    "band",
    "band_label",
    "active",
    "workers",
    "workers_period",
    "workforce_source",
    "gap_points",
    "target_rate",
    "target_gap_points",
    "workers_to_target",
    "change_month_points",
    "change_year_points",
    "diff_to_national_points",
    "children_reporting",
    "children_total",
    "measured_workforce_share",
    "simulated",
    "warnings",
)
NOT_RANKED = (
    "region_code",
    "region_name",
    "reason",
    "reason_label",
    "coverage_rate",
    "workers_period",
    "workforce_source",
    "active_all",
    "children_reporting",
    "children_total",
    "measured_workforce_share",
    "simulated",
    "warnings",
)


def ranking_dict(parent_code: str, period: str, rows: list[RegionIndicators]) -> dict[str, Any]:
    return {
        "parent_code": parent_code,
        "period": period,
        "regions": [{name: RANKING[name].read(r) for name in RANKED} for r in rows if r.ranked],
        "not_ranked": [{name: RANKING[name].read(r) for name in NOT_RANKED} for r in rows if not r.ranked],
    }


def trend_dict(points: list[TrendPoint]) -> list[dict[str, Any]]:
    return [{name: output.read(p) for name, output in TREND.items()} for p in points]


def budget_dict(b: Budget) -> dict[str, Any]:
    return {name: output.read(b) for name, output in BUDGET.items()}


# What each dataclass is written as, generated from its fields (fields.py), and the two ranking-only columns.
INDICATORS = outputs(RegionIndicators, writers())
TREND = outputs(TrendPoint, writers())
SEGMENT = outputs(SegmentFigures, {"label": segment_words})
BUDGET = outputs(Budget, {})
RANKING = {
    **INDICATORS,
    "reason": Output(
        "reason",
        not_ranked_reason,
        str,
        _("incomplete, no_workforce, partial_participants, ..."),
        TEXT,
        False,
    ),
    "reason_label": Output(
        "reason_label", not_ranked_text, str, _("Why it is not ranked, in words"), TEXT, False
    ),
}
