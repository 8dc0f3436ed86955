"""Vega-Lite to SVG, server-side, ready to inline in a page under a strict Content-Security-Policy.

`vl_convert` renders with Indonesian or English number and month formatting. The SVG is then made safe
to inline with `style-src 'self'`: no `style` attributes (turned into SVG presentation attributes), no
`<style>` or `<script>` elements, no white background; the root is an image (`role="img"`, `aria-label`
and `<title>`) that fills its container (`width="100%"`, class `chart`, height from the viewBox); ids
are prefixed so that several charts can share a page. Rendered charts are kept in-process (LRU).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import threading
import xml.etree.ElementTree as ET
from typing import Any

from cakupan.charts.specs import VEGA_LITE_VERSION, language
from cakupan.common.formatting import MONTHS, MONTHS_SHORT

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# The conventional prefix (the HTML parser knows `xlink:href`, not `ns0:href`). The SVG namespace is
# written as the default one by `inline_svg`, without changing ElementTree's registry for everybody.
ET.register_namespace("xlink", XLINK_NS)

CACHE_SIZE = 256
CSS_CLASS = "chart"

# d3-format and d3-time-format locales (vl-convert has no built-in Indonesian one).
FORMAT_LOCALES: dict[str, dict[str, Any]] = {
    "id": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""], "minus": "−"},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["Rp", ""], "minus": "−"},
}
TIME_FORMAT_LOCALES: dict[str, dict[str, Any]] = {
    "id": {
        "dateTime": "%A, %e %B %Y pukul %X",
        "date": "%d/%m/%Y",
        "time": "%H.%M.%S",
        "periods": ["AM", "PM"],
        "days": ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
        "shortDays": ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
        "months": MONTHS["id"],
        "shortMonths": MONTHS_SHORT["id"],
    },
    "en": {
        "dateTime": "%x, %X",
        "date": "%-m/%-d/%Y",
        "time": "%-I:%M:%S %p",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": MONTHS["en"],
        "shortMonths": MONTHS_SHORT["en"],
    },
}

# CSS properties that SVG also accepts as presentation attributes; any other declaration is dropped.
PRESENTATION_ATTRIBUTES = frozenset(
    {
        "alignment-baseline",
        "baseline-shift",
        "clip-path",
        "clip-rule",
        "color",
        "cursor",
        "direction",
        "display",
        "dominant-baseline",
        "fill",
        "fill-opacity",
        "fill-rule",
        "filter",
        "flood-color",
        "flood-opacity",
        "font-family",
        "font-size",
        "font-size-adjust",
        "font-stretch",
        "font-style",
        "font-variant",
        "font-weight",
        "letter-spacing",
        "mask",
        "opacity",
        "overflow",
        "paint-order",
        "pointer-events",
        "shape-rendering",
        "stop-color",
        "stop-opacity",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
        "text-anchor",
        "text-decoration",
        "text-rendering",
        "unicode-bidi",
        "vector-effect",
        "visibility",
        "word-spacing",
        "writing-mode",
    }
)
_REMOVED_ELEMENTS = frozenset({"style", "script", "foreignObject"})
_WHITE = frozenset({"white", "#fff", "#ffffff", "rgb(255,255,255)"})
_URL_REF = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)['\"]?\s*\)")


def render_svg(spec: dict[str, Any], *, lang: str) -> str:
    """The chart as an SVG string to inline in HTML (or a PDF); the same spec and language are rendered
    once per process."""
    key = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _render(key, language(lang))


def cache_info() -> functools._CacheInfo:
    return _render.cache_info()


def cache_clear() -> None:
    _render.cache_clear()


_VL_CONVERT = threading.Lock()


@functools.lru_cache(maxsize=CACHE_SIZE)
def _render(spec_json: str, lang: str) -> str:
    spec = json.loads(spec_json)
    # One rendering at a time per process: vl-convert runs a JavaScript engine of its own; parallel calls
    # from several server threads would only compete for the same two cores.
    with _VL_CONVERT:
        import vl_convert  # on first use: a process that draws no chart never loads it

        raw = vl_convert.vegalite_to_svg(
            spec,
            vl_version=VEGA_LITE_VERSION,
            format_locale=FORMAT_LOCALES[lang],
            time_format_locale=TIME_FORMAT_LOCALES[lang],
            allowed_base_urls=[],  # the data is inline: a spec never fetches anything
        )
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(str(t) for t in title)
    prefix = "c" + hashlib.sha256(f"{lang}:{spec_json}".encode()).hexdigest()[:8] + "-"
    return inline_svg(
        raw, title=str(title or ""), description=str(spec.get("description") or ""), id_prefix=prefix
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _declarations(style: str) -> list[tuple[str, str]]:
    out = []
    for declaration in style.split(";"):
        name, sep, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if sep and name and value:
            out.append((name, value.removesuffix("!important").strip()))
    return out


def inline_svg(raw: str, *, title: str, description: str, id_prefix: str = "") -> str:
    """Post-process an SVG document for inlining under `style-src 'self'`."""
    if "<!DOCTYPE" in raw or "<!ENTITY" in raw:
        raise ValueError("unexpected DTD in rendered SVG")
    # The input is vl-convert's own output, with no DTD (checked above): nothing external to resolve.
    root = ET.fromstring(raw)  # noqa: S314
    if _local(root.tag) != "svg":
        raise ValueError("not an SVG document")

    _remove_background(root)
    ids: dict[str, str] = {}
    for element in root.iter():
        if "id" in element.attrib:
            ids[element.attrib["id"]] = id_prefix + element.attrib["id"]
    for parent in list(root.iter()):
        for child in list(parent):
            if _local(child.tag) in _REMOVED_ELEMENTS:
                parent.remove(child)
    for element in root.iter():
        _clean(element, root=element is root, ids=ids)

    width, height = root.get("width"), root.get("height")
    if root.get("viewBox") is None and width and height:
        root.set("viewBox", f"0 0 {_number(width)} {_number(height)}")
    root.set("width", "100%")
    root.attrib.pop("height", None)
    root.set("class", CSS_CLASS)
    root.set("role", "img")
    root.set("aria-label", description or title)
    title_element = ET.Element(f"{{{SVG_NS}}}title")
    title_element.text = title or description
    root.insert(0, title_element)
    for element in root.iter():
        if element.tag.startswith(f"{{{SVG_NS}}}"):
            element.tag = _local(element.tag)
    root.set("xmlns", SVG_NS)
    return ET.tostring(root, encoding="unicode")


def _number(length: str) -> str:
    return length.removesuffix("px").strip()


def _remove_background(root: ET.Element) -> None:
    """vl-convert paints a white rectangle under an opaque chart: leave the page's background instead."""
    for child in list(root)[:1]:
        if (
            _local(child.tag) == "rect"
            and (child.get("fill") or "").replace(" ", "").lower() in _WHITE
            and child.get("width") == root.get("width")
            and child.get("height") == root.get("height")
        ):
            root.remove(child)


def _clean(element: ET.Element, *, root: bool, ids: dict[str, str]) -> None:
    style = element.attrib.pop("style", None)
    if style:
        for name, value in _declarations(style):
            if name == "white-space" and value.startswith("pre"):
                element.set(f"{{{XML_NS}}}space", "preserve")
            elif name in PRESENTATION_ATTRIBUTES:
                element.set(name, value)  # the style attribute wins over a presentation attribute
    for name in list(element.attrib):
        local = _local(name)
        if local.lower().startswith("on"):
            del element.attrib[name]  # event handlers: never emitted, never wanted
        elif not root and (local in ("role", "class") or local.startswith("aria-")):
            # The root is one image for assistive technology; Vega's English labels of every mark inside
            # it would only be noise (and in the wrong language on Indonesian pages).
            del element.attrib[name]
        elif local == "id":
            element.set(name, ids.get(element.attrib[name], element.attrib[name]))
        elif local == "href" and element.attrib[name].startswith("#"):
            target = element.attrib[name][1:]
            element.set(name, "#" + ids.get(target, target))
        elif "url(" in element.attrib[name]:
            element.set(
                name, _URL_REF.sub(lambda m: f"url(#{ids.get(m.group(1), m.group(1))})", element.attrib[name])
            )
