"""Charts: Vega-Lite specifications (Altair) rendered server-side to SVG (vl-convert).

Pages inline `trend_svg` / `segments_svg` (no JavaScript; style them with the CSS class `chart`); the PDF
report uses the same specifications (`trend_spec`, `segments_spec`) through `render_svg`.

Both page functions keep their result in-process keyed on the figures they draw, so a page shown again
costs neither the specification (Altair, 30–90 ms) nor the rendering (vl-convert, 50–200 ms).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString, mark_safe

from cakupan.charts import render
from cakupan.charts.render import render_svg
from cakupan.charts.specs import PointLike, compare_spec, language, segments_spec, trend_spec

if TYPE_CHECKING:
    from cakupan.indicators.library import TrendPoint

    def _a_trend_point_is_point_like(point: TrendPoint) -> PointLike:
        return point  # checked by mypy: the library's TrendPoint is what the charts read


__all__ = [
    "PointLike",
    "compare_spec",
    "compare_svg",
    "render_svg",
    "segments_spec",
    "segments_svg",
    "trend_spec",
    "trend_svg",
]

PAGE_CACHE_SIZE = 128

Number = Fraction | Decimal | float | int


@dataclass(frozen=True)
class _Point:
    """The part of a TrendPoint a chart draws, hashable so that it can key a cache."""

    period: str
    coverage_rate: Fraction | None = None
    target_rate: Fraction | None = None
    segments: tuple[tuple[str, int | None], ...] = ()

    @property
    def segments_active(self) -> Mapping[str, int | None]:
        return dict(self.segments)


def _key(points: Sequence[PointLike], *, segments: bool) -> tuple[_Point, ...]:
    return tuple(
        _Point(
            period=p.period,
            coverage_rate=None if segments else p.coverage_rate,
            target_rate=None if segments else p.target_rate,
            segments=tuple(p.segments_active.items()) if segments else (),
        )
        for p in points
    )


def trend_svg(points: Sequence[PointLike], *, ucj_target: Number, lang: str, title: str) -> SafeString:
    """The coverage trend as inline SVG (safe to output unescaped: every text in it is XML-escaped)."""
    return _trend_svg(_key(points, segments=False), ucj_target, language(lang), title)


def segments_svg(points: Sequence[PointLike], *, lang: str, title: str) -> SafeString:
    """Active participants by segment as inline SVG."""
    return _segments_svg(_key(points, segments=True), language(lang), title)


@functools.lru_cache(maxsize=PAGE_CACHE_SIZE)
def _trend_svg(points: tuple[_Point, ...], ucj_target: Number, lang: str, title: str) -> SafeString:
    spec = trend_spec(points, ucj_target=ucj_target, lang=lang, title=title)
    return mark_safe(render_svg(spec, lang=lang))  # noqa: S308


@functools.lru_cache(maxsize=PAGE_CACHE_SIZE)
def _segments_svg(points: tuple[_Point, ...], lang: str, title: str) -> SafeString:
    return mark_safe(render_svg(segments_spec(points, lang=lang, title=title), lang=lang))  # noqa: S308


def compare_svg(series: Sequence[tuple[str, Sequence[TrendPoint]]], *, lang: str, title: str) -> SafeString:
    """Several regions' coverage by month on one chart (the compare page)."""
    keyed = tuple((name, _key(points, segments=False)) for name, points in series)
    return _compare_svg(keyed, language(lang), title)


@functools.lru_cache(maxsize=PAGE_CACHE_SIZE)
def _compare_svg(series: tuple[tuple[str, tuple[_Point, ...]], ...], lang: str, title: str) -> SafeString:
    return mark_safe(render_svg(compare_spec(series, lang=lang, title=title), lang=lang))  # noqa: S308


def cache_clear() -> None:
    """Forget every rendered chart (tests; a changed translation catalogue)."""
    _trend_svg.cache_clear()
    _segments_svg.cache_clear()
    _compare_svg.cache_clear()
    render.cache_clear()
