"""Good data stored before each broken file is tried: a refused import must leave it exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path

from cakupan.compliance.services import employers_import
from cakupan.maps.services import boundaries_import
from cakupan.monev.services import monev_dataset_import
from cakupan.participants.services import participants_rollup_import
from cakupan.participants.tests.helpers import participants_file
from tests.personas import csv_bytes, load, participation_rows

HEADERS = {
    "workforce": ("region_code", "period", "sector", "workers", "source"),
    "participation": ("region_code", "period", "segment", "status", "participants"),
    "targets": ("region_code", "year", "indicator", "value", "source"),
    "employers": (
        "employer_id",
        "name",
        "region_code",
        "period",
        "reported_workers",
        "registered_workers",
        "reported_wages_idr",
        "registered_wages_idr",
        "programs",
    ),
    "vulnerable_funding": ("region_code", "year", "funder", "workers", "months", "amount_idr"),
    "benefits": ("region_code", "period", "program", "claims", "amount_idr"),
}

# One good row of each table dataset, for the seeds and for the broken files built from them.
GOOD_ROWS: dict[str, tuple[object, ...]] = {
    "workforce": ("53.71", "2024-06", "total", 215000, "BPS Sakernas Agustus 2024"),
    "participation": ("53.71", "2024-06", "PU", "active", 52000),
    "targets": ("53.71", 2025, "coverage_rate", "45.5", "Perwali Kupang 12/2024"),
    "employers": (
        "NPP10020001",
        "PT Sasando Jaya",
        "53.71",
        "2024-06",
        50,
        48,
        150000000,
        144000000,
        "JKK;JKM;JHT;JP",
    ),
    "vulnerable_funding": ("53.71", 2024, "APBD_KABKOTA", 1000, 12, 201600000),
    "benefits": ("53.71", "2024-06", "JKK", 12, 150000000),
}

_KUPANG = [[123.5, -10.2], [123.6, -10.2], [123.6, -10.1], [123.5, -10.1], [123.5, -10.2]]
BOUNDARIES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"code": "53.71"},
            "geometry": {"type": "Polygon", "coordinates": [_KUPANG]},
        }
    ],
}


def seed(dataset: str, folder: Path) -> None:
    """Store good data of the dataset a broken file is for (and what it builds on)."""
    if dataset in ("workforce", "participation", "targets", "participants"):
        # A participants file is stored as participation figures: those are what it must leave alone.
        load("workforce", csv_bytes(HEADERS["workforce"], [GOOD_ROWS["workforce"]]), "seed-workforce.csv")
        load(
            "participation",
            csv_bytes(
                HEADERS["participation"], participation_rows("53.71", "2024-06", {"PU": 52000, "BPU": 21000})
            ),
            "seed-participation.csv",
        )
        load("targets", csv_bytes(HEADERS["targets"], [GOOD_ROWS["targets"]]), "seed-targets.csv")
    elif dataset == "employers":
        outcome = employers_import(
            file_name="seed-employers.csv", content=csv_bytes(HEADERS["employers"], [GOOD_ROWS["employers"]])
        )
        assert outcome.batch is not None, outcome.validation.problems
    elif dataset in ("vulnerable_funding", "benefits"):
        for name in ("vulnerable_funding", "benefits"):
            result = monev_dataset_import(
                dataset=name,
                file_name=f"seed-{name}.csv",
                content=csv_bytes(HEADERS[name], [GOOD_ROWS[name]]),
            )
            assert result.ok and result.batch_id is not None, result.problems
    elif dataset == "match_list":  # a list is matched against the participants imported last
        done = participants_rollup_import(path=participants_file(folder), user=None)
        assert done.ok and done.changed, done.problems
    elif dataset == "boundaries":
        boundaries = boundaries_import(file_name="seed.geojson", content=json.dumps(BOUNDARIES).encode())
        assert boundaries.ok and boundaries.stored, boundaries.problems
    else:
        raise ValueError(f"no seed for {dataset}")
