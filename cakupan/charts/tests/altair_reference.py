"""The chart specifications as Altair built them before they were written as plain data (issue 20): kept
for the tests, which check that `cakupan.charts.specs` writes the same Vega-Lite for the same points.
Never imported by the product (Altair costs tens of milliseconds a chart)."""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import altair as alt
from django.utils import translation
from django.utils.translation import gettext as _

from cakupan.charts.specs import (
    COMPARE_COLOURS,
    COMPARE_DASHES,
    CONFIG,
    COVERAGE_COLOUR,
    INK,
    MUTED,
    PANEL_HEIGHT,
    SEGMENT_COLOUR,
    SEGMENTS,
    SOLID,
    TARGET_COLOUR,
    TARGET_DASH,
    TREND_HEIGHT,
    UCJ_COLOUR,
    UCJ_DASH,
    WIDTH,
    PointLike,
    _middle,
    _Month,
    _months,
    _ms,
    _pct_suffix,
    _percent,
    _segments_description,
    _target_runs,
    _trend_description,
    _value,
    _x_axis,
    language,
    segment_name,
)
from cakupan.common.formatting import fmt_int
from cakupan.core import periods


def _x_scale(months: list[_Month]) -> alt.Scale:
    return alt.Scale(type="utc", domain=[_ms(months[0].period), _ms(periods.shift(months[-1].period, 1))])


def _finish(chart: Any, datasets: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The Vega-Lite dict of a chart whose layers name their data (`alt.NamedData`): the data is added
    here, once, so that Altair does not copy it with every layer it combines."""
    spec: dict[str, Any] = chart.to_dict(validate=False)
    spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    spec["config"] = copy.deepcopy(CONFIG)
    spec["background"] = "transparent"
    return spec


def _title(title: str) -> alt.TitleParams:
    return alt.TitleParams(text=title, anchor="start", offset=10)


def _empty(*, title: str, lang: str, height: int) -> dict[str, Any]:
    with translation.override(lang):
        message = _("No monthly figures to show.")
    chart = (
        alt.Chart(
            alt.NamedData("message"), width=WIDTH, height=height, title=_title(title), description=message
        )
        .mark_text(fontSize=14, color=MUTED, align="center", baseline="middle")
        .encode(text="message:N", x=alt.value(WIDTH / 2), y=alt.value(height / 2))
    )
    return _finish(chart, {"message": [{"message": message}]})


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
    colour = alt.Scale(domain=series, range=[COVERAGE_COLOUR, TARGET_COLOUR][: len(series)])
    dash = alt.Scale(domain=series, range=[SOLID, TARGET_DASH][: len(series)])
    values = [r["rate"] for r in known] + [r["target"] for r in runs] + [ucj]
    top = max(100, 10 * math.ceil(max(values) / 10))  # 0–100 %, further only for a rate above 100
    y_scale, y_axis = _percent_axis(top, lang)
    x_scale = _x_scale(months)
    x_axis = alt.Axis(**_x_axis(months))

    ucj_rule = (
        alt.Chart(alt.NamedData("ucj"))
        .mark_rule(color=UCJ_COLOUR, strokeDash=UCJ_DASH, strokeWidth=1.5)
        .encode(y=alt.Y("ucj:Q", scale=y_scale, axis=y_axis))
    )
    ucj_text = (
        alt.Chart(alt.NamedData("ucj"))
        .mark_text(align="left", baseline="bottom", dx=4, dy=-3, fontSize=13, color=UCJ_COLOUR)
        .encode(x=alt.value(0), y=alt.Y("ucj:Q", scale=y_scale), text="label:N")
    )
    layers: list[Any] = [ucj_rule, ucj_text]
    if runs:
        layers.append(
            alt.Chart(alt.NamedData("target"))
            .mark_rule(strokeWidth=2.5, strokeCap="butt")
            .encode(
                x=alt.X("start:T", scale=x_scale, axis=x_axis),
                x2="end:T",
                y=alt.Y("target:Q", scale=y_scale),
                color=alt.Color("series:N", scale=colour),
                strokeDash=alt.StrokeDash("series:N", scale=dash),
            )
        )
    layers.append(
        alt.Chart(alt.NamedData("coverage"))
        .mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(filled=True, size=28, opacity=1))
        .encode(
            x=alt.X("middle:T", scale=x_scale, axis=x_axis),
            y=alt.Y("rate:Q", scale=y_scale),
            color=alt.Color("series:N", scale=colour),
            strokeDash=alt.StrokeDash("series:N", scale=dash),
        )
    )
    # The latest figure written at the end of the line, formatted by the renderer's locale.
    layers.append(
        alt.Chart(alt.NamedData("latest"))
        .transform_calculate(label=f"format(datum.rate, ',.2f') + '{_pct_suffix(lang)}'")
        .mark_text(align="right", baseline="bottom", dy=-8, fontSize=14, fontWeight="bold", color=INK)
        .encode(x=alt.X("middle:T", scale=x_scale), y=alt.Y("rate:Q", scale=y_scale), text="label:N")
    )
    chart = alt.layer(*layers, width=WIDTH, height=TREND_HEIGHT, title=_title(title), description=description)
    datasets = {
        "ucj": [{"ucj": ucj, "label": ucj_label}],
        "target": runs,
        "coverage": rows,
        "latest": known[-1:],
    }
    return _finish(chart, datasets)


def _percent_axis(top: float, lang: str) -> tuple[alt.Scale, alt.Axis]:
    """A 0–top % axis with a label every 20 points, in the reader's way of writing percentages."""
    scale = alt.Scale(domain=[0, top], nice=False, zero=True)
    axis = alt.Axis(
        title=None,
        values=list(range(0, int(top) + 1, 20)),
        format="d",
        labelExpr=f"datum.label + '{_pct_suffix(lang)}'",
        grid=True,
    )
    return scale, axis


def segments_spec(points: Sequence[PointLike], *, lang: str, title: str) -> dict[str, Any]:
    """Active participants of each segment by month, one panel per segment: a Vega-Lite specification."""
    lang = language(lang)
    if not points:
        return _empty(title=title, lang=lang, height=4 * PANEL_HEIGHT)
    months = _months(points)
    x_scale = _x_scale(months)
    panels: list[Any] = []
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
            x = alt.X("middle:T", scale=x_scale, axis=alt.Axis(**_x_axis(months, labels=last_panel)))
            y_scale = alt.Scale(zero=True, nice=True) if known else alt.Scale(domain=[0, 1])
            y = alt.Y(
                "active:Q",
                scale=y_scale,
                axis=alt.Axis(title=None, format=",d", tickCount=2, labels=bool(known), grid=True),
            )
            line = (
                alt.Chart(alt.NamedData(segment))
                .mark_line(
                    color=SEGMENT_COLOUR,
                    strokeWidth=2.5,
                    point=alt.OverlayMarkDef(filled=True, size=20, color=SEGMENT_COLOUR, opacity=1),
                )
                .encode(x=x, y=y)
            )
            label = (
                alt.Chart(alt.NamedData(f"{segment}-latest"))
                .transform_calculate(label="format(datum.active, ',d')")
                .mark_text(align="right", baseline="bottom", dy=-7, fontSize=13, fontWeight="bold", color=INK)
                .encode(
                    x=alt.X("middle:T", scale=x_scale), y=alt.Y("active:Q", scale=y_scale), text="label:N"
                )
            )
            name = segment_name(segment) if known else f"{segment_name(segment)}: {fmt_int(None)}"
            panels.append(
                alt.layer(
                    line,
                    label,
                    width=WIDTH,
                    height=PANEL_HEIGHT,
                    title=alt.TitleParams(text=name, fontSize=14, anchor="start", frame="group", offset=4),
                )
            )
    chart = alt.vconcat(
        *panels,
        spacing=14,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(x="shared", y="independent")),
        title=_title(title),
        description=description,
    )
    return _finish(chart, datasets)


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
    chart = (
        alt.Chart(alt.NamedData("coverage"))
        .mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(filled=True, size=20, opacity=1))
        .encode(
            x=alt.X("middle:T", scale=x_scale, axis=alt.Axis(**_x_axis(months))),
            y=alt.Y("rate:Q", scale=y_scale, axis=y_axis),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=names, range=list(COMPARE_COLOURS[: len(names)])),
                legend=alt.Legend(title=None, orient="top", columns=2),
            ),
            strokeDash=alt.StrokeDash(
                "series:N", scale=alt.Scale(domain=names, range=list(COMPARE_DASHES[: len(names)]))
            ),
        )
        .properties(width=WIDTH, height=TREND_HEIGHT, title=_title(title), description=title)
    )
    return _finish(chart, {"coverage": rows})
