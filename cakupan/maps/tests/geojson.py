"""Tiny GeoJSON made in the tests, and where the shared reference boundaries are (when present)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SHARED_DATA = Path("/work/shared/data")
SHARED_GEO = SHARED_DATA / "geo"


def square(lon: float, lat: float, size: float = 0.5) -> list[list[float]]:
    """A closed counter-clockwise square ring with its south-west corner at (lon, lat)."""
    return [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]


def polygon(lon: float, lat: float, size: float = 0.5) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [square(lon, lat, size)]}


def feature(code: str | None, geometry: Any, *, key: str = "code", **properties: Any) -> dict[str, Any]:
    props = dict(properties)
    if code is not None:
        props[key] = code
    return {"type": "Feature", "properties": props, "geometry": geometry}


def collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def as_bytes(document: Any) -> bytes:
    return json.dumps(document).encode("utf-8")


# Kota Kupang (53.71) and two regencies of NTT, as squares roughly where they are.
def ntt_three() -> dict[str, Any]:
    return collection(
        feature("53.71", polygon(123.5, -10.2, 0.1), name="Kota Kupang", label_lng=123.6, label_lat=-10.15),
        feature("5301", polygon(123.7, -10.0, 0.5), name="Kupang"),
        feature("53.02", polygon(124.2, -10.0, 0.5), name="Timor Tengah Selatan"),
    )
