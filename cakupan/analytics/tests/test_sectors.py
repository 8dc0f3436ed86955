from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cakupan.analytics.engine import EngineConfig, connect, disconnect
from cakupan.analytics.persons import STORE_COLUMNS
from cakupan.analytics.sectors import active_by_section, sections
from cakupan.analytics.store import store_table
from cakupan.analytics.tests.conftest import keyed, person

CODES = ["01111", "47111", "g", " 85101 ", "35101", "99000", "1111", "X", None, "00000", "62011"]
EXPECTED_SECTION = ["A", "G", "G", "P", "D", "U", "?", "?", "?", "?", "J"]


def test_the_21_sections_of_kbli_2020_cover_every_division_once() -> None:
    found = sections()
    assert [s.letter for s in found] == [chr(c) for c in range(ord("A"), ord("U") + 1)]
    divisions = [d for s in found for d in range(s.first_division, s.last_division + 1)]
    assert len(divisions) == len(set(divisions))


def test_active_participants_are_counted_by_section_as_computed_by_hand(
    tmp_path: Path, engine: EngineConfig
) -> None:
    rows = []
    expected: Counter[tuple[str, str]] = Counter()
    for n in range(200):
        code, section = CODES[n % len(CODES)], EXPECTED_SECTION[n % len(CODES)]
        village = "53.71.01.1001" if n % 2 else "53.01.01.2001"
        status = "active" if n % 3 else "inactive"
        rows.append((keyed(person(n)), village, "2024-06", "PU", status, code))
        if status == "active":
            expected[(village[:5], section)] += 1
    columns: dict[str, list[str | None]] = {name: [None] * len(rows) for name in STORE_COLUMNS}
    for i, name in enumerate(("nik_hash", "region_code", "period", "segment", "status", "kbli")):
        columns[name] = [r[i] for r in rows]
    pq.write_table(
        pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()}), tmp_path / "s.parquet"
    )
    con = connect(engine)
    try:
        people = store_table(con, [(str(tmp_path / "s.parquet"), ["2024-06"])])
        assert people is not None
        table = con.to_pyarrow(active_by_section(people, period="2024-06", region="53"))
    finally:
        disconnect(con, engine)
    assert Counter({(r["area_code"], r["section"]): r["people"] for r in table.to_pylist()}) == expected
