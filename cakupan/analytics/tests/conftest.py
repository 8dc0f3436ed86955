from __future__ import annotations

import csv
import hashlib
import hmac
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cakupan.analytics.engine import EngineConfig

KEY = b"k" * 32
HEADER = ("nik_hash", "region_code", "period", "segment", "status", "programs")


def keyed(nik: str) -> str:
    return hmac.new(KEY, nik.encode(), hashlib.sha256).hexdigest()


def person(n: int) -> str:
    """A made-up NIK: region 537101, birth date 010190, serial n."""
    return f"537101010190{n:04d}"


def write_parquet(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    columns = {name: [row[i] for row in rows] for i, name in enumerate(header)}
    pq.write_table(pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()}), path)
    return path


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], sep: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=sep, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(["" if c is None else c for c in row] for row in rows)
    return path


@pytest.fixture(params=["duckdb", "spark"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> EngineConfig:
    """Each test with this fixture runs on both engines (Spark in local mode, one session per run)."""
    return EngineConfig(name=request.param, memory_limit="512MB", temp_directory=str(tmp_path / "spill"))
