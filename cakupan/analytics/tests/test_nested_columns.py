"""A participant Parquet file with a nested column (a list, struct or map) is refused with the column named,
never with an engine's error: no check or engine reads such a column as one value."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cakupan.analytics.rollup import rollup_run
from cakupan.analytics.tests.conftest import keyed, person

PROGRAMS: dict[str, pa.Array] = {
    "list": pa.array([["JKK", "JKM"]], pa.list_(pa.string())),
    "struct": pa.array([{"jkk": True, "jkm": False}], pa.struct([("jkk", pa.bool_()), ("jkm", pa.bool_())])),
    "map": pa.array([[("JKK", 1)]], pa.map_(pa.string(), pa.int8())),
}


@pytest.mark.parametrize("kind", PROGRAMS)
def test_it_refuses_a_nested_column_by_name(kind: str, tmp_path: Path) -> None:
    table = pa.table(
        {
            "nik_hash": [keyed(person(1))],
            "region_code": ["53.71.01.1001"],
            "period": ["2024-06"],
            "segment": ["PU"],
            "status": ["active"],
            "programs": PROGRAMS[kind],
        }
    )
    pq.write_table(table, tmp_path / "peserta.parquet")
    result = rollup_run(path=tmp_path / "peserta.parquet", work_dir=tmp_path)
    assert [(p.row, p.column) for p in result.problems] == [(1, "programs")]
    assert "nested values (a list, struct or map)" in result.problems[0].reason
    assert not result.figures
