"""Boundaries for the demo and the tests, from the reference data folder beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path

from cakupan.maps.services import boundaries_import

SHARED_FILES = ("provinces.geojson", "regencies.geojson")


def shared_data_dir() -> Path:
    """The reference data folder: CAKUPAN_SHARED_DATA, by default ../shared/data (as the demo's
    population file)."""
    return Path(os.environ.get("CAKUPAN_SHARED_DATA", "../shared/data"))


def load_shared_boundaries(shared_dir: Path) -> int:
    """Import `geo/provinces.geojson` and `geo/regencies.geojson` of the reference data folder, those that
    are present; how many regions they hold (0 when there are none). A file that does not validate is a
    broken reference folder: RuntimeError naming its first problem."""
    regions = 0
    for name in SHARED_FILES:
        path = shared_dir / "geo" / name
        if not path.is_file():
            continue
        result = boundaries_import(file_name=name, content=path.read_bytes(), source="demo", actor="demo")
        if not result.ok:
            first = result.problems[0]
            raise RuntimeError(
                f"{path}: {len(result.problems)} problems; feature {first.row} {first.column}: {first.reason}"
            )
        regions += result.features
    return regions
