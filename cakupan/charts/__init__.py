"""Charts: Vega-Lite specifications (Altair) rendered server-side to SVG (vl-convert).

Pages inline `trend_svg` / `segments_svg` (no JavaScript; style them with the CSS class `chart`); the PDF
report uses the same specifications (`trend_spec`, `segments_spec`) through `render_svg`.

A chart costs 100–300 ms of CPU to specify (Altair) and draw (vl-convert): far too much for a page read
by twenty people at once. So every drawn chart is kept, keyed by what it draws (the points, language,
title, and the version of the charting code and translations): in-process (LRU) and in the `charts` cache
(on disk under the data folder, shared by all processes, kept across restarts). After an import the job
worker draws the charts of every region ahead of the readers (`cakupan.dashboards.predraw`).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from django.core.cache import caches
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


@functools.cache
def code_version() -> str:
    """Changes with anything that changes how a chart looks for the same points: the specifications, the
    post-processing, the libraries, the translation catalogues."""
    from pathlib import Path

    import vl_convert

    here = Path(__file__).resolve().parent
    versions = getattr(vl_convert, "__version__", "")
    digest = hashlib.sha256(versions.encode())
    for path in [
        here / "specs.py",
        here / "render.py",
        *sorted(here.parent.glob("locale/*/LC_MESSAGES/*.mo")),
    ]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def stored(kind: str, parts: tuple[object, ...], draw: Callable[[], str]) -> SafeString:
    """The chart from the chart store, drawn and stored on first request."""
    key = f"chart:{kind}:" + hashlib.sha256(f"{code_version()}:{parts!r}".encode()).hexdigest()
    store = caches["charts"]
    svg = store.get(key)
    if svg is None:
        svg = draw()
        store.set(key, svg)
    return mark_safe(svg)  # noqa: S308 (render_svg escapes every text it writes)


@functools.lru_cache(maxsize=PAGE_CACHE_SIZE)
def _trend_svg(points: tuple[_Point, ...], ucj_target: Number, lang: str, title: str) -> SafeString:
    return stored(
        "trend",
        (points, ucj_target, lang, title),
        lambda: render_svg(trend_spec(points, ucj_target=ucj_target, lang=lang, title=title), lang=lang),
    )


@functools.lru_cache(maxsize=PAGE_CACHE_SIZE)
def _segments_svg(points: tuple[_Point, ...], lang: str, title: str) -> SafeString:
    return stored(
        "segments",
        (points, lang, title),
        lambda: render_svg(segments_spec(points, lang=lang, title=title), lang=lang),
    )


def compare_svg(series: Sequence[tuple[str, Sequence[TrendPoint]]], *, lang: str, title: str) -> SafeString:
    """Several regions' coverage by month on one chart (the compare page)."""
    keyed = tuple((name, _key(points, segments=False)) for name, points in series)
    return _compare_svg(keyed, language(lang), title)


@functools.lru_cache(maxsize=PAGE_CACHE_SIZE)
def _compare_svg(series: tuple[tuple[str, tuple[_Point, ...]], ...], lang: str, title: str) -> SafeString:
    return stored(
        "compare",
        (series, lang, title),
        lambda: render_svg(compare_spec(series, lang=lang, title=title), lang=lang),
    )


def cache_clear() -> None:
    """Forget every rendered chart (tests; a changed translation catalogue)."""
    caches["charts"].clear()
    cache_clear_memory()


def cache_clear_memory() -> None:
    """Forget the charts kept in this process (the chart store keeps them)."""
    _trend_svg.cache_clear()
    _segments_svg.cache_clear()
    _compare_svg.cache_clear()
    render.cache_clear()
