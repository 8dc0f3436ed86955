"""Vega-Lite specifications of the charts, written as plain data (dicts, no Altair: it cost tens of
milliseconds a chart; `tests/altair_reference.py` keeps the Altair version the tests compare with).

One specification per chart serves the page (compiled to Vega for the browser, or drawn to SVG by
`render.py` for readers without JavaScript) and the PDF report. Values are rounded with
`formulas.round2`, the one display rounding of every surface, so a chart never shows a figure the tables
do not.

Layout choices:

- Months are intervals: a month's figure is drawn at the middle of the month and the x axis covers whole
  months, so that a target (one value per year) is a flat segment over the months of its year, visible
  even when the window shows a single month of that year. Months missing between the first and the last
  point are drawn as gaps, never bridged by a line.
- The coverage axis runs from 0 to 100 % (further only if a value exceeds 100). The UCJ line (95 %) is
  always drawn, so a tighter axis would start below the data and end near 100 anyway; a zero baseline
  shows the distance to UCJ honestly and keeps the charts of different regions comparable.
- Segments are small multiples: one panel per segment, stacked, sharing the month axis, each with its own
  zero-based axis. Segment sizes differ by two orders of magnitude (PU in the millions, PMI in the
  thousands): on a shared axis the small segments lie flat on the floor, and in a stacked area only the
  bottom band has a straight baseline. With zero-based panels the height of the line tells the relative
  growth of each segment, and the axis of each panel tells its size.
- Nothing depends on colour alone: coverage is a solid line with round markers, the target a long-dashed
  line, the UCJ line short-dashed with a direct label. All colours reach 3:1 against white (WCAG 1.4.11).
- An empty list of points gives an empty-state chart (a message, no axes), which renders; a page may
  prefer to leave the chart out.
"""

from __future__ import annotations

import calendar
import copy
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol

from django.utils import translation
from django.utils.translation import gettext as _

from cakupan.common.formatting import fmt_int, fmt_month, fmt_pct, fmt_points
from cakupan.core import periods
from cakupan.core.rounding import round2


class PointLike(Protocol):
    """What a chart reads of a month: `cakupan.indicators.library.TrendPoint` is one."""

    @property
    def period(self) -> str: ...
    @property
    def coverage_rate(self) -> Fraction | None: ...
    @property
    def target_rate(self) -> Fraction | None: ...
    @property
    def segments_active(self) -> Mapping[str, int | None]: ...


# The participant segments, in the order of `cakupan.indicators.models.SEGMENTS` (not imported: this
# package does not need the app registry; a test keeps the two equal).
SEGMENTS: tuple[str, ...] = ("PU", "BPU", "JAKON", "PMI")

# The palette of cakupan.css; every colour reaches 3:1 against white.
INK = "#1a1f24"
MUTED = "#4f5b66"
GRID = "#e3e7ea"
COVERAGE_COLOUR = "#0a58ca"
TARGET_COLOUR = "#a34e00"
UCJ_COLOUR = "#4f5b66"
SEGMENT_COLOUR = "#0a58ca"
COLOURS = (INK, MUTED, COVERAGE_COLOUR, TARGET_COLOUR, UCJ_COLOUR, SEGMENT_COLOUR)

SOLID: list[int] = [1, 0]
TARGET_DASH: list[int] = [8, 4]
UCJ_DASH: list[int] = [3, 3]

FONT = "Noto Sans, DejaVu Sans, sans-serif"
# The Vega-Lite version the specifications are written for, as vl-convert bundles it (`render.py`).
VEGA_LITE_VERSION = "6.4"
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
WIDTH = 380
TREND_HEIGHT = 220
PANEL_HEIGHT = 80

# Months between ticks, by the number of months shown (at most eight ticks).
_TICK_STEPS = ((8, 1), (16, 2), (24, 3), (48, 6))
# The year is written at the first tick and at January; other ticks show the month only ("Jan 2024",
# "Jul", "Jan 2025"), which keeps eight labels legible across a narrow chart.
_TICK_LABEL = "datum.index == 0 || utcmonth(datum.value) == 0 ? datum.label : utcFormat(datum.value, '%b')"


def language(lang: str | None) -> str:
    """'en' for any English code, otherwise 'id' (as `cakupan.common.formatting` decides)."""
    return "en" if (lang or "id").lower().startswith("en") else "id"


def _value(x: Fraction | Decimal | float | int | None) -> float | None:
    """The displayed value: rounded half-up to 2 decimals like every other surface."""
    rounded = round2(x if not isinstance(x, float) else Decimal(str(x)))
    return None if rounded is None else float(rounded)


def _exact(x: Fraction | Decimal | float | int | None) -> Fraction:
    """A rate as an exact fraction, for arithmetic before the one rounding at display."""
    assert x is not None
    return Fraction(str(x)) if isinstance(x, float) else Fraction(x)


def _ms(period: str) -> int:
    """Milliseconds since the epoch (UTC) of the first day of a `YYYY-MM` month."""
    return calendar.timegm((int(period[:4]), int(period[5:7]), 1, 0, 0, 0)) * 1000


def _middle(period: str) -> int:
    return (_ms(period) + _ms(periods.shift(period, 1))) // 2


def _percent(value: Fraction | Decimal | float | int, lang: str) -> str:
    """A threshold as people write it: 95 % / 95% (decimals only when there are some)."""
    rounded = round2(value if not isinstance(value, float) else Decimal(str(value)))
    assert rounded is not None
    if rounded == rounded.to_integral_value():
        return fmt_int(int(rounded), lang) + _pct_suffix(lang)
    return fmt_pct(rounded, lang)


def _pct_suffix(lang: str) -> str:
    return "%" if lang == "en" else " %"


@dataclass(frozen=True)
class _Month:
    period: str
    point: PointLike | None


def _months(points: Sequence[PointLike]) -> list[_Month]:
    """Every month from the first point to the last, oldest first; months without a point are None."""
    by_period = {p.period: p for p in points}
    ordered = sorted(by_period)
    first, last = periods.index(ordered[0]), periods.index(ordered[-1])
    return [
        _Month(period, by_period.get(period))
        for period in (periods.from_index(i) for i in range(first, last + 1))
    ]


def _x_axis(months: list[_Month], *, labels: bool = True) -> dict[str, Any]:
    count = len(months)
    step = next((s for limit, s in _TICK_STEPS if count <= limit), 12)
    ticks = [_ms(m.period) for m in months if (int(m.period[5:7]) - 1) % step == 0]
    if not ticks:
        ticks = [_ms(months[0].period)]
    return {
        "title": None,
        "format": "%b %Y",
        "labelExpr": _TICK_LABEL,
        "values": ticks,
        "labels": labels,
        "labelAngle": 0,
        "labelOverlap": "greedy",
        "labelFlush": False,
        "grid": True,
    }


def _x_scale(months: list[_Month]) -> dict[str, Any]:
    return {"type": "utc", "domain": [_ms(months[0].period), _ms(periods.shift(months[-1].period, 1))]}


# The shared style of every chart (Vega-Lite `config`).
CONFIG: dict[str, Any] = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {
        "labelColor": INK,
        "labelFontSize": 13,
        "titleColor": INK,
        "titleFontSize": 13,
        "domainColor": MUTED,
        "tickColor": MUTED,
        "gridColor": GRID,
    },
    "legend": {
        "labelColor": INK,
        "labelFontSize": 13,
        "symbolType": "stroke",
        "symbolStrokeWidth": 2.5,
        "symbolSize": 320,
        "orient": "top",
        "direction": "horizontal",
        "title": None,
    },
    "title": {
        "color": INK,
        "fontSize": 16,
        "anchor": "start",
        "subtitleColor": MUTED,
        "subtitleFontSize": 12,
    },
}


def _field(name: str, kind: str, **properties: Any) -> dict[str, Any]:
    """An encoding channel reading a field (`kind`: quantitative, temporal, nominal)."""
    return {"field": name, "type": kind, **properties}


def _finish(spec: dict[str, Any], datasets: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The finished specification: its layers name their data, given here once, with the shared style."""
    spec["$schema"] = SCHEMA
    spec["datasets"] = datasets
    spec["config"] = copy.deepcopy(CONFIG)
    spec["background"] = "transparent"
    return spec


def _title(title: str) -> dict[str, Any]:
    return {"text": title, "anchor": "start", "offset": 10}


def _empty(*, title: str, lang: str, height: int) -> dict[str, Any]:
    with translation.override(lang):
        message = _("No monthly figures to show.")
    spec = {
        "data": {"name": "message"},
        "mark": {"type": "text", "align": "center", "baseline": "middle", "color": MUTED, "fontSize": 14},
        "encoding": {
            "text": _field("message", "nominal"),
            "x": {"value": WIDTH / 2},
            "y": {"value": height / 2},
        },
        "width": WIDTH,
        "height": height,
        "title": _title(title),
        "description": message,
    }
    return _finish(spec, {"message": [{"message": message}]})


def trend_spec(
    points: Sequence[PointLike],
    *,
    ucj_target: Fraction | Decimal | float | int,
    lang: str,
    title: str,
) -> dict[str, Any]:
    """Coverage by month with the annual target and the UCJ line: a Vega-Lite specification."""
    lang = language(lang)
    if not points:
        return _empty(title=title, lang=lang, height=TREND_HEIGHT)
    months = _months(points)
    ucj = _value(ucj_target)
    assert ucj is not None
    ucj_label = f"UCJ {_percent(ucj_target, lang)}"

    # A target belongs to a year: months without a point still carry their year's target.
    year_target: dict[int, float] = {}
    for p in points:
        target = _value(p.target_rate)
        if target is not None:
            year_target.setdefault(periods.year_of(p.period), target)

    with translation.override(lang):
        coverage_name = _("Coverage")
        target_name = _("Target")
    rows = [
        {
            "period": m.period,
            "middle": _middle(m.period),
            "rate": _value(m.point.coverage_rate) if m.point else None,
            "series": coverage_name,
        }
        for m in months
    ]
    runs = [{**run, "series": target_name} for run in _target_runs(months, year_target)]
    known = [r for r in rows if r["rate"] is not None]
    exact = [m.point for m in months if m.point is not None and m.point.coverage_rate is not None]
    with translation.override(lang):
        description = _trend_description(months, exact, year_target, ucj_target, lang)

    series = [coverage_name] + ([target_name] if runs else [])
    colour = {"domain": series, "range": [COVERAGE_COLOUR, TARGET_COLOUR][: len(series)]}
    dash = {"domain": series, "range": [SOLID, TARGET_DASH][: len(series)]}
    values = [r["rate"] for r in known] + [r["target"] for r in runs] + [ucj]
    top = max(100, 10 * math.ceil(max(values) / 10))  # 0–100 %, further only for a rate above 100
    y_scale, y_axis = _percent_axis(top, lang)
    x_scale = _x_scale(months)
    x_axis = _x_axis(months)
    by_series = {"color": _field("series", "nominal", scale=colour)}
    by_series["strokeDash"] = _field("series", "nominal", scale=dash)

    layers: list[dict[str, Any]] = [
        {
            "data": {"name": "ucj"},
            "mark": {"type": "rule", "color": UCJ_COLOUR, "strokeDash": UCJ_DASH, "strokeWidth": 1.5},
            "encoding": {"y": _field("ucj", "quantitative", scale=y_scale, axis=y_axis)},
        },
        {
            "data": {"name": "ucj"},
            "mark": {
                "type": "text",
                "align": "left",
                "baseline": "bottom",
                "color": UCJ_COLOUR,
                "dx": 4,
                "dy": -3,
                "fontSize": 13,
            },
            "encoding": {
                "text": _field("label", "nominal"),
                "x": {"value": 0},
                "y": _field("ucj", "quantitative", scale=y_scale),
            },
        },
    ]
    if runs:
        layers.append(
            {
                "data": {"name": "target"},
                "mark": {"type": "rule", "strokeCap": "butt", "strokeWidth": 2.5},
                "encoding": {
                    **by_series,
                    "x": _field("start", "temporal", scale=x_scale, axis=x_axis),
                    "x2": {"field": "end"},
                    "y": _field("target", "quantitative", scale=y_scale),
                },
            }
        )
    layers.append(
        {
            "data": {"name": "coverage"},
            "mark": {"type": "line", "point": {"filled": True, "opacity": 1, "size": 28}, "strokeWidth": 2.5},
            "encoding": {
                **by_series,
                "x": _field("middle", "temporal", scale=x_scale, axis=x_axis),
                "y": _field("rate", "quantitative", scale=y_scale),
            },
        }
    )
    # The latest figure written at the end of the line, formatted by the renderer's locale.
    layers.append(
        {
            "data": {"name": "latest"},
            "mark": {
                "type": "text",
                "align": "right",
                "baseline": "bottom",
                "color": INK,
                "dy": -8,
                "fontSize": 14,
                "fontWeight": "bold",
            },
            "encoding": {
                "text": _field("label", "nominal"),
                "x": _field("middle", "temporal", scale=x_scale),
                "y": _field("rate", "quantitative", scale=y_scale),
            },
            "transform": [
                {"calculate": f"format(datum.rate, ',.2f') + '{_pct_suffix(lang)}'", "as": "label"}
            ],
        }
    )
    spec = {
        "layer": layers,
        "width": WIDTH,
        "height": TREND_HEIGHT,
        "title": _title(title),
        "description": description,
    }
    datasets = {
        "ucj": [{"ucj": ucj, "label": ucj_label}],
        "target": runs,
        "coverage": rows,
        "latest": known[-1:],
    }
    return _finish(spec, datasets)


def _percent_axis(top: float, lang: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A 0–top % axis with a label every 20 points, in the reader's way of writing percentages."""
    scale = {"domain": [0, top], "nice": False, "zero": True}
    axis = {
        "title": None,
        "values": list(range(0, int(top) + 1, 20)),
        "format": "d",
        "labelExpr": f"datum.label + '{_pct_suffix(lang)}'",
        "grid": True,
    }
    return scale, axis


def _target_runs(months: list[_Month], year_target: dict[int, float]) -> list[dict[str, Any]]:
    """Consecutive months with the same target, as one segment from the first month's start to the last
    month's end."""
    runs: list[dict[str, Any]] = []
    for m in months:
        target = year_target.get(periods.year_of(m.period))
        if target is None:
            continue
        end = _ms(periods.shift(m.period, 1))
        last = runs[-1] if runs else None
        if last is not None and last["target"] == target and last["end"] == _ms(m.period):
            last["end"] = end
            last["last"] = m.period
        else:
            runs.append(
                {"start": _ms(m.period), "end": end, "first": m.period, "last": m.period, "target": target}
            )
    return runs


def _trend_description(
    months: list[_Month],
    known: list[PointLike],
    year_target: dict[int, float],
    ucj_target: Fraction | Decimal | float | int,
    lang: str,
) -> str:
    """The chart's text. Differences are taken between the exact rates and rounded once, when written:
    subtracting two rounded rates can differ from every other surface by a hundredth (issue 15)."""
    parts = [
        _("Coverage by month, %(first)s to %(last)s.")
        % {"first": fmt_month(months[0].period, lang), "last": fmt_month(months[-1].period, lang)}
    ]
    if known:
        latest, first = known[-1], known[0]
        latest_rate, first_rate = _exact(latest.coverage_rate), _exact(first.coverage_rate)
        parts.append(
            _("Latest: %(rate)s in %(month)s.")
            % {"rate": fmt_pct(latest_rate, lang), "month": fmt_month(latest.period, lang)}
        )
        if first is not latest:
            change = latest_rate - first_rate
            parts.append(
                _("Change since %(month)s: %(points)s.")
                % {"month": fmt_month(first.period, lang), "points": fmt_points(change, lang)}
            )
        gap = max(Fraction(0), _exact(ucj_target) - latest_rate)
        gap_label = _("Gap to UCJ %(ucj)s") % {"ucj": _percent(ucj_target, lang)}
        parts.append(f"{gap_label}: {fmt_points(gap, lang, signed=False)}.")
    else:
        parts.append(_("No monthly figures to show."))
    for year in sorted({periods.year_of(m.period) for m in months}):
        target = year_target.get(year)
        value = fmt_pct(Decimal(str(target)), lang) if target is not None else _("no target recorded")
        label = _("Target %(year)s") % {"year": year}
        parts.append(f"{label}: {value}.")
    missing = sum(1 for m in months if m.point is None or m.point.coverage_rate is None)
    if missing:
        parts.append(_("Months without figures: %(count)s.") % {"count": fmt_int(missing, lang)})
    return " ".join(parts)


def segment_name(segment: str) -> str:
    names = {
        "PU": _("Wage earners (PU)"),
        "BPU": _("Non-wage earners (BPU)"),
        "JAKON": _("Construction (JAKON)"),
        "PMI": _("Migrant workers (PMI)"),
    }
    return names.get(segment, segment)


def segments_spec(points: Sequence[PointLike], *, lang: str, title: str) -> dict[str, Any]:
    """Active participants of each segment by month, one panel per segment: a Vega-Lite specification."""
    lang = language(lang)
    if not points:
        return _empty(title=title, lang=lang, height=4 * PANEL_HEIGHT)
    months = _months(points)
    x_scale = _x_scale(months)
    panels: list[dict[str, Any]] = []
    datasets: dict[str, list[dict[str, Any]]] = {}
    with translation.override(lang):
        description = _segments_description(months, lang)
        for position, segment in enumerate(SEGMENTS):
            rows = [
                {
                    "period": m.period,
                    "middle": _middle(m.period),
                    "active": m.point.segments_active.get(segment) if m.point else None,
                }
                for m in months
            ]
            known = [r for r in rows if r["active"] is not None]
            datasets[segment], datasets[f"{segment}-latest"] = rows, known[-1:]
            last_panel = position == len(SEGMENTS) - 1
            x = _field("middle", "temporal", scale=x_scale, axis=_x_axis(months, labels=last_panel))
            y_scale: dict[str, Any] = {"nice": True, "zero": True} if known else {"domain": [0, 1]}
            y_axis = {"format": ",d", "grid": True, "labels": bool(known), "tickCount": 2, "title": None}
            line = {
                "data": {"name": segment},
                "mark": {
                    "type": "line",
                    "color": SEGMENT_COLOUR,
                    "point": {"color": SEGMENT_COLOUR, "filled": True, "opacity": 1, "size": 20},
                    "strokeWidth": 2.5,
                },
                "encoding": {"x": x, "y": _field("active", "quantitative", scale=y_scale, axis=y_axis)},
            }
            label = {
                "data": {"name": f"{segment}-latest"},
                "mark": {
                    "type": "text",
                    "align": "right",
                    "baseline": "bottom",
                    "color": INK,
                    "dy": -7,
                    "fontSize": 13,
                    "fontWeight": "bold",
                },
                "encoding": {
                    "text": _field("label", "nominal"),
                    "x": _field("middle", "temporal", scale=x_scale),
                    "y": _field("active", "quantitative", scale=y_scale),
                },
                "transform": [{"calculate": "format(datum.active, ',d')", "as": "label"}],
            }
            name = segment_name(segment) if known else f"{segment_name(segment)}: {fmt_int(None)}"
            panels.append(
                {
                    "layer": [line, label],
                    "width": WIDTH,
                    "height": PANEL_HEIGHT,
                    "title": {"text": name, "anchor": "start", "fontSize": 14, "frame": "group", "offset": 4},
                }
            )
    spec = {
        "vconcat": panels,
        "spacing": 14,
        "resolve": {"scale": {"x": "shared", "y": "independent"}},
        "title": _title(title),
        "description": description,
    }
    return _finish(spec, datasets)


def _segments_description(months: list[_Month], lang: str) -> str:
    parts = [
        _("Active participants by segment and month, %(first)s to %(last)s.")
        % {"first": fmt_month(months[0].period, lang), "last": fmt_month(months[-1].period, lang)}
    ]
    for segment in SEGMENTS:
        known = [
            (m.period, value)
            for m in months
            if m.point is not None and (value := m.point.segments_active.get(segment)) is not None
        ]
        if not known:
            parts.append(f"{segment_name(segment)}: {fmt_int(None)}.")
            continue
        (first_period, first), (last_period, last) = known[0], known[-1]
        if len(known) == 1:
            parts.append(
                _("%(segment)s: %(latest)s in %(month)s.")
                % {
                    "segment": segment_name(segment),
                    "latest": fmt_int(last, lang),
                    "month": fmt_month(last_period, lang),
                }
            )
            continue
        parts.append(
            _("%(segment)s: %(latest)s in %(month)s, %(change)s since %(first)s.")
            % {
                "segment": segment_name(segment),
                "latest": fmt_int(last, lang),
                "month": fmt_month(last_period, lang),
                "change": fmt_int(last - first, lang, signed=True),
                "first": fmt_month(first_period, lang),
            }
        )
    return " ".join(parts)


# Up to six regions side by side: colour and dash together, so the lines part without colour too.
COMPARE_COLOURS = ("#0a58ca", "#a34e00", "#1a7f37", "#6f42c1", "#b4233c", "#4f5b66")
COMPARE_DASHES: tuple[list[int], ...] = ([1, 0], [8, 4], [2, 3], [12, 3, 3, 3], [6, 2, 2, 2], [4, 4])


def compare_spec(
    series: Sequence[tuple[str, Sequence[PointLike]]], *, lang: str, title: str
) -> dict[str, Any]:
    """Coverage by month of several regions on one axis (the compare page)."""
    lang = language(lang)
    everything = [p for _name, points in series for p in points]
    if not everything:
        return _empty(title=title, lang=lang, height=TREND_HEIGHT)
    months = _months(everything)
    names = [name for name, _points in series][: len(COMPARE_COLOURS)]
    rates = [
        (name, p.period, _value(p.coverage_rate))
        for name, points in series[: len(COMPARE_COLOURS)]
        for p in points
    ]
    rows = [
        {"period": period, "middle": _middle(period), "rate": rate, "series": name}
        for name, period, rate in rates
        if rate is not None
    ]
    top = max([100] + [10 * math.ceil(rate / 10) for _n, _p, rate in rates if rate is not None])
    y_scale, y_axis = _percent_axis(top, lang)
    x_scale = _x_scale(months)
    spec = {
        "data": {"name": "coverage"},
        "mark": {"type": "line", "point": {"filled": True, "opacity": 1, "size": 20}, "strokeWidth": 2.5},
        "encoding": {
            "x": _field("middle", "temporal", scale=x_scale, axis=_x_axis(months)),
            "y": _field("rate", "quantitative", scale=y_scale, axis=y_axis),
            "color": _field(
                "series",
                "nominal",
                scale={"domain": names, "range": list(COMPARE_COLOURS[: len(names)])},
                legend={"columns": 2, "orient": "top", "title": None},
            ),
            "strokeDash": _field(
                "series", "nominal", scale={"domain": names, "range": list(COMPARE_DASHES[: len(names)])}
            ),
        },
        "width": WIDTH,
        "height": TREND_HEIGHT,
        "title": _title(title),
        "description": title,
    }
    return _finish(spec, {"coverage": rows})
