from __future__ import annotations

from pathlib import Path

from cakupan.analytics.engine import EngineConfig
from cakupan.analytics.matching import match_run
from cakupan.analytics.tests.conftest import HEADER, KEY, keyed, person, write_csv, write_parquet

VILLAGE = "53.71.01.1001"
PARTICIPANTS = [
    (keyed(person(1)), VILLAGE, "2024-06", "PU", "active", "JKK"),
    (keyed(person(2)), VILLAGE, "2024-06", "BPU", " AkTif ", "JKK"),  # read as the import reads it
    (keyed(person(3)), VILLAGE, "2024-06", "PU", "inactive", "JKK"),  # registered, not paying
    (keyed(person(4)), VILLAGE, "2024-05", "PU", "active", "JKK"),  # an earlier month only
    (keyed(person(1)), VILLAGE, "2024-05", "PU", "active", "JKK"),
]
LIST_HEADER = ("nik_hash", "region_code", "agency", "category")
LIST = [
    (keyed(person(1)), "5371", "Dinas Pendidikan", "non-ASN"),
    (keyed(person(2)), "53.71", "Dinas Pendidikan", "non-ASN"),
    (keyed(person(3)), "53.71", "Dinas Pendidikan", "non-ASN"),
    (keyed(person(4)), "53.71", "Dinas Kesehatan", "non-ASN"),
    (keyed(person(5)), "53.71", "Dinas Kesehatan", ""),  # never registered
]


def test_it_counts_list_members_who_are_active_by_region_agency_and_segment(
    tmp_path: Path, engine: EngineConfig
) -> None:
    people = write_parquet(tmp_path / "p.parquet", HEADER, PARTICIPANTS)
    listed = write_csv(tmp_path / "list.csv", LIST_HEADER, LIST)
    result = match_run(participants_path=people, list_path=listed, engine=engine, work_dir=tmp_path)
    assert result.ok, result.problems
    assert result.period == "2024-06"  # the latest month by default
    assert result.cells == [
        ("53.71", "Dinas Kesehatan", "", None, 1),
        ("53.71", "Dinas Kesehatan", "non-ASN", None, 1),
        ("53.71", "Dinas Pendidikan", "non-ASN", None, 1),
        ("53.71", "Dinas Pendidikan", "non-ASN", "BPU", 1),
        ("53.71", "Dinas Pendidikan", "non-ASN", "PU", 1),
    ]
    assert result.listed == 5 and result.matched == 2


def test_it_matches_against_the_month_asked_for(tmp_path: Path) -> None:
    people = write_parquet(tmp_path / "p.parquet", HEADER, PARTICIPANTS)
    listed = write_csv(tmp_path / "list.csv", LIST_HEADER, LIST)
    result = match_run(participants_path=people, list_path=listed, period="2024-05", work_dir=tmp_path)
    assert result.matched == 2  # persons 1 and 4 were active in May


def test_it_gives_each_member_with_the_segment_they_are_active_in(
    tmp_path: Path, engine: EngineConfig
) -> None:
    people = write_parquet(tmp_path / "p.parquet", HEADER, PARTICIPANTS)
    listed = write_csv(tmp_path / "list.csv", LIST_HEADER, LIST)
    result = match_run(
        participants_path=people, list_path=listed, engine=engine, work_dir=tmp_path, with_members=True
    )
    segments = {digest: segment for digest, _r, _a, _c, segment in result.members}
    assert segments == {
        keyed(person(1)): "PU",
        keyed(person(2)): "BPU",
        keyed(person(3)): None,
        keyed(person(4)): None,
        keyed(person(5)): None,
    }


def test_a_list_of_raw_niks_is_pseudonymised_with_the_same_key_and_matches(tmp_path: Path) -> None:
    people = write_parquet(tmp_path / "p.parquet", HEADER, PARTICIPANTS)
    raw = [(person(n), "53.71") for n in (1, 2, 9)]
    listed = write_csv(tmp_path / "list.csv", ("NIK", "region_code"), raw)
    refused = match_run(participants_path=people, list_path=listed, work_dir=tmp_path)
    assert [p.column for p in refused.problems] == ["NIK"]
    result = match_run(participants_path=people, list_path=listed, key=KEY, work_dir=tmp_path)
    assert result.ok and result.pseudonymised
    assert result.cells == [
        ("53.71", "", "", None, 1),
        ("53.71", "", "", "BPU", 1),
        ("53.71", "", "", "PU", 1),
    ]


def test_bad_list_rows_are_reported_and_nothing_is_matched(tmp_path: Path) -> None:
    people = write_parquet(tmp_path / "p.parquet", HEADER, PARTICIPANTS)
    listed = write_csv(
        tmp_path / "list.csv", LIST_HEADER, [*LIST, ("0123", "53.71", "", ""), (keyed("x"), "5", "", "")]
    )
    result = match_run(participants_path=people, list_path=listed, work_dir=tmp_path)
    assert [(p.row, p.column, p.value) for p in result.problems] == [
        (7, "nik_hash", ""),
        (8, "region_code", "5"),
    ]
    assert result.cells == []


def test_a_list_given_in_memory_is_matched_and_regions_outside_its_region_are_refused(tmp_path: Path) -> None:
    people = write_parquet(tmp_path / "p.parquet", HEADER, PARTICIPANTS)
    content = f"NIK;kode_wilayah;instansi\n{person(1)};53.71;Dinas A\n{person(2)};52.01;Dinas B\n".encode()
    result = match_run(
        participants_path=people,
        list_path="list.csv",
        list_content=content,
        key=KEY,
        within="53",
        work_dir=tmp_path,
    )
    assert [(p.row, p.column, p.value) for p in result.problems] == [(3, "kode_wilayah", "52.01")]
    assert "outside 53" in result.problems[0].reason
    ok = match_run(
        participants_path=people,
        list_path="list.csv",
        list_content=content,
        key=KEY,
        within="00",
        work_dir=tmp_path,
    )
    assert ok.matched == 2


def test_an_overlong_agency_is_reported_with_its_row(tmp_path: Path) -> None:
    people = write_parquet(tmp_path / "p.parquet", HEADER, PARTICIPANTS)
    rows = [*LIST, (keyed(person(6)), "53.71", "D" * 201, "")]
    result = match_run(participants_path=people, list_path=write_csv(tmp_path / "l.csv", LIST_HEADER, rows))
    assert [(p.row, p.column) for p in result.problems] == [(7, "agency")]
    assert "longer than 200 characters" in result.problems[0].reason


def test_a_nik_in_the_agency_column_is_refused_and_not_shown(tmp_path: Path) -> None:
    people = write_parquet(tmp_path / "p.parquet", HEADER, PARTICIPANTS)
    rows = [*LIST, (keyed(person(6)), "53.71", person(6), "")]
    result = match_run(participants_path=people, list_path=write_csv(tmp_path / "l.csv", LIST_HEADER, rows))
    assert [(p.row, p.column, p.value) for p in result.problems] == [(7, "agency", "[16 digits hidden]")]
    assert person(6) not in repr(result.problems)
