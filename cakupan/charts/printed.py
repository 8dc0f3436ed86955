"""Charts drawn on the server for print (the PDF report) from each layout's compiled Vega.

`render.render_svg` hands vl-convert the whole Vega-Lite specification, which it compiles to Vega before
every drawing: for the trend chart most of the time of drawing it. Here the specification is compiled once
per layout by `vega.vega_spec` (the compiled copy the browser's charts use, with each region's data, title
and text put in) and drawn with `vl_convert.vega_to_svg`, with the same number and date formats and the
same post-processing (`render.inline_svg`): the same SVG as `render_svg` draws (a test compares them).

Drawn charts are kept in the chart store like the pages' (`charts.stored`), keyed by what they draw.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.utils.safestring import SafeString

from cakupan import charts
from cakupan.charts import render, vega
from cakupan.charts.specs import PointLike, language, segments_spec, trend_spec

Number = charts.Number


def print_svg(spec: dict[str, Any], *, lang: str) -> str:
    """The chart as `render.render_svg` draws it (inline SVG), drawn from its layout's compiled Vega."""
    lang = language(lang)
    compiled = vega.vega_spec(spec)
    # vl-convert's JavaScript engine: one call at a time per process, under the lock render.py draws with.
    with render._VL_CONVERT:
        import vl_convert  # on first use: a process that draws no chart never loads it

        raw = vl_convert.vega_to_svg(
            compiled,
            allowed_base_urls=[],  # the data is inline: a spec never fetches anything
            format_locale=render.FORMAT_LOCALES[lang],
            time_format_locale=render.TIME_FORMAT_LOCALES[lang],
        )
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(str(t) for t in title)
    # The ids' prefix render_svg gives the same specification, so that the two draw the same document.
    spec_json = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    prefix = "c" + hashlib.sha256(f"{lang}:{spec_json}".encode()).hexdigest()[:8] + "-"
    return render.inline_svg(
        raw, title=str(title or ""), description=str(spec.get("description") or ""), id_prefix=prefix
    )


@functools.cache
def _version() -> str:
    """This module's part of what keys a stored chart (the rest is `charts.code_version`)."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def trend_print(points: Sequence[PointLike], *, ucj_target: Number, lang: str, title: str) -> SafeString:
    """The coverage trend as `charts.trend_svg` draws it, for print."""
    lang = language(lang)
    key = charts._key(points, segments=False)
    return charts.stored(
        "trend-print",
        (_version(), key, ucj_target, lang, title),
        lambda: print_svg(trend_spec(key, ucj_target=ucj_target, lang=lang, title=title), lang=lang),
    )


def segments_print(points: Sequence[PointLike], *, lang: str, title: str) -> SafeString:
    """Active participants by segment as `charts.segments_svg` draws it, for print."""
    lang = language(lang)
    key = charts._key(points, segments=True)
    return charts.stored(
        "segments-print",
        (_version(), key, lang, title),
        lambda: print_svg(segments_spec(key, lang=lang, title=title), lang=lang),
    )
