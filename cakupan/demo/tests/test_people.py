"""The person-level demo data (pure Python): the people add up to the demo's own participation figures,
budgets pay workers village by village and stop, and the files are the same every time."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cakupan.demo.generator import generate_demo_files
from cakupan.demo.people import BUDGET, MONTHS, REGENCIES, PeopleFiles, generate_people_files

END = "2026-10"
# The reference data beside the checkout, as the demo reads it (the demo's regencies are then the size of
# the real ones).
POPULATION_CSV = next(
    (
        path
        for root in (Path(__file__).resolve().parents[3] / ".." / "shared", Path("/work/shared"))
        if (path := root / "data" / "stats" / "population_area.csv").exists()
    ),
    None,
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PeopleFiles]:
    folder = tmp_path_factory.mktemp("demo")
    files = generate_demo_files(folder, end_period=END, months=MONTHS, population_csv=POPULATION_CSV)
    return files.participation, generate_people_files(
        folder / "people", participation=files.participation, end_period=END
    )


@pytest.fixture(scope="module")
def rows(demo: tuple[Path, PeopleFiles]) -> list[dict[str, str | None]]:
    return pq.read_table(demo[1].participants).to_pylist()


def test_the_people_of_each_regency_add_up_to_the_demo_s_participation_figures(
    demo: tuple[Path, PeopleFiles], rows: list[dict[str, str | None]]
) -> None:
    participation, files = demo
    assert files.months[-1] == END and len(files.months) == MONTHS
    counted = Counter((str(r["region_code"])[:5], r["period"], r["segment"], r["status"]) for r in rows)
    with participation.open(encoding="utf-8") as handle:
        expected = {
            (r["region_code"], r["period"], r["segment"], r["status"]): int(r["participants"])
            for r in csv.DictReader(handle)
            if r["region_code"] in REGENCIES and r["period"] in files.months
        }
    assert {k: v for k, v in expected.items() if v} == dict(counted)


def test_a_person_is_in_a_month_s_file_once_in_a_village_under_a_keyed_hash(
    rows: list[dict[str, str | None]],
) -> None:
    assert len({(r["nik_hash"], r["period"]) for r in rows}) == len(rows)
    assert all(re.fullmatch(r"[0-9a-f]{64}", str(r["nik_hash"])) for r in rows)
    assert all(len(str(r["region_code"])) == 13 for r in rows)
    others = [v for r in rows[:5000] for k, v in r.items() if k != "nik_hash"]
    assert not any(re.search(r"\d{16}", str(v)) for v in others)


def test_village_budgets_pay_a_hundred_or_so_workers_who_are_active(
    rows: list[dict[str, str | None]],
) -> None:
    last = [r for r in rows if r["period"] == END and r["funded_by"] == "APBDES"]
    active = Counter(r["region_code"] for r in last if r["status"] == "active")
    assert sum(1 for n in active.values() if n >= 100) >= 4  # villages that reached 100
    assert all(r["segment"] == "BPU" for r in last)


def test_the_regency_budget_ends_in_the_first_month_and_some_keep_paying_for_themselves(
    demo: tuple[Path, PeopleFiles], rows: list[dict[str, str | None]]
) -> None:
    first, second = demo[1].months[:2]
    funded = {r["nik_hash"] for r in rows if r["period"] == first and r["funded_by"] == "APBD_KABKOTA"}
    assert len(funded) > 300
    after = [r for r in rows if r["period"] == second and r["nik_hash"] in funded]
    assert not any(r["funded_by"] == "APBD_KABKOTA" for r in after)
    kept = sum(1 for r in after if r["status"] == "active")
    assert 0.3 * len(funded) < kept < 0.7 * len(funded)
    lapsed = [r for r in after if r["status"] == "inactive"]
    assert lapsed and all(r["last_paid_period"] == first and r["funded_by"] is None for r in lapsed)


def test_active_participants_paid_in_the_month_and_every_file_has_the_v2_columns(
    rows: list[dict[str, str | None]],
) -> None:
    assert all(r["last_paid_period"] == r["period"] for r in rows if r["status"] == "active")
    assert all(str(r["registered_period"]) <= str(r["period"]) for r in rows)
    assert {r["funded_by"] for r in rows} >= {"SELF", "EMPLOYER", *BUDGET[1:4]}
    assert {str(r["kbli"])[:1] for r in rows if r["kbli"]} >= {"A", "C", "F", "G"}


def test_the_funding_records_say_when_each_budget_starts(demo: tuple[Path, PeopleFiles]) -> None:
    with demo[1].funding.open(encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    assert {r["funder"] for r in records} == {"APBD_KABKOTA", "APBDES", "CSR"}
    assert all(re.fullmatch(r"\d{4}-\d{2}", r["start_period"]) for r in records)
    assert all(len(r["region_code"]) == 13 for r in records if r["funder"] == "APBDES")


def test_the_poverty_list_holds_participants_and_others_with_decile_age_and_work(
    demo: tuple[Path, PeopleFiles], rows: list[dict[str, str | None]]
) -> None:
    with demo[1].poverty.open(encoding="utf-8") as handle:
        listed = list(csv.DictReader(handle))
    people = {r["nik_hash"] for r in rows if r["period"] == END}
    matched = sum(1 for r in listed if r["nik_hash"] in people)
    assert 0.3 * len(listed) < matched < 0.7 * len(listed)
    assert {r["desil"] for r in listed} == {str(d) for d in range(1, 11)}
    assert {r["working"] for r in listed} == {"ya", "tidak"}


def test_the_same_arguments_give_the_same_files(demo: tuple[Path, PeopleFiles], tmp_path: Path) -> None:
    participation, files = demo
    again = generate_people_files(tmp_path, participation=participation, end_period=END)
    for first, second in ((files.participants, again.participants), (files.funding, again.funding)):
        assert first.read_bytes() == second.read_bytes()
    assert files.poverty.read_bytes() == again.poverty.read_bytes()
