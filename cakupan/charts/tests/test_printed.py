from __future__ import annotations

from typing import Any

import pytest

from cakupan.charts import printed, render, specs, vega
from cakupan.charts.tests.factories import point, series

SPECS = [
    ("id", lambda: specs.trend_spec(series("2024-06", 36), ucj_target=95, lang="id", title="Kota Kupang")),
    (
        "en",
        lambda: specs.trend_spec(
            [point("2024-01"), point("2024-02", workers=None), point("2024-05")],
            ucj_target=95,
            lang="en",
            title="gaps",
        ),
    ),
    ("id", lambda: specs.trend_spec([], ucj_target=95, lang="id", title="empty")),
    ("id", lambda: specs.segments_spec(series("2024-06", 36), lang="id", title="segmen")),
    ("en", lambda: specs.segments_spec(series("2023-12", 7), lang="en", title="segments")),
]


@pytest.mark.parametrize(
    ("lang", "build"), SPECS, ids=["trend", "trend-gaps", "trend-empty", "segments", "segments-en"]
)
def test_a_chart_drawn_for_print_from_its_compiled_layout_is_the_chart_drawn_whole(
    lang: str, build: Any
) -> None:
    vega.layouts_clear()
    render.cache_clear()
    spec = build()
    assert printed.print_svg(spec, lang=lang) == render.render_svg(spec, lang=lang)


def test_regions_of_the_same_months_are_drawn_for_print_from_one_compiled_layout() -> None:
    vega.layouts_clear()
    for title in ("Kota Kupang", "Kabupaten Belu", "Kabupaten Alor"):
        printed.print_svg(
            specs.trend_spec(series("2024-06", 36), ucj_target=95, lang="id", title=title), lang="id"
        )
    assert vega._compiled.cache_info().misses == 1


def test_a_chart_for_print_is_kept_in_the_chart_store_and_drawn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from cakupan import charts

    charts.cache_clear()
    drawn: list[str] = []
    real = printed.print_svg

    def counting(spec: dict[str, Any], *, lang: str) -> str:
        drawn.append(lang)
        return real(spec, lang=lang)

    monkeypatch.setattr(printed, "print_svg", counting)
    first = printed.trend_print(series("2024-06", 12), ucj_target=95, lang="id", title="Kota Kupang")
    again = printed.trend_print(series("2024-06", 12), ucj_target=95, lang="id", title="Kota Kupang")
    printed.segments_print(series("2024-06", 12), lang="id", title="Kota Kupang")
    assert first == again and drawn == ["id", "id"]
    assert first == charts.trend_svg(series("2024-06", 12), ucj_target=95, lang="id", title="Kota Kupang")
