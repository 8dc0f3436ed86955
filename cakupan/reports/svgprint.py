"""The SVG a PDF report embeds, drawn the same in fewer nodes.

vl-convert writes each chart as Vega's scenegraph: groups in groups, each with its own translation, empty
background paths, and one path a symbol, each translated. WeasyPrint draws an SVG node by node (a graphics
state, a transform, the paint, a bounding box for each), so that half of a regency report's drawing time
went to its two charts. Here the translations are folded into the coordinates, what paints nothing is left
out, and the runs of one symbol (the same shape at many places) become one path, as do runs of lines of one
stroke: the same drawing in a fifth of the nodes (the report's charts and map compare alike as pictures,
`cakupan/reports/tests/test_svgprint.py`).

A filled circle (the charts' point marks) becomes a dot: a line of no length with round caps as wide as the
circle, which PDF paints as a filled circle (ISO 32000-1, 8.5.3.2). WeasyPrint turns each arc of a circle
into curves in Python, and a regency's 180 marks took a third of its charts' drawing time; a dot is one
point, and the dots of one colour merge as lines do.

Django-free; only SVG as vl-convert and `maps.svg` write it is expected, and anything else is kept as it is.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
_G, _PATH, _LINE, _RECT, _TEXT = (f"{{{SVG_NS}}}{tag}" for tag in ("g", "path", "line", "rect", "text"))
_SHAPES = (_PATH, _LINE, _RECT)
_GEOMETRY = ("d", "shape", "merge", "x1", "x2", "y1", "y2")  # what a merged path's parts may differ in
# Attributes that change nothing drawn (the pointer's, and an opacity of 1).
_INERT = {"pointer-events": None, "opacity": "1"}
# A group whose attributes include any of these keeps its own coordinate system.
_OWN_SPACE = ("clip-path", "mask", "filter", "opacity", "id", "class", "style")
_TRANSLATE = re.compile(r"^\s*translate\(\s*([-+.\deE]+)(?:[\s,]+([-+.\deE]+))?\s*\)\s*$")
# Vega's circle symbol about its centre: two half-circle arcs of radius r from (r, 0).
_CIRCLE = re.compile(r"^M(?P<r>\d+(?:\.\d+)?),0A(?P=r),(?P=r),0,1,1,-(?P=r),0A(?P=r),(?P=r),0,1,1,(?P=r),0$")
_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# How many numbers each path command takes, and which of them are x (0) and y (1) coordinates.
_ARGS = {"M": "xy", "L": "xy", "T": "xy", "H": "x", "V": "y", "C": "xyxyxy", "S": "xyxy", "Q": "xyxy"}
_ARGS["A"] = "--" + "---" + "xy"  # rx, ry, rotation, large-arc and sweep flags, then the end point


def print_svg(svg: str) -> str:
    """The same drawing in fewer nodes; the SVG unchanged when it is not as expected."""
    try:
        root = ET.fromstring(svg)  # noqa: S314 (drawn by vl-convert or maps.svg, not from users)
    except ET.ParseError:
        return svg
    if root.tag != f"{{{SVG_NS}}}svg":
        return svg
    try:
        _clean_children(root, fill="black", stroke="none")
    except ValueError:  # a number or path it does not read: keep the original
        return svg
    # Written with plain tag names and its xmlns, as `charts.render.inline_svg` writes it.
    prefix = f"{{{SVG_NS}}}"
    for element in root.iter():
        element.tag = element.tag.removeprefix(prefix)
    root.set("xmlns", SVG_NS)
    return ET.tostring(root, encoding="unicode")


def _clean_children(parent: ET.Element, *, fill: str, stroke: str) -> None:
    cleaned: list[ET.Element] = []
    for child in list(parent):
        cleaned += _clean(child, fill=fill, stroke=stroke, dx=0.0, dy=0.0)
    parent[:] = _merged(cleaned, fill=fill, stroke=stroke)


def _clean(element: ET.Element, *, fill: str, stroke: str, dx: float, dy: float) -> list[ET.Element]:
    """The element with (dx, dy) added to its coordinates, as a list of what replaces it."""
    attrib = element.attrib
    if attrib.get("display") == "none":
        return []
    for name, inert in _INERT.items():
        if name in attrib and (inert is None or attrib[name] == inert):
            del attrib[name]
    fill, stroke = attrib.get("fill", fill), attrib.get("stroke", stroke)
    moved = _translation(attrib.get("transform"))
    if element.tag == _G and moved is not None and not any(a in attrib for a in _OWN_SPACE):
        attrib.pop("transform", None)
        dx, dy = dx + moved[0], dy + moved[1]
        children: list[ET.Element] = []
        for child in list(element):
            children += _clean(child, fill=fill, stroke=stroke, dx=dx, dy=dy)
        if not attrib:  # a group only of its children
            return _merged(children, fill=fill, stroke=stroke)
        element[:] = _merged(children, fill=fill, stroke=stroke)
        return [element]
    if element.tag in _SHAPES and ((fill == "none" and stroke == "none") or attrib.get("d") == ""):
        return []  # paints nothing
    if moved is not None and element.tag in _SHAPES and (element.tag != _PATH or "d" in attrib):
        attrib.pop("transform", None)
        dot = _as_dot(element, dx + moved[0], dy + moved[1], fill=fill, stroke=stroke)
        if dot is not None:
            return [dot]
        _move_shape(element, dx + moved[0], dy + moved[1])
        return [element]
    if dx or dy:
        offset = f"translate({_number(dx)},{_number(dy)})"
        if moved is not None:
            x, y = dx + moved[0], dy + moved[1]
            attrib["transform"] = f"translate({_number(x)},{_number(y)})"
        else:
            attrib["transform"] = f"{offset} {attrib['transform']}" if "transform" in attrib else offset
    elif moved == (0.0, 0.0):
        attrib.pop("transform", None)
    if element.tag == _G:
        _clean_children(element, fill=fill, stroke=stroke)
    return [element]


def _translation(transform: str | None) -> tuple[float, float] | None:
    """(x, y) of a transform that only translates (none: (0, 0)); None for any other."""
    if transform is None:
        return (0.0, 0.0)
    found = _TRANSLATE.match(transform)
    if found is None:
        return None
    return float(found[1]), float(found[2] or 0)


def _as_dot(element: ET.Element, x: float, y: float, *, fill: str, stroke: str) -> ET.Element | None:
    """A circle filled with a colour, without stroke or transparency, centred at (x, y), as a line of no
    length there stroked in that colour with round caps as wide as the circle; None for any other shape."""
    attrib = element.attrib
    circle = _CIRCLE.match(attrib.get("d", "")) if element.tag == _PATH else None
    see_through = ("opacity", "fill-opacity", "stroke-opacity", "fill-rule", "marker-start")
    if circle is None or stroke != "none" or fill == "none" or any(a in attrib for a in see_through):
        return None
    if fill.startswith("url("):  # a gradient or pattern spans the shape's box, which a dot has none of
        return None
    kept = {k: v for k, v in attrib.items() if k not in ("d", "fill") and not k.startswith("stroke")}
    at = {"x1": _number(x), "y1": _number(y), "x2": _number(x), "y2": _number(y)}
    diameter = _number(2 * float(circle["r"]))
    dot = ET.Element(
        _LINE, {**kept, **at, "stroke": fill, "stroke-width": diameter, "stroke-linecap": "round"}
    )
    dot.tail = element.tail
    return dot


def _move_shape(element: ET.Element, dx: float, dy: float) -> None:
    attrib = element.attrib
    if not (dx or dy):
        return
    if element.tag == _LINE:
        for name, by in (("x1", dx), ("x2", dx), ("y1", dy), ("y2", dy)):
            attrib[name] = _number(float(attrib.get(name, "0")) + by)
    elif element.tag == _RECT:
        attrib["x"] = _number(float(attrib.get("x", "0")) + dx)
        attrib["y"] = _number(float(attrib.get("y", "0")) + dy)
    else:
        attrib["shape"] = attrib.get("shape", attrib["d"])  # removed again by _merged
        attrib["d"] = _moved_path(attrib["d"], dx, dy)


def _moved_path(d: str, dx: float, dy: float) -> str:
    """The path data moved by (dx, dy): only absolute coordinates change (and a leading relative move,
    which SVG reads as absolute)."""
    tokens = _TOKEN.findall(d)
    if "".join(tokens) != re.sub(r"[\s,]", "", d):
        raise ValueError(f"path data not understood: {d[:40]!r}")
    out: list[str] = []
    command, roles, index, first = "", "", 0, True
    for token in tokens:
        if token.isalpha():
            command, index = token, 0
            # Absolute coordinates move; so does a leading relative move's first pair.
            absolute = command.isupper() or (first and command == "m")
            roles = _ARGS.get(command.upper(), "") if absolute else ""
            first = False
            out.append(token)
            continue
        value = float(token)
        if roles:
            role = roles[index % len(roles)]
            if command in "mM" and index >= 2:
                role = role if command == "M" else "-"  # a move's further pairs are lines: m → l (relative)
            value += dx if role == "x" else dy if role == "y" else 0.0
        index += 1
        out.append(_number(value) if roles else token)
    return _joined(out)


def _joined(tokens: list[str]) -> str:
    text: list[str] = []
    for i, token in enumerate(tokens):
        if i and not token.isalpha() and not tokens[i - 1].isalpha():
            text.append(",")
        text.append(token)
    return "".join(text)


def _number(value: float) -> str:
    text = repr(round(value, 4))
    return text[:-2] if text.endswith(".0") else text


def _merged(elements: list[ET.Element], *, fill: str, stroke: str) -> list[ET.Element]:
    """Runs of the same symbol (one shape, one fill, no stroke) as one path, and runs of lines of one opaque
    stroke as one path: painted in one go, the same pixels as one by one."""
    out: list[ET.Element] = []
    for element in elements:
        key = _merge_key(element, fill=fill, stroke=stroke)
        last = out[-1] if out else None
        if key is not None and last is not None and last.get("merge") == key:
            last.set("d", last.attrib["d"] + _path_data(element))
            continue
        if key is not None:
            element = _as_path(element)
            element.set("merge", key)
        out.append(element)
    for element in out:
        element.attrib.pop("merge", None)
        element.attrib.pop("shape", None)
    return out


def _merge_key(element: ET.Element, *, fill: str, stroke: str) -> str | None:
    attrib = element.attrib
    if len(element) or "transform" in attrib or any(a in attrib for a in (*_OWN_SPACE, "marker-start")):
        return None
    fill, stroke = attrib.get("fill", fill), attrib.get("stroke", stroke)
    see_through = any(a in attrib for a in ("fill-opacity", "stroke-opacity", "stroke-dasharray"))
    others = sorted((k, v) for k, v in attrib.items() if k not in _GEOMETRY)
    if element.tag == _PATH and "shape" in attrib and stroke == "none" and fill != "none" and not see_through:
        return f"symbol|{attrib['shape']}|{others}"  # one shape, one winding: the union of its fills
    if element.tag == _LINE and fill in ("none", "black") and stroke != "none" and not see_through:
        return f"line|{others}"
    return None


def _path_data(element: ET.Element) -> str:
    if element.tag == _LINE:
        a = element.attrib
        return f"M{a.get('x1', '0')},{a.get('y1', '0')}L{a.get('x2', '0')},{a.get('y2', '0')}"
    return element.attrib["d"]


def _as_path(element: ET.Element) -> ET.Element:
    if element.tag == _PATH:
        return element
    attrib = {k: v for k, v in element.attrib.items() if k not in ("x1", "x2", "y1", "y2")}
    path = ET.Element(_PATH, {**attrib, "d": _path_data(element), "fill": "none"})
    path.tail = element.tail
    return path
