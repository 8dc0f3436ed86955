from __future__ import annotations

from pathlib import Path

import pytest

from cakupan.analytics.engine import EngineConfig
from cakupan.analytics.rollup import rollup_run, single_period
from cakupan.analytics.tests.conftest import HEADER, KEY, keyed, person, write_csv, write_parquet

VILLAGE_1 = "53.71.01.1001"
VILLAGE_2 = "53.71.01.1002"
VILLAGE_3 = "53.71.02.1001"  # another district of the same city

TINY = [
    (keyed(person(1)), VILLAGE_1, "2024-06", "PU", "active", "JKK;JKM;JHT;JP"),
    (keyed(person(2)), "5371011001", "2024-06", "ppu", "aktif", "JKK;JKM"),  # undotted, aliases
    (keyed(person(3)), VILLAGE_2, "2024-06", "BPU", "active", "JKK;JKM"),
    (keyed(person(4)), VILLAGE_2, "2024-06", "BPU", "nonaktif", "JKK"),
    (keyed(person(5)), VILLAGE_3, "2024-06", "JAKON", "active", "JKK,JKM"),
    (keyed(person(6)), "53.71", "2024-06", "PMI", "inactive", None),  # known only at regency level
]


def figures_of(result_figures: list[tuple[str, str, str, str, int]], code: str) -> dict[str, int]:
    return {f"{seg}/{status}": n for region, _p, seg, status, n in result_figures if region == code}


def test_it_rolls_participants_up_to_every_level_by_code_prefix(tmp_path: Path, engine: EngineConfig) -> None:
    path = write_parquet(tmp_path / "p.parquet", HEADER, TINY)
    result = rollup_run(path=path, engine=engine, work_dir=tmp_path)
    assert result.ok, result.problems
    assert result.rows == 6
    assert figures_of(result.figures, VILLAGE_1) == {"PU/active": 2}
    assert figures_of(result.figures, VILLAGE_2) == {"BPU/active": 1, "BPU/inactive": 1}
    assert figures_of(result.figures, "53.71.01") == {"PU/active": 2, "BPU/active": 1, "BPU/inactive": 1}
    assert figures_of(result.figures, "53.71.02") == {"JAKON/active": 1}
    expected_city = {"PU/active": 2, "BPU/active": 1, "BPU/inactive": 1, "JAKON/active": 1, "PMI/inactive": 1}
    assert figures_of(result.figures, "53.71") == expected_city
    assert figures_of(result.figures, "53") == expected_city
    assert {f[1] for f in result.figures} == {"2024-06"}


def test_it_counts_participants_per_program_and_status(tmp_path: Path, engine: EngineConfig) -> None:
    path = write_parquet(tmp_path / "p.parquet", HEADER, TINY)
    result = rollup_run(path=path, engine=engine, work_dir=tmp_path)
    city = {f"{prog}/{status}": n for region, _p, prog, status, n in result.programs if region == "53.71"}
    assert city == {"JKK/active": 4, "JKM/active": 4, "JHT/active": 1, "JP/active": 1, "JKK/inactive": 1}
    village = {
        f"{prog}/{status}": n for region, _p, prog, status, n in result.programs if region == VILLAGE_1
    }
    assert village == {"JKK/active": 2, "JKM/active": 2, "JHT/active": 1, "JP/active": 1}


def test_both_engines_give_identical_results_on_a_larger_file(tmp_path: Path) -> None:
    segments = ("PU", "BPU", "JAKON", "PMI")
    statuses = ("active", "inactive", "aktif")
    codes = (VILLAGE_1, VILLAGE_2, VILLAGE_3, "5371021002", "53.01", "53.71.01")
    programs = ("JKK;JKM", "JKK;JKM;JHT;JP", None, "JKK")
    rows = [
        (
            keyed(person(i)),
            codes[i % 6],
            ("2024-05", "2024-06")[i % 2],
            segments[i % 4],
            statuses[i % 3],
            programs[i % 4],
        )
        for i in range(3000)
    ]
    path = write_parquet(tmp_path / "p.parquet", HEADER, rows)
    duck = rollup_run(path=path, engine=EngineConfig(name="duckdb"), work_dir=tmp_path)
    spark = rollup_run(path=path, engine=EngineConfig(name="spark"), work_dir=tmp_path)
    assert duck.ok and spark.ok
    assert duck.figures == spark.figures
    assert duck.programs == spark.programs
    assert sum(n for region, *_rest, n in duck.figures if region == "53") == 3000
    assert sum(n for region, *_rest, n in duck.figures if region == "53.71") == 3000 - 500  # 53.01 is not


def test_it_reads_csv_with_semicolons_and_indonesian_column_names(tmp_path: Path) -> None:
    header = ("nik_hash", "kode_wilayah", "periode", "segmen", "status_kepesertaan", "program")
    path = write_csv(tmp_path / "p.csv", header, TINY, sep=";")
    result = rollup_run(path=path, work_dir=tmp_path)
    assert result.ok, result.problems
    assert figures_of(result.figures, "53.71.01") == {"PU/active": 2, "BPU/active": 1, "BPU/inactive": 1}


def test_it_reports_every_bad_value_with_file_row_column_and_reason(tmp_path: Path) -> None:
    rows = [
        *TINY,
        (keyed(person(7)), "53.7", "2024-06", "PU", "active", "JKK"),
        (keyed(person(8)), VILLAGE_1, "2024-13", "PU", "active", "JKK"),
        (keyed(person(9)), VILLAGE_1, "2024-06", "ASN", "active", "JKK"),
        (keyed(person(10)), VILLAGE_1, "2024-06", "PU", "pending", "JKK"),
        (keyed(person(11)), VILLAGE_1, "2024-06", "PU", "active", "JKK;BPJS"),
        ("abc", VILLAGE_1, "2024-06", "PU", "active", "JKK"),
    ]
    path = write_csv(tmp_path / "p.csv", HEADER, rows)
    result = rollup_run(path=path, work_dir=tmp_path)
    assert not result.ok and result.figures == []
    found = [(p.file, p.row, p.column, p.value) for p in result.problems]
    assert found == [
        ("p.csv", 8, "region_code", "53.7"),
        ("p.csv", 9, "period", "2024-13"),
        ("p.csv", 10, "segment", "ASN"),
        ("p.csv", 11, "status", "pending"),
        ("p.csv", 12, "programs", "JKK;BPJS"),
        ("p.csv", 13, "nik_hash", ""),  # never shown
    ]
    assert "not one of: PU, BPU, JAKON, PMI" in result.problems[2].reason
    assert result.problems_found == 6


def test_it_numbers_parquet_problems_by_record(tmp_path: Path) -> None:
    path = write_parquet(
        tmp_path / "p.parquet", HEADER, [*TINY, (keyed(person(7)), "99", "2024-06", "PU", "active", "")]
    )
    result = rollup_run(path=path, work_dir=tmp_path, known_codes=lambda codes: codes - {"99"})
    assert [(p.row, p.column, p.value) for p in result.problems] == [(7, "region_code", "99")]
    assert "unknown region code 99" in result.problems[0].reason


def test_it_refuses_a_raw_nik_column_unless_asked_to_pseudonymise(tmp_path: Path) -> None:
    header = ("NIK", "region_code", "period", "segment", "status")
    path = write_csv(tmp_path / "p.csv", header, [(person(1), VILLAGE_1, "2024-06", "PU", "active")])
    result = rollup_run(path=path, work_dir=tmp_path)
    assert [(p.row, p.column) for p in result.problems] == [(1, "NIK")]
    assert "raw NIK column is refused" in result.problems[0].reason
    assert result.figures == []


def test_it_pseudonymises_a_raw_nik_column_with_the_key(tmp_path: Path, engine: EngineConfig) -> None:
    header = ("nik", "region_code", "period", "segment", "status", "programs")
    raw = [(person(i + 1), *row[1:]) for i, row in enumerate(TINY)]
    hashed = rollup_run(
        path=write_parquet(tmp_path / "h.parquet", HEADER, TINY), engine=engine, work_dir=tmp_path
    )
    result = rollup_run(
        path=write_csv(tmp_path / "p.csv", header, raw), engine=engine, key=KEY, work_dir=tmp_path
    )
    assert result.ok and result.pseudonymised
    assert result.figures == hashed.figures


def test_a_malformed_nik_is_reported_without_its_value(tmp_path: Path) -> None:
    header = ("nik", "region_code", "period", "segment", "status")
    rows = [
        (person(1), VILLAGE_1, "2024-06", "PU", "active"),
        ("53710101019", VILLAGE_1, "2024-06", "PU", "active"),
    ]
    result = rollup_run(path=write_csv(tmp_path / "p.csv", header, rows), key=KEY, work_dir=tmp_path)
    assert [(p.row, p.column, p.value) for p in result.problems] == [(3, "nik", "")]
    assert "53710101019" not in repr(result)


@pytest.mark.parametrize(
    ("header", "column"),
    [
        (("region_code", "period", "segment", "status"), "nik_hash"),
        (("nik_hash", "region_code", "period", "segment", "status", "nama"), "nama"),
    ],
)
def test_it_refuses_missing_and_unknown_columns(tmp_path: Path, header: tuple[str, ...], column: str) -> None:
    path = write_csv(tmp_path / "p.csv", header, [tuple("x" for _ in header)])
    result = rollup_run(path=path, work_dir=tmp_path)
    assert [(p.row, p.column) for p in result.problems] == [(1, column)]


def test_it_refuses_a_file_that_is_neither_parquet_nor_csv(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    path.write_bytes(b"PK")
    result = rollup_run(path=path, work_dir=tmp_path)
    assert [p.row for p in result.problems] == [0]


def test_a_nik_in_another_column_is_not_shown_in_the_report(tmp_path: Path) -> None:
    rows = [(keyed(person(1)), person(1), "2024-06", "PU", "active", "JKK")]  # a NIK as the region code
    result = rollup_run(path=write_csv(tmp_path / "p.csv", HEADER, rows), work_dir=tmp_path)
    assert [(p.column, p.value) for p in result.problems] == [("region_code", "[16 digits hidden]")]
    assert person(1) not in repr(result.problems)


def test_the_month_of_a_file_of_one_month_is_read_from_its_parquet_statistics(tmp_path: Path) -> None:
    one = write_parquet(tmp_path / "one.parquet", HEADER, TINY)
    assert single_period(str(one), "period") == "2024-06"
    for month in ("2024-05", None):  # another month, or a missing one
        row = (keyed(person(7)), VILLAGE_1, month, "PU", "active", "JKK")
        other = write_parquet(tmp_path / "other.parquet", HEADER, [*TINY, row])
        assert single_period(str(other), "period") is None


@pytest.mark.parametrize("with_column", [False, True])
def test_a_file_without_programs_has_figures_and_no_counts_per_program(
    tmp_path: Path, with_column: bool
) -> None:
    header, rows = (HEADER, [(*row[:-1], None) for row in TINY]) if with_column else (HEADER[:-1], TINY)
    path = write_parquet(tmp_path / "p.parquet", header, rows)
    result = rollup_run(path=path, work_dir=tmp_path)
    assert result.ok, result.problems
    assert figures_of(result.figures, VILLAGE_2) == {"BPU/active": 1, "BPU/inactive": 1}
    assert result.programs == []


def test_long_free_text_without_a_nik_passes_and_a_nik_in_it_is_refused_by_row(tmp_path: Path) -> None:
    # Text of 16 characters or more is what the scan flags; only sixteen digits in a row are a NIK.
    names = ["PT Sumber Makmur Jaya Abadi Sentosa", "NIB 9120001234567", None, "NPP 12345678", None, None]
    rows = [(*row, name) for row, name in zip(TINY, names, strict=True)]
    clean = rollup_run(path=write_parquet(tmp_path / "ok.parquet", (*HEADER, "employer_id"), rows))
    assert clean.ok, clean.problems
    assert figures_of(clean.figures, VILLAGE_1) == {"PU/active": 2}
    rows[3] = (*TINY[3], f"PT Maju, pemilik {person(9)}")
    refused = rollup_run(path=write_parquet(tmp_path / "nik.parquet", (*HEADER, "employer_id"), rows))
    assert [(p.row, p.column) for p in refused.problems] == [(4, "employer_id")]
    assert person(9) not in repr(refused.problems)
    assert refused.figures == []


def test_a_person_counts_once_on_both_engines(tmp_path: Path, engine: EngineConfig) -> None:
    """Records of one hash in a month: active if any is, PU > JAKON > PMI > BPU, in the deciding village;
    identical rows are counted apart from the merged ones; the person store holds each person once."""
    one, two = keyed(person(1)), keyed(person(2))
    rows = [
        (one, VILLAGE_2, "2024-06", "BPU", "active", "JKK"),
        (one, VILLAGE_1, "2024-06", "PU", "inactive", "JKK"),
        (one, VILLAGE_1, "2024-06", "PU", "active", "JKK;JKM"),
        (two, VILLAGE_3, "2024-06", "PMI", "inactive", "JKK"),
        (two, VILLAGE_3, "2024-06", "PMI", "inactive", "JKK"),
        (two, VILLAGE_2, "2024-06", "JAKON", "inactive", "JKK"),
    ]
    path = write_parquet(tmp_path / "p.parquet", HEADER, rows)
    store = tmp_path / "store.parquet"
    result = rollup_run(path=path, engine=engine, work_dir=tmp_path, covers=(), persons_out=store)
    result.persons_written()
    assert result.ok, result.problems
    assert (result.persons, result.merged_records, result.identical_rows) == (2, 4, 1)
    assert figures_of(result.figures, VILLAGE_1) == {"PU/active": 1}
    assert figures_of(result.figures, VILLAGE_2) == {"JAKON/inactive": 1}
    assert figures_of(result.figures, VILLAGE_3) == {}
    import pyarrow.parquet as pq

    people = sorted(
        (r["region_code"], r["segment"], r["status"], r["programs"]) for r in pq.read_table(store).to_pylist()
    )
    assert people == [(VILLAGE_1, "PU", "active", "JKK;JKM"), (VILLAGE_2, "JAKON", "inactive", "JKK")]


def test_records_of_equal_rank_are_decided_by_the_smaller_region_code_on_both_engines(
    tmp_path: Path, engine: EngineConfig
) -> None:
    """The order's last step is the region code: of two records alike in status, segment and programs, the
    one of the smaller code decides where the person counts, and its employer is the one stored."""
    one, two = keyed(person(1)), keyed(person(2))
    rows = [
        (one, VILLAGE_3, "2024-06", "PU", "active", "JKK", "E-3"),
        (one, VILLAGE_1, "2024-06", "PU", "active", "JKK", "E-1"),
        (one, VILLAGE_2, "2024-06", "PU", "active", "JKK", "E-2"),
        (two, VILLAGE_2, "2024-06", "BPU", "active", "JKK", "E-2"),
        (
            two,
            VILLAGE_3,
            "2024-06",
            "PU",
            "inactive",
            "JKK",
            "E-3",
        ),  # inactive: ranked after, whatever its code
    ]
    path = write_parquet(tmp_path / "p.parquet", (*HEADER, "employer_id"), rows)
    store = tmp_path / "store.parquet"
    result = rollup_run(path=path, engine=engine, work_dir=tmp_path, covers=(), persons_out=store)
    result.persons_written()
    assert result.ok, result.problems
    assert figures_of(result.figures, VILLAGE_1) == {"PU/active": 1}
    assert figures_of(result.figures, VILLAGE_2) == {"BPU/active": 1}
    assert figures_of(result.figures, VILLAGE_3) == {}
    import pyarrow.parquet as pq

    people = sorted((r["region_code"], r["employer_id"]) for r in pq.read_table(store).to_pylist())
    assert people == [(VILLAGE_1, "E-1"), (VILLAGE_2, "E-2")]


def test_both_engines_give_the_figures_and_counts_per_program_in_key_order(
    tmp_path: Path, engine: EngineConfig
) -> None:
    # The import writes them in this order without sorting them again (an index's pages filled in turn).
    regions, months = (VILLAGE_3, VILLAGE_1, "53.71", VILLAGE_2), ("2024-06", "2024-05")
    segments, statuses = ("PMI", "PU", "BPU", "JAKON"), ("inactive", "active")
    programs = ("JP;JKK", "JKM", None)

    def pick(i: int) -> tuple[str, str, str | None]:
        return segments[i // 8 % 4], statuses[i // 32 % 2], programs[i % 3]

    rows = [(keyed(person(i)), regions[i % 4], months[i // 4 % 2], *pick(i)) for i in range(200)]
    path = write_parquet(tmp_path / "p.parquet", HEADER, rows)
    result = rollup_run(path=path, engine=engine, work_dir=tmp_path)
    assert result.ok and result.figures_table is not None and result.programs_table is not None
    for table in (result.figures_table, result.programs_table):
        keys = list(zip(*(table.column(i).to_pylist() for i in range(4)), strict=True))
        assert len(keys) > 20 and keys == sorted(keys)
