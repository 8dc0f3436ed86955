from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import vl_convert
from django.utils.safestring import SafeString

from cakupan.charts import render, segments_chart, specs, trend_chart, vega
from cakupan.charts.tests.factories import point, series

SPECS = [
    lambda: specs.trend_spec(series("2024-06", 36), ucj_target=95, lang="id", title="Kota Kupang"),
    lambda: specs.trend_spec(series("2023-12", 7), ucj_target=Fraction(191, 2), lang="en", title="NTT"),
    lambda: specs.trend_spec(
        [point("2024-01"), point("2024-02", workers=None), point("2024-05", target=Fraction(40))],
        ucj_target=95,
        lang="en",
        title="gaps",
    ),
    lambda: specs.trend_spec(
        [point("2024-06", active=1_050, workers=1_000)], ucj_target=95, lang="id", title=""
    ),
    lambda: specs.trend_spec([], ucj_target=95, lang="id", title="empty"),
    lambda: specs.segments_spec(series("2024-06", 36), lang="id", title="segmen"),
    lambda: specs.segments_spec(
        [point("2024-01", segments={"PU": 1_000, "BPU": 200, "JAKON": None, "PMI": None})],
        lang="en",
        title="s",
    ),
    lambda: specs.segments_spec([], lang="en", title="empty"),
]


@pytest.mark.parametrize(
    "build",
    SPECS,
    ids=[
        "trend",
        "trend-english",
        "trend-gaps",
        "trend-above-100",
        "trend-empty",
        "segments",
        "one-month",
        "empty",
    ],
)
def test_a_chart_compiled_from_its_layout_is_the_chart_compiled_whole(build: Any) -> None:
    vega.layouts_clear()
    assert vega.vega_spec(build()) == vega.vega_spec_compiled(build())


def test_regions_of_the_same_months_share_one_compiled_layout() -> None:
    vega.layouts_clear()
    kupang = specs.trend_spec(series("2024-06", 36), ucj_target=95, lang="id", title="Kota Kupang")
    belu = specs.trend_spec(
        series("2024-06", 36, start_active=300_000), ucj_target=95, lang="id", title="Belu"
    )
    first, second = vega.vega_spec(kupang), vega.vega_spec(belu)
    assert vega._compiled.cache_info().misses == 1  # compiled once: the work is counted, never timed
    assert first["title"]["text"] == "Kota Kupang" and second["title"]["text"] == "Belu"
    assert first["description"] != second["description"]


def _payload(html: str) -> Any:
    block = html.split('<script type="application/json">', 1)[1].removesuffix("</script></div>")
    return json.loads(block)


def test_the_page_receives_the_compiled_chart_with_the_formats_of_its_language() -> None:
    html = trend_chart(series("2024-06", 12), ucj_target=95, lang="id", title="Cakupan NTT")
    assert isinstance(html, SafeString)
    assert html.startswith(
        '<div class="vega-chart" data-title="Cakupan NTT" data-description="Cakupan per bulan'
    )
    payload = _payload(html)
    assert payload["formatLocale"] == render.FORMAT_LOCALES["id"]
    assert payload["timeFormatLocale"] == render.TIME_FORMAT_LOCALES["id"]
    assert "marks" in payload["spec"] and "$schema" not in payload["spec"]  # Vega, not Vega-Lite
    english = segments_chart(series("2024-06", 12), lang="en-gb", title="Segments")
    assert _payload(english)["formatLocale"]["decimal"] == "."


def test_a_title_cannot_end_the_data_block_or_the_attribute() -> None:
    html = trend_chart(
        series("2024-06", 3), ucj_target=95, lang="en", title='</script><script>alert("1")</script>&'
    )
    assert html.count("</script>") == 1 and "<script>alert" not in html
    assert 'data-title="&lt;/script&gt;&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt;&amp;"' in html
    assert _payload(html)["spec"]["title"]["text"] == '</script><script>alert("1")</script>&'


def test_the_vendored_runtime_is_the_vega_vl_convert_draws_with() -> None:
    # The page and the PDF draw alike: the browser's Vega is the one inside the installed vl-convert,
    # bundled by vl-convert itself from the modules it carries (`python -m cakupan.charts.vega`).
    path = vega.STATIC_DIR / Path(vega.RUNTIME).name
    assert f"cakupan/vega-{vl_convert.get_vega_version()}.min.js" == vega.RUNTIME
    assert path.read_text(encoding="utf-8") == vega.runtime_bundle()
    assert (vega.STATIC_DIR / "vega.LICENSE.txt").exists()
    assert [p.name for p in vega.STATIC_DIR.glob("vega-*.min.js")] == [path.name]
