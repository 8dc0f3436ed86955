"""Maps and bar charts as inline SVG: one definition for the region page and the PDF report.

Pure functions of plain dataclasses (no database, no request): the caller looks the figures up, formats
every number in the reader's language and passes text; this module only places it. The output has no
JavaScript, no `style` attribute and no `<style>` element (the Content-Security-Policy `style-src 'self'`
blocks inline styles, and WeasyPrint reads presentation attributes): colours and sizes are SVG
presentation attributes, and the page's stylesheet adds focus and hover rules through the `map-*`
classes. Every region is an `<a href>` (reached with Tab, opened with Enter) holding a `<title>`, which
browsers show as a tooltip and screen readers read; the root is `role="group"` labelled by its own
`<title>`, because an image role would hide the links inside it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from html import escape

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from cakupan.common.formatting import fmt_decimal
from cakupan.indicators.formulas import BANDS
from cakupan.maps.geometry import Geometry, bbox_of, polygons_of, ring_area, simplify_polygons

# The bands from low to high coverage, as `formulas.coverage_band` names them.
BAND_ORDER: tuple[str, ...] = BANDS

# Palette: four steps of ColorBrewer's sequential YlGnBu (light = low coverage, dark = high). A rate is an
# ordered quantity, so a sequential scale reads in the right order without the legend; YlGnBu is rated
# safe for the common colour-vision deficiencies (protan, deutan, tritan) and its lightness falls steadily
# (relative luminance 0.74 → 0.39 → 0.11 → 0.02), so the bands stay apart in grey-scale print and on a
# projector. A red→green diverging scale was rejected: red and green are the pair most readers with a
# colour-vision deficiency confuse. "No data" is a light grey with diagonal hatching, which no band has.
BAND_COLOURS: dict[str, str] = {
    "sangat_rendah": "#c7e9b4",
    "rendah": "#41b6c4",
    "sedang": "#225ea8",
    "tinggi": "#081d58",
}
NO_DATA_COLOUR = "#eceff1"
NO_DATA_HATCH = "#aab4bc"
INK = "#1a1f24"  # the site's --ink
MUTED = "#4f5b66"  # the site's --muted: 7.2:1 on white
WHITE = "#ffffff"
# Text on a band's fill, chosen for WCAG contrast of at least 4.5:1 (12.4, 6.9, 6.5 and 15.8 to 1).
BAND_TEXT: dict[str, str] = {"sangat_rendah": INK, "rendah": INK, "sedang": WHITE, "tinggi": WHITE}
OUTLINE = "#5f6b76"
FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"

BAND_LABELS: dict[str, Promise] = {
    "sangat_rendah": _("Very low"),
    "rendah": _("Low"),
    "sedang": _("Medium"),
    "tinggi": _("High"),
}
NO_DATA_LABEL = _("No data")

Number = Fraction | Decimal | float | int


def band_colour(band: str | None) -> str:
    """The fill of a band; the "no data" grey for None or an unknown band."""
    return BAND_COLOURS.get(band or "", NO_DATA_COLOUR)


def band_text_colour(band: str | None) -> str:
    return BAND_TEXT.get(band or "", INK)


@dataclass(frozen=True)
class MapItem:
    """One region as the caller shows it; every text already formatted in the reader's language.

    `href` is where a click drills down ("" for no link); `tooltip_lines` is what the native tooltip and
    a screen reader give (e.g. name, coverage, gap, rank); `value_for_sort` is the coverage in percent
    (bars sort by it and are as long as it; None sorts last, without a bar)."""

    code: str
    name: str
    href: str
    band: str | None
    coverage_text: str
    tooltip_lines: Sequence[str] = ()
    value_for_sort: Number | None = None
    short_name: str = ""  # the tile-grid label; by default the province's abbreviation in TILE_LABELS

    @property
    def label(self) -> str:
        """What a link is called: the tooltip lines, or the name and coverage."""
        lines = [line for line in self.tooltip_lines if line]
        return "; ".join(lines) if lines else f"{self.name}: {self.coverage_text}"

    @property
    def tooltip(self) -> str:
        lines = [line for line in self.tooltip_lines if line]
        return "\n".join(lines) if lines else f"{self.name}\n{self.coverage_text}"


@dataclass(frozen=True)
class LegendEntry:
    band: str | None  # None: the "no data" entry
    label: str
    range_text: str = ""


@dataclass(frozen=True)
class Legend:
    title: str
    entries: Sequence[LegendEntry] = field(default_factory=tuple)


def band_ranges(thresholds: Sequence[Number]) -> dict[str, tuple[Number | None, Number | None]]:
    """(from, below) of each band for thresholds where 'rendah', 'sedang' and 'tinggi' start."""
    bounds: list[Number | None] = [None, *thresholds, None]
    return {band: (bounds[i], bounds[i + 1]) for i, band in enumerate(BAND_ORDER)}


def _pct_text(value: Number, lang: str) -> str:
    text = fmt_decimal(Fraction(value), lang)
    for zeros in (",00", ".00"):
        if text.endswith(zeros):
            text = text[: -len(zeros)]
    return text + ("%" if lang.startswith("en") else " %")


def legend_for(thresholds: Sequence[Number], *, lang: str, title: str | None = None) -> Legend:
    """The legend of the coverage bands as of the thresholds of a day (`Params.at(day).band_thresholds`):
    "Very low  < 30 %", "Low  30 – < 50 %", …, "High  ≥ 70 %", then "No data"."""
    entries: list[LegendEntry] = []
    for band, (low, high) in band_ranges(thresholds).items():
        if low is None and high is not None:
            text = f"< {_pct_text(high, lang)}"
        elif high is None and low is not None:
            text = f"≥ {_pct_text(low, lang)}"
        elif low is not None and high is not None:
            text = f"{_pct_text(low, lang)} – < {_pct_text(high, lang)}"
        else:
            text = ""
        entries.append(LegendEntry(band, str(BAND_LABELS[band]), text))
    entries.append(LegendEntry(None, str(NO_DATA_LABEL)))
    return Legend(title=title if title is not None else str(_("Coverage band")), entries=tuple(entries))


# --- writing SVG ------------------------------------------------------------------------------------


def _a(value: object) -> str:
    """An attribute value, escaped."""
    return escape(str(value), quote=True)


def _t(value: object) -> str:
    """Text content, escaped."""
    return escape(str(value), quote=False)


def _num(value: float) -> str:
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _uid(kind: str, title: str, uid: str | None) -> str:
    if uid:
        return uid
    return f"{kind}-{hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:8]}"


def _fill(band: str | None, uid: str) -> str:
    # The fallback colour after the pattern is used by renderers without pattern support.
    return band_colour(band) if band in BAND_COLOURS else f"url(#{uid}-nodata) {NO_DATA_COLOUR}"


def _defs(uid: str) -> str:
    return (
        f'<defs><pattern id="{uid}-nodata" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{NO_DATA_COLOUR}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{NO_DATA_HATCH}" stroke-width="1.5"/></pattern></defs>'
    )


def _open(kind: str, uid: str, width: float, height: float, title: str, description: str) -> list[str]:
    labelled = f"{uid}-title"
    described = f' aria-describedby="{uid}-desc"' if description else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map-svg map-svg-{kind}" id="{uid}" role="group" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" width="{_num(width)}" height="{_num(height)}" '
        f'aria-labelledby="{labelled}"{described} font-family="{FONT}" font-size="13" fill="{INK}">',
        f'<title id="{labelled}">{_t(title)}</title>',
    ]
    if description:
        parts.append(f'<desc id="{uid}-desc">{_t(description)}</desc>')
    parts.append(_defs(uid))
    return parts


def _link_open(item: MapItem, css: str) -> str:
    """The link of one region, its tooltip first (browsers show an element's <title> over all of it)."""
    label = _a(item.label)
    tooltip = f"<title>{_t(item.tooltip)}</title>"
    if item.href:
        return f'<a href="{_a(item.href)}" class="map-region {css}" aria-label="{label}">{tooltip}'
    return f'<g class="map-region {css}" role="group" aria-label="{label}">{tooltip}'


def _link_close(item: MapItem) -> str:
    return "</a>" if item.href else "</g>"


def _truncate(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max(1, max_chars - 1)].rstrip() + "…"


LEGEND_ENTRY_WIDTH = 150
LEGEND_ROW_HEIGHT = 40
LEGEND_TITLE_HEIGHT = 22


def _legend_height(legend: Legend, width: float) -> float:
    per_row = max(1, int((width - 16) // LEGEND_ENTRY_WIDTH))
    rows = math.ceil(len(legend.entries) / per_row) if legend.entries else 0
    return LEGEND_TITLE_HEIGHT + rows * LEGEND_ROW_HEIGHT + 8


def _legend(legend: Legend, uid: str, x0: float, y0: float, width: float) -> str:
    """Swatches with each band's label and range, wrapping into rows to fit `width`."""
    per_row = max(1, int((width - 16) // LEGEND_ENTRY_WIDTH))
    parts = [
        f'<g class="map-legend" role="list" aria-label="{_a(legend.title)}">',
        f'<text x="{_num(x0)}" y="{_num(y0 + 15)}" font-weight="600">{_t(legend.title)}</text>',
    ]
    for i, entry in enumerate(legend.entries):
        x = x0 + (i % per_row) * LEGEND_ENTRY_WIDTH
        y = y0 + LEGEND_TITLE_HEIGHT + (i // per_row) * LEGEND_ROW_HEIGHT
        spoken = f"{entry.label} {entry.range_text}".strip()
        parts.append(
            f'<g role="listitem" aria-label="{_a(spoken)}">'
            f'<rect x="{_num(x)}" y="{_num(y + 2)}" width="18" height="18" fill="{_fill(entry.band, uid)}" '
            f'stroke="{OUTLINE}" stroke-width="1"/>'
            f'<text x="{_num(x + 24)}" y="{_num(y + 15)}" aria-hidden="true">{_t(entry.label)}</text>'
        )
        if entry.range_text:
            parts.append(
                f'<text x="{_num(x + 24)}" y="{_num(y + 31)}" font-size="12" fill="{MUTED}" '
                f'aria-hidden="true">{_t(entry.range_text)}</text>'
            )
        parts.append("</g>")
    parts.append("</g>")
    return "".join(parts)


def _done(parts: list[str]) -> SafeString:
    parts.append("</svg>")
    # Every text and attribute value above went through escape(); the markup is ours.
    return mark_safe("".join(parts))  # noqa: S308


# --- choropleth ---------------------------------------------------------------------------------------

MAP_PADDING = 8
# Simplification at drawing time, in pixels of the viewBox: detail finer than this cannot be seen, and
# dropping it keeps a national or province map small (see the tests for the sizes).
PIXEL_TOLERANCE = 0.6
MIN_ISLAND_PX2 = 1.5


def _path_data(polygons: Sequence[Sequence[Sequence[tuple[float, float]]]]) -> str:
    """Absolute move, then relative lines between the rounded points (short, and exact: the deltas are
    taken between already-rounded positions, so no error accumulates)."""
    out: list[str] = []
    for polygon in polygons:
        for ring in polygon:
            points = [(round(x, 1), round(y, 1)) for x, y in ring[:-1]]
            x0, y0 = points[0]
            chunks = [f"M{_num(x0)} {_num(y0)}l"]
            px, py = x0, y0
            numbers: list[str] = []
            for x, y in points[1:]:
                numbers.append(_num(x - px))
                numbers.append(_num(y - py))
                px, py = x, y
            joined = ""
            for n in numbers:
                joined += n if (not joined or n.startswith("-")) else " " + n
            chunks.append(joined)
            chunks.append("z")
            out.append("".join(chunks))
    return "".join(out)


def choropleth_svg(
    items: Sequence[MapItem],
    shapes: Mapping[str, Geometry],
    *,
    title: str,
    legend: Legend,
    description: str = "",
    width: int = 800,
    max_height: int | None = None,
    uid: str | None = None,
) -> SafeString:
    """The regions of `items` that have a shape, filled by band, fitted into `width` pixels.

    Projection: equirectangular, longitudes shrunk by the cosine of the middle latitude so that shapes
    near the equator keep their proportions; the height follows from the extent (at most `max_height`,
    by default as high as wide). Items without a shape are left out: the caller's table lists them."""
    uid = _uid("choropleth", title, uid)
    drawn = [(item, shapes[item.code]) for item in items if item.code in shapes]
    max_height = max_height or width
    inner_w = width - 2 * MAP_PADDING
    points = [p for _, shape in drawn for polygon in polygons_of(shape) for p in polygon[0]]
    if points:
        min_lon = min(p[0] for p in points)
        max_lon = max(p[0] for p in points)
        min_lat = min(p[1] for p in points)
        max_lat = max(p[1] for p in points)
    else:
        min_lon, min_lat, max_lon, max_lat = 0.0, 0.0, 1.0, 1.0
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * kx, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    scale = min(inner_w / span_x, (max_height - 2 * MAP_PADDING) / span_y)
    map_w = span_x * scale
    map_h = span_y * scale
    off_x = MAP_PADDING + (inner_w - map_w) / 2
    map_bottom = MAP_PADDING + map_h + MAP_PADDING
    height = map_bottom + _legend_height(legend, width)

    parts = _open("choropleth", uid, width, height, title, description)
    parts.append('<g class="map-shapes" stroke-linejoin="round">')
    # Polygons whose bounding box is smaller than MIN_ISLAND_PX2 are dropped before projecting them.
    min_box = MIN_ISLAND_PX2 / (kx * scale * scale)
    for item, shape in drawn:
        polygons = polygons_of(shape)
        visible = [poly for poly in polygons if poly and _box_area(poly[0]) >= min_box]
        projected = [
            [
                [
                    (off_x + (p[0] - min_lon) * kx * scale, MAP_PADDING + (max_lat - p[1]) * scale)
                    for p in ring
                ]
                for ring in polygon
            ]
            for polygon in visible or [max(polygons, key=lambda poly: abs(ring_area(poly[0])))]
        ]
        kept = simplify_polygons(projected, PIXEL_TOLERANCE, digits=1, min_area=MIN_ISLAND_PX2)
        if not kept:
            # Smaller than a pixel or two at this scale: its largest part still shows, and stays a link.
            largest = max(projected, key=lambda poly: abs(ring_area(poly[0])))
            kept = simplify_polygons([largest], 0.0, digits=1) or [[_dot(largest[0])]]
        parts.append(_link_open(item, "map-area"))
        parts.append(
            f'<path class="map-shape" d="{_path_data(kept)}" fill="{_fill(item.band, uid)}" '
            f'fill-rule="evenodd" stroke="{WHITE if item.band in ("sedang", "tinggi") else OUTLINE}" '
            f'stroke-width="0.6"/>'
        )
        parts.append(_link_close(item))
    parts.append("</g>")
    parts.append(_legend(legend, uid, MAP_PADDING, map_bottom, width - 2 * MAP_PADDING))
    return _done(parts)


def _box_area(ring: Sequence[Sequence[float]]) -> float:
    x0, y0, x1, y1 = bbox_of(ring)
    return (x1 - x0) * (y1 - y0)


def _dot(ring: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """A 2 × 2 pixel square where a region is too small to draw."""
    x = sum(p[0] for p in ring) / len(ring)
    y = sum(p[1] for p in ring) / len(ring)
    return [(x - 1, y - 1), (x + 1, y - 1), (x + 1, y + 1), (x - 1, y + 1), (x - 1, y - 1)]


# --- tile grid of the provinces -----------------------------------------------------------------------

# The 38 provinces (Kemendagri codes) as equal tiles, (column, row): Sumatra runs from Aceh at the top left
# diagonally down to Lampung; Java, Bali and Nusa Tenggara form one row across the bottom, with DKI Jakarta
# in it and DI Yogyakarta below Jawa Tengah; Kalimantan sits above Java, Sulawesi east of it around the
# empty Makassar Strait, then Maluku, and the six Papua provinces at the right, Papua Barat Daya westmost
# and Papua Selatan at the bottom.
TILE_LAYOUT: dict[str, tuple[int, int]] = {
    "11": (0, 0),  # Aceh
    "12": (1, 1),  # Sumatera Utara
    "14": (2, 1),  # Riau
    "21": (3, 1),  # Kepulauan Riau
    "13": (1, 2),  # Sumatera Barat
    "15": (2, 2),  # Jambi
    "19": (3, 2),  # Kepulauan Bangka Belitung
    "17": (1, 3),  # Bengkulu
    "16": (2, 3),  # Sumatera Selatan
    "18": (2, 4),  # Lampung
    "36": (3, 4),  # Banten
    "31": (4, 4),  # DKI Jakarta
    "32": (5, 4),  # Jawa Barat
    "33": (6, 4),  # Jawa Tengah
    "34": (6, 5),  # DI Yogyakarta
    "35": (7, 4),  # Jawa Timur
    "51": (8, 4),  # Bali
    "52": (9, 4),  # Nusa Tenggara Barat
    "53": (10, 4),  # Nusa Tenggara Timur
    "65": (6, 1),  # Kalimantan Utara
    "61": (4, 2),  # Kalimantan Barat
    "62": (5, 2),  # Kalimantan Tengah
    "64": (6, 2),  # Kalimantan Timur
    "63": (5, 3),  # Kalimantan Selatan
    "75": (8, 1),  # Gorontalo
    "71": (9, 1),  # Sulawesi Utara
    "72": (8, 2),  # Sulawesi Tengah
    "76": (7, 3),  # Sulawesi Barat
    "73": (8, 3),  # Sulawesi Selatan
    "74": (9, 3),  # Sulawesi Tenggara
    "82": (10, 2),  # Maluku Utara
    "81": (10, 3),  # Maluku
    "96": (11, 2),  # Papua Barat Daya
    "92": (12, 2),  # Papua Barat
    "91": (13, 2),  # Papua
    "94": (12, 3),  # Papua Tengah
    "95": (13, 3),  # Papua Pegunungan
    "93": (13, 4),  # Papua Selatan
}

# Short labels in common Indonesian use (the full name is in the link's label and tooltip).
TILE_LABELS: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumut",
    "13": "Sumbar",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumsel",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Babel",
    "21": "Kepri",
    "31": "DKI",
    "32": "Jabar",
    "33": "Jateng",
    "34": "DIY",
    "35": "Jatim",
    "36": "Banten",
    "51": "Bali",
    "52": "NTB",
    "53": "NTT",
    "61": "Kalbar",
    "62": "Kalteng",
    "63": "Kalsel",
    "64": "Kaltim",
    "65": "Kaltara",
    "71": "Sulut",
    "72": "Sulteng",
    "73": "Sulsel",
    "74": "Sultra",
    "75": "Gorontalo",
    "76": "Sulbar",
    "81": "Maluku",
    "82": "Malut",
    "91": "Papua",
    "92": "Pabar",
    "93": "Papsel",
    "94": "Papteng",
    "95": "Papeg",
    "96": "PBD",
}

TILE = 60
TILE_GAP = 4


def tile_grid_svg(
    items: Sequence[MapItem],
    *,
    title: str,
    legend: Legend,
    description: str = "",
    uid: str | None = None,
) -> SafeString:
    """The 38 provinces as equal squares in a rough geographic layout (`TILE_LAYOUT`), for when there
    are no boundaries. A province without an item is drawn as "no data", without a link; items that are
    not provinces are ignored. Keyboard order follows the items' order."""
    uid = _uid("tiles", title, uid)
    step = TILE + TILE_GAP
    columns = 1 + max(c for c, _ in TILE_LAYOUT.values())
    rows = 1 + max(r for _, r in TILE_LAYOUT.values())
    width = MAP_PADDING * 2 + columns * step - TILE_GAP
    grid_bottom = MAP_PADDING * 2 + rows * step - TILE_GAP
    height = grid_bottom + _legend_height(legend, width)
    by_code = {item.code: item for item in items if item.code in TILE_LAYOUT}
    ordered = [*by_code.values()]
    ordered += [
        MapItem(code=code, name=TILE_LABELS[code], href="", band=None, coverage_text="–")
        for code in TILE_LAYOUT
        if code not in by_code
    ]
    parts = _open("tiles", uid, width, height, title, description)
    parts.append('<g class="map-tiles">')
    for item in ordered:
        column, row = TILE_LAYOUT[item.code]
        x = MAP_PADDING + column * step
        y = MAP_PADDING + row * step
        text_colour = band_text_colour(item.band)
        short = _truncate(item.short_name or TILE_LABELS[item.code], 9)
        label_size = "12" if len(short) <= 7 else "10.5"  # "Gorontalo" fits a 60-pixel tile
        parts.append(_link_open(item, "map-tile"))
        parts.append(
            f'<rect class="map-shape" x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="3" '
            f'fill="{_fill(item.band, uid)}" stroke="{OUTLINE}" stroke-width="0.6"/>'
            f'<text class="map-label" x="{x + TILE / 2:g}" y="{y + 25}" text-anchor="middle" '
            f'font-size="{label_size}" font-weight="700" fill="{text_colour}" aria-hidden="true">'
            f"{_t(short)}</text>"
            f'<text class="map-value" x="{x + TILE / 2:g}" y="{y + 43}" text-anchor="middle" '
            f'font-size="11" fill="{text_colour}" aria-hidden="true">{_t(item.coverage_text)}</text>'
        )
        parts.append(_link_close(item))
    parts.append("</g>")
    parts.append(_legend(legend, uid, MAP_PADDING, grid_bottom, width - 2 * MAP_PADDING))
    return _done(parts)


# --- sorted bars --------------------------------------------------------------------------------------

BAR_ROW = 26
BAR_HEIGHT = 18


def _sort_key(item: MapItem) -> tuple[int, float, str]:
    if item.value_for_sort is None:
        return (1, 0.0, item.name)
    return (0, -float(item.value_for_sort), item.name)


def bars_svg(
    items: Sequence[MapItem],
    *,
    title: str,
    legend: Legend,
    description: str = "",
    width: int = 640,
    ticks: Sequence[tuple[float, str]] = ((0, "0"), (25, "25"), (50, "50"), (75, "75"), (100, "100")),
    uid: str | None = None,
) -> SafeString:
    """Horizontal bars, highest coverage first (ties by name; no figure last), one row per item: the
    name, a bar as long as the coverage on a 0–100 % scale in the band's colour, and the coverage text.
    Each row is one link. The height grows with the number of items."""
    uid = _uid("bars", title, uid)
    ordered = sorted(items, key=_sort_key)
    name_w = round(width * 0.38)
    value_w = 78
    bar_x = MAP_PADDING + name_w + 8
    bar_w = width - bar_x - value_w - MAP_PADDING
    top = MAP_PADDING + 18  # room for the axis labels
    rows_bottom = top + len(ordered) * BAR_ROW
    height = rows_bottom + MAP_PADDING + _legend_height(legend, width)
    max_chars = max(8, int(name_w / 7.0))

    parts = _open("bars", uid, width, height, title, description)
    parts.append(f'<g class="map-axis" font-size="11" fill="{MUTED}" aria-hidden="true">')
    for tick, label in ticks:
        x = bar_x + bar_w * min(max(tick, 0.0), 100.0) / 100
        parts.append(
            f'<line x1="{_num(x)}" y1="{top - 4}" x2="{_num(x)}" y2="{rows_bottom}" stroke="#d5dbe0" '
            f'stroke-width="1"/><text x="{_num(x)}" y="{top - 7}" text-anchor="middle">{_t(label)}</text>'
        )
    parts.append("</g>")
    parts.append('<g class="map-bars">')
    for i, item in enumerate(ordered):
        y = top + i * BAR_ROW
        value = None if item.value_for_sort is None else min(max(float(item.value_for_sort), 0.0), 100.0)
        parts.append(_link_open(item, "map-bar"))
        parts.append(
            f'<rect class="map-row" x="{MAP_PADDING}" y="{y}" width="{width - 2 * MAP_PADDING}" '
            f'height="{BAR_ROW}" fill="{WHITE}" fill-opacity="0"/>'
            f'<text class="map-label" x="{bar_x - 8}" y="{y + 17}" text-anchor="end" '
            f'aria-hidden="true">{_t(_truncate(item.name, max_chars))}</text>'
        )
        if value is not None:
            length = max(bar_w * value / 100, 1.0)
            parts.append(
                f'<rect class="map-shape" x="{bar_x}" y="{y + (BAR_ROW - BAR_HEIGHT) / 2:g}" '
                f'width="{_num(length)}" height="{BAR_HEIGHT}" fill="{_fill(item.band, uid)}" '
                f'stroke="{OUTLINE}" stroke-width="0.6"/>'
            )
            text_x = bar_x + length + 6
        else:
            parts.append(
                f'<rect class="map-shape" x="{bar_x}" y="{y + (BAR_ROW - BAR_HEIGHT) / 2:g}" width="24" '
                f'height="{BAR_HEIGHT}" fill="{_fill(None, uid)}" stroke="{OUTLINE}" stroke-width="0.6"/>'
            )
            text_x = bar_x + 30
        parts.append(
            f'<text class="map-value" x="{_num(text_x)}" y="{y + 17}" aria-hidden="true">'
            f"{_t(item.coverage_text)}</text>"
        )
        parts.append(_link_close(item))
    parts.append("</g>")
    parts.append(_legend(legend, uid, MAP_PADDING, rows_bottom + MAP_PADDING, width - 2 * MAP_PADDING))
    return _done(parts)
