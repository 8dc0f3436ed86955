from __future__ import annotations

from collections import Counter
from pathlib import Path

from cakupan.analytics.engine import EngineConfig
from cakupan.analytics.tests.conftest import keyed, person
from cakupan.analytics.tests.store_data import BUDGET, Row, _in, counted, generated, write_store
from cakupan.analytics.village_funding import village_funding_run

MONTHS = ["2024-05", "2024-06"]


def expected_villages(rows: list[Row], period: str, region: str) -> tuple[Counter[tuple[str, ...]], ...]:
    """Budget-funded workers and the active among them by village and funder, computed again by hand."""
    workers: Counter[tuple[str, ...]] = Counter()
    active: Counter[tuple[str, ...]] = Counter()
    for r in rows:
        funder = (r.funded_by or "").upper()
        if r.period != period or funder not in BUDGET or not _in(r.region_code, region):
            continue
        workers[(r.region_code, funder)] += 1
        active[(r.region_code, funder)] += r.status == "active"
    return workers, +active


def expected_regencies(active: Counter[tuple[str, ...]], target: int) -> Counter[tuple[object, ...]]:
    by_village: Counter[str] = Counter()
    for (village, _funder), n in active.items():
        by_village[village] += n
    found: Counter[tuple[object, ...]] = Counter()
    for village, n in by_village.items():
        found[(village[:5], "villages")] += 1
        found[(village[:5], "reached")] += n >= target
    return found


def test_funded_workers_and_the_active_among_them_are_counted_by_village_as_computed_by_hand(
    tmp_path: Path, engine: EngineConfig
) -> None:
    rows = generated(MONTHS, people=300)
    parts = [(str(write_store(tmp_path / "s.parquet", rows)), MONTHS)]
    result = village_funding_run(
        parts=parts, region="53", period="2024-06", target=15, engine=engine, work_dir=tmp_path
    )
    workers, active = expected_villages(rows, "2024-06", "53")
    assert sum(workers.values()) > 30  # the generated data funds workers in several villages
    assert counted(result.villages, ("village_code", "funder")) == workers
    assert result.villages is not None and result.regencies is not None
    found = Counter({(r["village_code"], r["funder"]): r["active"] for r in result.villages.to_pylist()})
    assert +found == active
    regencies: Counter[tuple[object, ...]] = Counter()
    for r in result.regencies.to_pylist():
        regencies[(r["regency_code"], "villages")] = r["villages"]
        regencies[(r["regency_code"], "reached")] = r["reached"]
    expected = expected_regencies(active, 15)
    assert +regencies == +expected
    assert 0 < sum(v for (_c, kind), v in expected.items() if kind == "reached") < 4  # some, not all


def test_a_village_reaches_100_with_100_active_funded_workers_whatever_the_funder(tmp_path: Path) -> None:
    full, short = "53.71.01.1001", "53.71.01.1002"
    rows = [Row(keyed(person(n)), full, "2024-06", "BPU", "active", funded_by="APBDES") for n in range(60)]
    rows += [Row(keyed(person(n)), full, "2024-06", "BPU", "active", funded_by="csr") for n in range(60, 100)]
    rows += [
        Row(keyed(person(n)), short, "2024-06", "BPU", "active", funded_by="APBDes") for n in range(100, 199)
    ]
    rows.append(Row(keyed(person(199)), short, "2024-06", "BPU", "inactive", funded_by="APBDES"))  # 99 active
    rows.append(Row(keyed(person(200)), short, "2024-06", "BPU", "active", funded_by="SELF"))  # not funded
    rows.append(
        Row(keyed(person(201)), "53.71", "2024-06", "BPU", "active", funded_by="APBDES")
    )  # no village
    parts = [(str(write_store(tmp_path / "s.parquet", rows)), ["2024-06"])]
    result = village_funding_run(parts=parts, region="53.71", period="2024-06", work_dir=tmp_path)
    assert counted(result.villages, ("village_code", "funder")) == {
        (full, "APBDES"): 60,
        (full, "CSR"): 40,
        (short, "APBDES"): 100,
    }
    assert result.regencies is not None
    assert result.regencies.to_pylist() == [{"regency_code": "53.71", "villages": 2, "reached": 1}]


def test_a_month_without_participant_data_gives_no_table(tmp_path: Path) -> None:
    rows = [Row(keyed(person(1)), "53.71.01.1001", "2024-06", "BPU", "active", funded_by="APBDES")]
    parts = [(str(write_store(tmp_path / "s.parquet", rows)), ["2024-06"])]
    result = village_funding_run(parts=parts, region="53", period="2024-07", work_dir=tmp_path)
    assert result.villages is None and result.regencies is None and result.months == ("2024-06",)


def test_a_funder_written_another_way_is_counted_under_the_name_the_contract_gives_it(tmp_path: Path) -> None:
    village = "53.71.01.1001"
    written = {" Apbd  Provinsi ": 3, "lainnya": 2, "Csr": 1, "mandiri": 4, "Perusahaan": 5, "SELF": 6}
    rows, n = [], 0
    for funder, people in written.items():
        for _ in range(people):
            rows.append(Row(keyed(person(n)), village, "2024-06", "BPU", "active", funded_by=funder))
            n += 1
    parts = [(str(write_store(tmp_path / "s.parquet", rows)), ["2024-06"])]
    result = village_funding_run(parts=parts, region="53", period="2024-06", work_dir=tmp_path)
    assert counted(result.villages, ("village_code", "funder")) == {
        (village, "APBD_PROVINSI"): 3,
        (village, "OTHER"): 2,
        (village, "CSR"): 1,
    }  # the person (mandiri) and the employer (perusahaan, SELF) pay for the others: not counted
