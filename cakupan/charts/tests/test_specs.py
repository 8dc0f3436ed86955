from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema.core import load_schema

from cakupan.charts import segments_spec, specs, trend_spec
from cakupan.charts.tests.factories import point, series
from cakupan.indicators.models import SEGMENTS


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return list(spec["layer"])


def _mark(layer: dict[str, Any]) -> dict[str, Any]:
    mark = layer["mark"]
    return mark if isinstance(mark, dict) else {"type": mark}


def _coverage(spec: dict[str, Any]) -> dict[str, Any]:
    return next(layer for layer in _layers(spec) if _mark(layer)["type"] == "line")


def _values(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    data = layer.get("data") or spec["data"]
    if "values" in data:
        return list(data["values"])
    return list(spec["datasets"][data["name"]])


def _rates(spec: dict[str, Any]) -> dict[str, float | None]:
    return {row["period"]: row["rate"] for row in _values(spec, _coverage(spec))}


def test_the_worked_example_is_plotted_as_33_73() -> None:
    spec = trend_spec(series("2024-06", 36), ucj_target=95, lang="id", title="NTT")
    assert _rates(spec)["2024-06"] == 33.73


def test_rates_are_rounded_half_up_like_every_other_surface() -> None:
    # 1 of 8 = 12.5 %; 1 of 800 = 0.125 % → 0.13 (half up), where float rounding would give 0.12.
    spec = trend_spec([point("2024-06", active=1, workers=800)], ucj_target=95, lang="id", title="t")
    assert _rates(spec)["2024-06"] == 0.13


def test_the_target_is_a_flat_segment_per_year() -> None:
    spec = trend_spec(series("2024-06", 36), ucj_target=95, lang="en", title="t")
    target = next(layer for layer in _layers(spec) if layer["encoding"]["y"]["field"] == "target")
    runs = _values(spec, target)
    assert [(r["first"], r["last"], r["target"]) for r in runs] == [
        ("2021-07", "2023-12", 35.0),
        ("2024-01", "2024-06", 40.0),
    ]
    assert _mark(target)["type"] == "rule"
    assert target["encoding"]["x2"]["field"] == "end"


def test_a_target_shown_for_a_single_month_is_still_a_visible_segment() -> None:
    points = [*series("2024-12", 35), point("2025-01", target=Fraction(45))]
    spec = trend_spec(points, ucj_target=95, lang="en", title="t")
    target = next(layer for layer in _layers(spec) if layer["encoding"]["y"]["field"] == "target")
    last = _values(spec, target)[-1]
    assert (last["first"], last["last"]) == ("2025-01", "2025-01")
    assert last["end"] - last["start"] == 31 * 24 * 3600 * 1000


def test_the_ucj_line_is_a_dashed_rule_labelled_with_its_value() -> None:
    spec = trend_spec(series("2024-06", 12), ucj_target=Fraction(95), lang="id", title="t")
    rule = next(layer for layer in _layers(spec) if layer["encoding"]["y"]["field"] == "ucj")
    assert _mark(rule)["type"] == "rule"
    assert _mark(rule)["strokeDash"] == specs.UCJ_DASH
    labels = [row["label"] for layer in _layers(spec) for row in _values(spec, layer) if "label" in row]
    assert "UCJ 95 %" in labels
    english = trend_spec(series("2024-06", 12), ucj_target=Fraction(191, 2), lang="en", title="t")
    assert "UCJ 95.50%" in [
        r["label"] for layer in _layers(english) for r in _values(english, layer) if "label" in r
    ]


def test_every_line_is_told_apart_without_colour() -> None:
    patterns = [specs.SOLID, specs.TARGET_DASH, specs.UCJ_DASH]
    assert len({tuple(p) for p in patterns}) == 3
    spec = trend_spec(series("2024-06", 12), ucj_target=95, lang="en", title="t")
    coverage = _coverage(spec)
    assert coverage["encoding"]["strokeDash"]["scale"]["range"] == [specs.SOLID, specs.TARGET_DASH]
    assert coverage["mark"]["point"]["filled"] is True  # markers on the coverage line


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", specs.COLOURS)
def test_every_chart_colour_reaches_three_to_one_against_white(colour: str) -> None:
    assert 1.05 / (_luminance(colour) + 0.05) >= 3


def test_missing_rates_and_missing_months_are_gaps() -> None:
    points = [
        point("2024-01"),
        point("2024-02", workers=None),  # a rate that cannot be computed
        point("2024-03"),
        # 2024-04 left out by the library: no participant figures
        point("2024-05", target=Fraction(40)),
    ]
    spec = trend_spec(points, ucj_target=95, lang="en", title="t")
    assert _rates(spec) == {
        "2024-01": 33.73,
        "2024-02": None,
        "2024-03": 33.73,
        "2024-04": None,
        "2024-05": 33.73,
    }
    # The year's target covers the whole year shown, months without figures included.
    target = next(layer for layer in _layers(spec) if layer["encoding"]["y"]["field"] == "target")
    assert [(r["first"], r["last"]) for r in _values(spec, target)] == [("2024-01", "2024-05")]
    assert "Months without figures: 2." in spec["description"]


def test_points_without_any_rate_or_target_still_make_a_chart() -> None:
    spec = trend_spec([point("2024-01", workers=None)], ucj_target=95, lang="en", title="t")
    assert _rates(spec) == {"2024-01": None}
    assert not any(layer["encoding"]["y"]["field"] == "target" for layer in _layers(spec))


def test_an_empty_series_gives_a_chart_with_a_message() -> None:
    spec = trend_spec([], ucj_target=95, lang="en", title="NTT")
    assert spec["mark"]["type"] == "text"
    assert spec["description"] == "No monthly figures to show."
    assert segments_spec([], lang="en", title="NTT")["mark"]["type"] == "text"


def test_the_y_axis_runs_from_zero_to_a_hundred() -> None:
    spec = trend_spec(series("2024-06", 12), ucj_target=95, lang="en", title="t")
    assert _coverage(spec)["encoding"]["y"]["scale"]["domain"] == [0, 100]


def test_the_y_axis_stretches_when_a_rate_exceeds_a_hundred() -> None:
    spec = trend_spec([point("2024-06", active=1_050, workers=1_000)], ucj_target=95, lang="en", title="t")
    assert _coverage(spec)["encoding"]["y"]["scale"]["domain"] == [0, 110]


def test_the_description_tells_the_latest_figure_and_the_gaps_in_the_page_language() -> None:
    indonesian = trend_spec(series("2024-06", 36), ucj_target=95, lang="id", title="t")["description"]
    assert "33,73 %" in indonesian
    assert "Juni 2024" in indonesian
    english = trend_spec(series("2024-06", 36), ucj_target=95, lang="en-gb", title="t")["description"]
    assert "Latest: 33.73% in June 2024." in english
    assert "Gap to UCJ 95%: 61.27 pts." in english
    assert "Target 2024: 40.00%." in english


def test_the_description_subtracts_the_exact_rates_and_rounds_once() -> None:
    # 30.004 % then 33.495 %: shown as 30,00 % and 33,50 %, but the change is 3.491 → +3,49 (not +3,50)
    # and the gap to UCJ 61.505 → 61,51 (not 61,50), as the API and the tables say.
    points = [
        point("2024-05", active=300_040, workers=1_000_000),
        point("2024-06", active=334_950, workers=1_000_000),
    ]
    text = trend_spec(points, ucj_target=95, lang="en", title="t")["description"]
    assert "Latest: 33.50% in June 2024." in text
    assert "Change since May 2024: +3.49 pts." in text
    assert "Gap to UCJ 95%: 61.51 pts." in text


def test_the_segments_are_the_ones_of_the_indicator_library_in_its_order() -> None:
    assert specs.SEGMENTS == SEGMENTS
    spec = segments_spec(series("2024-06", 12), lang="en", title="t")
    titles = [panel["title"]["text"] for panel in spec["vconcat"]]
    assert titles == [
        "Wage earners (PU)",
        "Non-wage earners (BPU)",
        "Construction (JAKON)",
        "Migrant workers (PMI)",
    ]


def test_each_segment_panel_has_its_own_zero_based_axis() -> None:
    spec = segments_spec(series("2024-06", 12), lang="en", title="t")
    assert spec["resolve"]["scale"]["y"] == "independent"
    for panel in spec["vconcat"]:
        assert panel["layer"][0]["encoding"]["y"]["scale"]["zero"] is True


def test_segment_counts_are_plotted_as_they_are_and_missing_ones_are_gaps() -> None:
    points = [
        point("2024-01", segments={"PU": 1_000, "BPU": 200, "JAKON": None, "PMI": None}),
        point("2024-03", segments={"PU": 1_100, "BPU": 250, "JAKON": 30, "PMI": None}),
    ]
    spec = segments_spec(points, lang="en", title="t")
    by_segment = {
        segment: [row["active"] for row in _values(spec, panel["layer"][0])]
        for segment, panel in zip(SEGMENTS, spec["vconcat"], strict=True)
    }
    assert by_segment == {
        "PU": [1_000, None, 1_100],
        "BPU": [200, None, 250],
        "JAKON": [None, None, 30],
        "PMI": [None, None, None],
    }
    assert "Migrant workers (PMI): –" in spec["description"]
    assert "Wage earners (PU): 1,100 in March 2024, +100 since January 2024." in spec["description"]


@pytest.mark.parametrize(
    "build",
    [
        lambda: trend_spec(series("2024-06", 36), ucj_target=95, lang="id", title="t"),
        lambda: segments_spec(series("2024-06", 36), lang="en", title="t"),
        lambda: trend_spec([], ucj_target=95, lang="en", title="t"),
    ],
    ids=["trend", "segments", "empty"],
)
def test_the_specifications_are_valid_vega_lite(build: Any) -> None:
    # Pages build them without Altair's validation (tens of milliseconds a chart); the tests validate.
    assert validate_jsonschema(build(), load_schema(), raise_error=False) is None


@pytest.mark.parametrize(
    "build",
    [
        lambda s: s.trend_spec(series("2024-06", 36), ucj_target=95, lang="id", title="NTT"),
        lambda s: s.trend_spec(series("2023-12", 7), ucj_target=Fraction(191, 2), lang="en", title="<b>&"),
        lambda s: s.trend_spec(
            [point("2024-01"), point("2024-02", workers=None), point("2024-05", target=Fraction(40))],
            ucj_target=95,
            lang="en",
            title="gaps",
        ),
        lambda s: s.trend_spec(
            [point("2024-06", active=1_050, workers=1_000)], ucj_target=95, lang="id", title=""
        ),
        lambda s: s.trend_spec([point("2024-01", workers=None)], ucj_target=95, lang="en", title="no rate"),
        lambda s: s.trend_spec([], ucj_target=95, lang="id", title="empty"),
        lambda s: s.segments_spec(series("2024-06", 36), lang="id", title="segments"),
        lambda s: s.segments_spec(
            [
                point("2024-01", segments={"PU": 1_000, "BPU": 200, "JAKON": None, "PMI": None}),
                point("2024-03", segments={"PU": 1_100, "BPU": 250, "JAKON": 30, "PMI": None}),
            ],
            lang="en",
            title="missing segments",
        ),
        lambda s: s.segments_spec([], lang="en", title="empty"),
        lambda s: s.compare_spec(
            [("Kota Kupang", series("2024-06", 12)), ("Kupang", series("2024-03", 5))], lang="id", title="c"
        ),
        lambda s: s.compare_spec([], lang="en", title="nothing to compare"),
    ],
    ids=[
        "trend",
        "trend-english-half-point-ucj",
        "trend-gaps",
        "trend-above-100",
        "trend-without-rates",
        "trend-empty",
        "segments",
        "segments-missing",
        "segments-empty",
        "compare",
        "compare-empty",
    ],
)
def test_the_plain_specification_is_the_one_altair_built(build: Any) -> None:
    # The charts are written as plain data since issue 20; Altair built them before and wrote exactly this.
    from cakupan.charts.tests import altair_reference

    assert build(specs) == build(altair_reference)
