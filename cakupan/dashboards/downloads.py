"""The tables and the map of a region page as files: CSV (for spreadsheets) and JSON (for programs) for
each table, GeoJSON for the map. Values are those of the API (`indicators.serialise`), under the names of
the data contract, so a download, the page and the API never disagree.

Every other page with a table (rankings, the Monev register, compliance, the open data) writes its file
with `download_response` / `rows_csv` and names it with `file_name`: one writer for all of them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.http import HttpResponse

from cakupan.charts.specs import SEGMENTS
from cakupan.common.spreadsheet import neutralise
from cakupan.dashboards.selectors import RegionPage
from cakupan.indicators.labels import band_label, kind_label
from cakupan.indicators.serialise import (
    indicators_dict,
    number,
    ranking_dict,
    trend_dict,
    warnings_worded,
    workers_period,
)
from cakupan.maps.selectors import boundaries_for

BOM = "\ufeff"


def file_name(stem: str, fmt: str, *, simulated: bool) -> str:
    """A download's name; simulated figures say so in it (`anak-53-2024-06-simulasi.csv`), as every row
    of the file says so in its `simulated` column."""
    return f"{stem}-simulasi.{fmt}" if simulated else f"{stem}.{fmt}"


Rows = list[dict[str, Any]]


def _children(page: RegionPage) -> Rows:
    assert page.period is not None
    rows: Rows = ranking_dict(page.region.code, page.period, page.children)["regions"]
    return [{**row, "warnings_text": warnings_text(row["warnings"])} for row in rows]


def warnings_text(warnings: list[dict[str, Any]]) -> str:
    """A row's warnings in words, in one cell beside their kinds (`warnings`)."""
    return " | ".join(str(w["text"]) for w in warnings)


def _trend(page: RegionPage) -> Rows:
    rows = []
    for point in trend_dict(page.trend):
        segments = point.pop("segments_active")
        rows.append({**point, **{f"active_{s.lower()}": segments.get(s) for s in SEGMENTS}})
    return rows


def _segments(page: RegionPage) -> Rows:
    assert page.indicators is not None
    segments = indicators_dict(page.indicators)["segments"]
    rows = []
    for name, figures in segments.items():
        label = figures.pop("label")
        rows.append({"segment": name, "segment_label": label, **figures})
    return rows


TABLES: dict[str, Callable[[RegionPage], Rows]] = {"anak": _children, "tren": _trend, "segmen": _segments}


def offered(table: str, fmt: str) -> bool:
    return (table in TABLES and fmt in ("csv", "json")) or (table, fmt) == ("peta", "geojson")


def table_rows(page: RegionPage, table: str) -> Rows:
    return TABLES[table](page)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (Fraction, Decimal)):
        value = number(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)) and all(isinstance(v, dict) and "kind" in v for v in value):
        # A figure's warnings: their kinds in one cell ("coverage_above_100;old_workforce"); the JSON
        # carries every detail.
        return ";".join(str(v["kind"]) for v in value)
    if isinstance(value, (list, tuple)):
        # Several values in one cell, as the data contract writes programs: "JKK;JKM".
        return neutralise(";".join(str(v) for v in value))
    return neutralise(str(value))


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """A row whose values may hold records (a region's segments) as one level of columns:
    {"segments": {"PU": {"active": 5}}} → {"segments.PU.active": 5}."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out.update({f"{key}.{inner}": v for inner, v in _flat(value).items()})
        else:
            out[key] = value
    return out


def _json_value(value: Any) -> Any:
    """Dates as ISO text and exact rates as the API's 2-decimal numbers, in JSON."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (Fraction, Decimal)):
        return number(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def rows_csv(rows: Rows, *, simulated: bool) -> bytes:
    """UTF-8 with a byte-order mark, the header of data-contract names on the first line (spreadsheets and
    pandas read it as it is), numbers unformatted, and a `simulated` column saying whether the figures
    are; text that a spreadsheet would run is neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    flat = [_flat(row) for row in rows]
    header = list(dict.fromkeys(key for row in flat for key in row))
    # Rows of figures carry their own `simulated`; the others get the file's.
    if flat and "simulated" not in header:
        header.append("simulated")
        for row in flat:
            row["simulated"] = simulated
    if flat:
        writer.writerow(header)
        writer.writerows([_cell(row.get(key)) for key in header] for row in flat)
    return (BOM + buffer.getvalue()).encode("utf-8")


def rows_json(page: RegionPage, table: str, rows: Rows, *, simulated: bool) -> bytes:
    document = {
        "region_code": page.region.code,
        "period": page.period,
        "table": table,
        "simulated": simulated,
        "rows": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def map_geojson(page: RegionPage, *, simulated: bool) -> bytes:
    """The sub-regions with their figures as GeoJSON features; a region without a boundary is a feature
    without geometry (allowed by RFC 7946), so the figures are all there whatever the map shows."""
    rows = _children(page)
    shapes = boundaries_for(codes=[row["region_code"] for row in rows])
    features = [
        {
            "type": "Feature",
            "id": row["region_code"],
            "geometry": shapes[row["region_code"]].geometry if row["region_code"] in shapes else None,
            "properties": {**row, "period": page.period},
        }
        for row in rows
    ]
    collection = {
        "type": "FeatureCollection",
        "name": f"{page.region.code} {page.period}",
        "simulated": simulated,
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def fair_rows(groups: list[Any], *, province_name: Callable[[str], str] | None = None) -> Rows:
    """The fair-ranking tables as one: each row with its peer group, codes with their words beside them;
    with `province_name` (the national ranking) the province of each regency too."""
    rows = []
    for group in groups:
        for row in group.rows:
            ind = row.ind
            where = (
                {"province_code": ind.region_code[:2], "province_name": province_name(ind.region_code)}
                if province_name is not None
                else {}
            )
            warnings = warnings_worded(ind.warnings)
            rows.append(
                {
                    "group": group.key,
                    "group_label": str(group.label),
                    "rank": row.rank,
                    "region_code": ind.region_code,
                    "region_name": ind.region_name,
                    "kind": ind.kind,
                    "kind_label": kind_label(ind.kind),
                    **where,
                    "coverage_rate": number(ind.coverage_rate),
                    "band": ind.band,
                    "band_label": band_label(ind.band),
                    "change_year_points": number(row.gain_points),
                    "relative_gain_pct": number(row.gain_relative),
                    "workers": ind.workers,
                    # The denominator beside the rate, as the API gives it: its month (for a parent the range
                    # of months, "2023-08/2024-02") and its sources.
                    "workers_period": workers_period(ind),
                    "workforce_source": "; ".join(ind.workforce_sources) or None,
                    "warnings": warnings,
                    "warnings_text": warnings_text(warnings),
                }
            )
    return rows


def compare_rows(indicators: list[Any]) -> Rows:
    """The compare table, a row per region, with the indicators under the API's names (segments and
    warnings included, as the API gives them; the CSV spreads the segments over columns); why a region has
    no rate and its warnings in words beside their kinds."""
    rows = []
    for ind in indicators:
        if ind is None:
            continue
        row = indicators_dict(ind)
        missing = row["coverage_missing"]
        rows.append(
            {
                **row,
                "coverage_missing": missing["kind"] if missing else None,
                "coverage_missing_text": missing["text"] if missing else None,
                "warnings_text": warnings_text(row["warnings"]),
            }
        )
    return rows


def download_response(rows: Rows, *, name: str, fmt: str, simulated: bool) -> HttpResponse:
    """CSV or JSON of a page's table, as an attachment."""
    if fmt == "csv":
        data, content_type = rows_csv(rows, simulated=simulated), "text/csv; charset=utf-8"
    else:
        document = {"table": name, "simulated": simulated, "rows": rows}
        data = json.dumps(document, ensure_ascii=False, indent=1, default=_json_value).encode()
        content_type = "application/json"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name(name, fmt, simulated=simulated)}"'
    return response
