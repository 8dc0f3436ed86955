"""Charts drawn in the reader's browser: Vega-Lite compiled to Vega on the server, drawn by the vendored
Vega runtime under the site's Content-Security-Policy (docs/adr/0007-charts-in-the-page.md).

The runtime is the Vega that vl-convert carries (so that the page and the PDF, drawn by vl-convert, draw
alike), with Vega's expression interpreter (vega-interpreter, which vl-convert carries for vega-embed)
instead of code generation: no `unsafe-eval`. `python -m cakupan.charts.vega` writes it into
`cakupan/static/cakupan/` with vl-convert's bundler from the modules vl-convert holds, nothing fetched;
a test checks that the vendored file is the one the installed vl-convert makes.

`cakupan/static/cakupan/charts.js` draws every `.vega-chart` of the page: SVG renderer, no `<style>` added,
no tooltips, the number and date formats of the page's language (the ones `render.py` gives vl-convert),
and the same accessible image as the server's SVG (`role="img"`, `aria-label`, `<title>`).
"""

from __future__ import annotations

import functools
import json
import sys
import threading
from pathlib import Path
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cakupan.charts.render import FORMAT_LOCALES, TIME_FORMAT_LOCALES
from cakupan.charts.specs import VEGA_LITE_VERSION, language

STATIC_DIR = Path(__file__).resolve().parent.parent / "static" / "cakupan"
# The Vega inside the installed vl-convert (a test checks; a constant, because asking vl-convert starts its
# JavaScript engine, which must not happen in gunicorn's master before it forks its workers).
VEGA_VERSION = "6.2.0"
# The runtime's name carries its version: a new vl-convert means a new file, never a stale cached one.
RUNTIME = f"cakupan/vega-{VEGA_VERSION}.min.js"
INTERPRETER = "vega-interpreter@2.0.0"
CSS_CLASS = "vega-chart"
# Compiled layouts kept per process: a month and window of charts has a handful (trend with or without
# targets, above 100 %, segments, per language).
LAYOUTS = 256

_VL_CONVERT = threading.Lock()


def vega_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The Vega specification of a Vega-Lite one (what the browser draws; no Vega-Lite in the page).

    Compiling costs vl-convert 10–60 ms, but what it compiles differs between regions only in the data,
    the title and the text: the specification is compiled once per layout (the months shown, the axes,
    the language) without them, and each region's are put into the compiled copy (a test checks that
    this is what compiling the whole specification gives)."""
    datasets: dict[str, list[dict[str, Any]]] = spec.get("datasets", {})
    title = spec.get("title")
    layout = {**spec, "datasets": {name: [] for name in datasets}}
    if isinstance(title, dict):
        layout["title"] = {**title, "text": "title"}
    if "description" in spec:
        layout["description"] = "description"
    compiled: dict[str, Any] = json.loads(_compiled(json.dumps(layout, sort_keys=True)))
    if isinstance(title, dict):
        compiled["title"]["text"] = title["text"]
    if "description" in spec:
        compiled["description"] = spec["description"]
    filled = set()
    for data in compiled.get("data", []):
        if data.get("name") in datasets and "values" in data:
            data["values"] = datasets[data["name"]]
            filled.add(data["name"])
    if filled != set(datasets):  # a layout this shortcut does not know: compile it whole
        return vega_spec_compiled(spec)
    return compiled


@functools.lru_cache(maxsize=LAYOUTS)
def _compiled(layout_json: str) -> str:
    return json.dumps(vega_spec_compiled(json.loads(layout_json)))


def layouts_clear() -> None:
    _compiled.cache_clear()


def vega_spec_compiled(spec: dict[str, Any]) -> dict[str, Any]:
    """The Vega specification of a Vega-Lite one, compiled whole by vl-convert."""
    with _VL_CONVERT:  # vl-convert's JavaScript engine: one call at a time, as in render.py
        import vl_convert  # on first use: a process that draws no chart never loads it

        compiled: dict[str, Any] = vl_convert.vegalite_to_vega(spec, vl_version=VEGA_LITE_VERSION)
    compiled.pop("$schema", None)
    return compiled


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def browser_chart(spec: dict[str, Any], *, lang: str) -> SafeString:
    """A chart for the browser to draw, as the markup a page outputs where the chart goes: a `<div>` with
    the chart's title and text (the image's accessible name) holding a JSON data block — the compiled
    Vega and the number and date formats of `lang` (those `render.py` gives vl-convert)."""
    lang = language(lang)
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    payload = json.dumps(
        {
            "spec": vega_spec(spec),
            "formatLocale": FORMAT_LOCALES[lang],
            "timeFormatLocale": TIME_FORMAT_LOCALES[lang],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return format_html(
        '<div class="{}" data-title="{}" data-description="{}">'
        '<script type="application/json">{}</script></div>',
        CSS_CLASS,
        str(title or ""),
        str(spec.get("description") or ""),
        # JSON in an HTML data block: `<`, `>` and `&` written as JSON escapes (as json_script does), so
        # that nothing in it can end the block.
        mark_safe(payload.translate(_JSON_ESCAPES)),  # noqa: S308
    )


def runtime_bundle() -> str:
    """Vega with its expression interpreter, as one script: `window.vega`, `window.vegaInterpreter`.
    vl-convert resolves the modules from the copies it carries (the versions it draws with)."""
    snippet = (
        f'import * as vegaModule from "https://cdn.jsdelivr.net/npm/vega@{VEGA_VERSION}/+esm";\n'
        f'import {{ expressionInterpreter }} from "https://cdn.jsdelivr.net/npm/{INTERPRETER}/+esm";\n'
        "window.vega = vegaModule;\n"
        "window.vegaInterpreter = expressionInterpreter;\n"
    )
    import vl_convert  # on first use: a process that draws no chart never loads it

    bundler = getattr(vl_convert, "__version__", "")
    header = (
        f"/*! Vega {VEGA_VERSION} (BSD-3-Clause) with {INTERPRETER} (BSD-3-Clause) and the d3 modules they "
        f"use (ISC), bundled by vl-convert {bundler}; licences in vega.LICENSE.txt. "
        "Written by `python -m cakupan.charts.vega`. */\n"
    )
    return header + vl_convert.javascript_bundle(snippet)


def main() -> int:
    """Write the runtime into the static folder (run after upgrading vl-convert)."""
    for old in STATIC_DIR.glob("vega-*.min.js"):
        old.unlink()
    target = STATIC_DIR / Path(RUNTIME).name
    target.write_text(runtime_bundle(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
