from __future__ import annotations

import pytest

from cakupan.core.headers import column_letter, normal_header


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("region_code", "region_code"),
        ("Kode Wilayah", "kode_wilayah"),
        ("\ufeffKODE-WILAYAH ", "kode_wilayah"),
        ("  jumlah  peserta ", "jumlah_peserta"),
        ("Kode. Wilayah", "kode_wilayah"),
        ("", ""),
        (None, ""),
        (2024, "2024"),
    ],
)
def test_it_reduces_a_header_to_one_spelling(written: object, normal: str) -> None:
    assert normal_header(written) == normal


@pytest.mark.parametrize(("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (16383, "XFD")])
def test_it_names_columns_as_a_spreadsheet_does(index: int, letter: str) -> None:
    assert column_letter(index) == letter
