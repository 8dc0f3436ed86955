"""The rows of the scorecard as the downloads and the API give them (numbers, no display strings)."""

from __future__ import annotations

from fractions import Fraction

from cakupan.indicators.serialise import number
from cakupan.monev.downloads import Row
from cakupan.monev.scorecard import AspectScore, RegionScore, Scorecard


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
