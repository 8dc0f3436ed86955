"""Charts: Vega-Lite specifications written as plain data (`specs.py`), drawn in the reader's browser or
on the server.

Region pages send `trend_chart` / `segments_chart` to the browser: the specification compiled to Vega, which
the vendored Vega runtime draws (`vega.py`, docs/adr/0007-charts-in-the-page.md) — a few milliseconds of
the server's CPU. Readers without JavaScript, the compare page and the PDF report get `trend_svg` /
`segments_svg` / `compare_svg`: the same specification drawn on the server to SVG by vl-convert
(`render.py`; 50–150 ms of CPU a chart), inlined without JavaScript (CSS class `chart`).

Every compiled or drawn chart is kept, keyed by what it draws (the points, language, title, and the version
of the charting code and translations): in-process (LRU) and in the `charts` cache (on disk under the data
folder, shared by all processes, kept across restarts). Drawing ahead after an import
(`cakupan.dashboards.predraw`) is optional (CAKUPAN_CHART_PREDRAW_LANGUAGES, off by default).
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

from cakupan.charts import render, vega
from cakupan.charts.render import render_svg
from cakupan.charts.specs import PointLike, compare_spec, language, segments_spec, trend_spec
from cakupan.charts.vega import browser_chart

if TYPE_CHECKING:
    from cakupan.indicators.library import TrendPoint

    def _a_trend_point_is_point_like(point: TrendPoint) -> PointLike:
        return point  # checked by mypy: the library's TrendPoint is what the charts read


__all__ = [
    "PointLike",
    "compare_spec",
    "compare_svg",
    "render_svg",
    "segments_chart",
    "segments_spec",
    "segments_svg",
    "trend_chart",
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
        here / "vega.py",
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
    return mark_safe(svg)  # noqa: S308 (render_svg and browser_chart escape every text they write)


def trend_chart(points: Sequence[PointLike], *, ucj_target: Number, lang: str, title: str) -> SafeString:
    """The coverage trend for the browser to draw (what `trend_svg` draws on the server), as markup."""
    return _trend_chart(_key(points, segments=False), ucj_target, language(lang), title)


def segments_chart(points: Sequence[PointLike], *, lang: str, title: str) -> SafeString:
    """Active participants by segment for the browser to draw (what `segments_svg` draws on the server)."""
    return _segments_chart(_key(points, segments=True), language(lang), title)


@functools.lru_cache(maxsize=PAGE_CACHE_SIZE)
def _trend_chart(points: tuple[_Point, ...], ucj_target: Number, lang: str, title: str) -> SafeString:
    return stored(
        "trend-vega",
        (points, ucj_target, lang, title),
        lambda: browser_chart(trend_spec(points, ucj_target=ucj_target, lang=lang, title=title), lang=lang),
    )


@functools.lru_cache(maxsize=PAGE_CACHE_SIZE)
def _segments_chart(points: tuple[_Point, ...], lang: str, title: str) -> SafeString:
    return stored(
        "segments-vega",
        (points, lang, title),
        lambda: browser_chart(segments_spec(points, lang=lang, title=title), lang=lang),
    )


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
    _trend_chart.cache_clear()
    _segments_chart.cache_clear()
    vega.layouts_clear()
    render.cache_clear()
