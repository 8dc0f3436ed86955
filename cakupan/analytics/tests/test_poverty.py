from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from cakupan.analytics.engine import EngineConfig
from cakupan.analytics.poverty import poverty_run
from cakupan.analytics.tests.conftest import keyed, person, write_csv
from cakupan.analytics.tests.store_data import VILLAGES, generated, write_store

MONTHS = ["2024-05", "2024-06"]
HEADER = ("nik_hash", "region_code", "desil", "list", "period", "age", "working")


def poverty_list(people: int, seed: int = 4) -> list[tuple[str, ...]]:
    """Half the people of the generated store and as many who are not in it, with deciles, ages, work."""
    rng = random.Random(seed)
    rows: list[tuple[str, ...]] = []
    for n in range(0, 2 * people, 2):
        rows.append(
            (
                keyed(person(n // 2 if n % 4 == 0 else 5000 + n)),
                rng.choice(VILLAGES).replace(".", "") if n % 3 == 0 else rng.choice(VILLAGES),
                str(rng.randint(1, 10)),
                "DTSEN",
                "2024-06",
                str(rng.choice([8, 14, 15, 40, 70])),
                rng.choice(["ya", "tidak", "Ya", "1"]),
            )
        )
    return rows


def by_hand(listed: list[tuple[str, ...]], store_rows: list, period: str) -> dict[tuple[str, str], tuple]:
    active = {r.nik_hash for r in store_rows if r.period == period and r.status == "active"}
    found: dict[tuple[str, str], Counter[str]] = {}
    for digest, region, desil, _list, _period, age, working in listed:
        dotted = region if "." in region else f"{region[:2]}.{region[2:4]}"
        group = "1-4" if int(desil) <= 4 else desil
        cell = found.setdefault((dotted[:5], group), Counter())
        worker = int(age) >= 15 and working.lower() in ("ya", "1")
        cell["listed"] += 1
        cell["active"] += digest in active
        cell["workers"] += worker
        cell["active_workers"] += worker and digest in active
    return {k: (c["listed"], c["active"], c["workers"], c["active_workers"]) for k, c in found.items()}


def test_the_poverty_list_is_matched_by_regency_and_decile_as_computed_by_hand(
    tmp_path: Path, engine: EngineConfig
) -> None:
    store_rows = generated(MONTHS)
    parts = [(str(write_store(tmp_path / "s.parquet", store_rows)), MONTHS)]
    listed = poverty_list(300)
    path = write_csv(tmp_path / "dtsen.csv", HEADER, listed)
    result = poverty_run(list_path=path, parts=parts, period="2024-05", engine=engine, work_dir=tmp_path)
    assert result.ok, result.problems
    assert result.with_work and result.listed == 300
    cells = {
        (r["regency"], r["group"]): (r["listed"], r["active"], r["workers"], r["active_workers"])
        for r in result.cells.to_pylist()  # type: ignore[union-attr]
    }
    assert cells == by_hand(listed, store_rows, "2024-05")  # the month asked, not the newest
    assert not list(tmp_path.glob("cakupan-poverty-*"))  # the list's hashes are gone after the run


def test_without_age_and_working_there_are_counts_and_no_workers(tmp_path: Path) -> None:
    store_rows = generated(MONTHS)
    parts = [(str(write_store(tmp_path / "s.parquet", store_rows)), MONTHS)]
    listed = [row[:4] for row in poverty_list(40)]
    path = write_csv(tmp_path / "p3ke.csv", HEADER[:4], listed)
    result = poverty_run(list_path=path, parts=parts, period="2024-06", work_dir=tmp_path)
    assert result.ok and not result.with_work
    assert sum(r["workers"] for r in result.cells.to_pylist()) == 0  # type: ignore[union-attr]


def test_a_decile_outside_1_to_10_and_a_month_without_data_are_refused(tmp_path: Path) -> None:
    parts = [(str(write_store(tmp_path / "s.parquet", generated(MONTHS))), MONTHS)]
    rows = [(keyed(person(1)), "53.71", "11"), (keyed(person(2)), "53.71", "")]
    path = write_csv(tmp_path / "bad.csv", ("nik_hash", "region_code", "desil"), rows)
    result = poverty_run(list_path=path, parts=parts, period="2024-06", work_dir=tmp_path)
    assert {(p.row, p.column) for p in result.problems} == {(2, "desil"), (3, "desil")}
    rows = [(keyed(person(1)), "53.71", "1")]
    path = write_csv(tmp_path / "ok.csv", ("nik_hash", "region_code", "desil"), rows)
    later = poverty_run(list_path=path, parts=parts, period="2024-09", work_dir=tmp_path)
    assert [p.reason for p in later.problems] == ["No participant data of 2024-09 has been imported."]


def test_a_region_code_the_master_does_not_know_and_a_malformed_hash_are_refused_with_their_rows(
    tmp_path: Path,
) -> None:
    parts = [(str(write_store(tmp_path / "s.parquet", generated(MONTHS))), MONTHS)]
    rows = [
        (keyed(person(1)), "53.71.01.1001", "2"),
        (keyed(person(2)), "53.99.01.1001", "2"),  # shaped right, unknown to the master
        ("abc", "53.71.01.1001", "5"),  # not a keyed hash
        (keyed(person(3)), "53.99.01.1001", "7"),
    ]
    path = write_csv(tmp_path / "dtsen.csv", ("nik_hash", "region_code", "desil"), rows)
    result = poverty_run(
        list_path=path,
        parts=parts,
        period="2024-06",
        work_dir=tmp_path,
        known_codes=lambda codes: {c for c in codes if not c.startswith("53.99")},
    )
    assert {(p.row, p.column) for p in result.problems} == {
        (3, "region_code"),
        (4, "nik_hash"),
        (5, "region_code"),
    }
    assert result.cells is None and result.listed == 4


def test_deciles_written_with_spaces_are_grouped_as_the_decile(tmp_path: Path) -> None:
    parts = [(str(write_store(tmp_path / "s.parquet", generated(MONTHS))), MONTHS)]
    rows = [(keyed(person(n)), "53.71.01.1001", desil) for n, desil in enumerate((" 3", "4 ", "10 ", "10"))]
    path = write_csv(tmp_path / "dtsen.csv", ("nik_hash", "region_code", "desil"), rows)
    result = poverty_run(list_path=path, parts=parts, period="2024-06", work_dir=tmp_path)
    assert result.ok, result.problems
    assert result.cells is not None
    assert {(r["regency"], r["group"]): r["listed"] for r in result.cells.to_pylist()} == {
        ("53.71", "1-4"): 2,
        ("53.71", "10"): 2,
    }
