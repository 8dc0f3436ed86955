"""The Django face of the value rule table: the same readings as `cakupan.core.values`, with the reasons in
the language of the page, the command line or the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from cakupan.core import values as core
from cakupan.core.cells import PercentCell
from cakupan.imports import values


@pytest.mark.parametrize(
    ("kind", "cell", "read"),
    [
        ("count", "105.120", 105120),
        ("amount", "Rp 4.500.000.000", 4500000000),
        ("percent", PercentCell(0.455), Decimal("45.5")),
        ("percent", "67,28", Decimal("67.28")),
        ("decimal", "1.234,5", Decimal("1234.5")),
    ],
)
def test_it_reads_each_kind_through_the_core_rule_table(kind: str, cell: object, read: object) -> None:
    assert values.parse(kind, cell) == read


def test_the_parsers_the_import_framework_calls_by_name_read_as_the_table_does() -> None:
    assert values.parse_count("1.654.526") == 1654526
    assert values.parse_amount("Rp4.500.000.000,00") == 4500000000
    assert values.parse_percent("45,5 %") == Decimal("45.5")
    assert values.parse_decimal("0,455") == Decimal("0.455")
    assert values.parse_month("Juni 2024", latest="2026-06") == "2024-06"
    assert values.parse_year("2025", latest=2030) == 2025
    assert values.parse_region("5371").code == "53.71"
    assert values.parse_choice("Non Aktif", choices=[("non aktif", "inactive")]) == "inactive"
    assert values.parse_text(" Perwali 12/2024 ", max_length=50) == "Perwali 12/2024"


def test_a_refusal_is_a_value_error_of_both_the_core_and_the_django_kind() -> None:
    with pytest.raises(values.ValueProblem) as caught:
        values.parse_count("1.5")
    assert isinstance(caught.value, core.ValueProblem) and isinstance(caught.value, ValueError)


def test_a_reason_is_given_in_the_active_language_with_its_values_filled_in() -> None:
    with pytest.raises(values.ValueProblem) as caught:
        values.parse_decimal("1.234")
    with translation.override("en"):
        assert str(caught.value).startswith("ambiguous: 1.234 could be a thousands separator")
    with translation.override("id"):
        assert str(caught.value).startswith("ambigu: 1.234 bisa berupa pemisah ribuan")


@pytest.mark.parametrize(
    ("kind", "cell", "indonesian"),
    [
        ("count", "1.5", "bukan bilangan bulat"),
        ("amount", "Rp 1.500,50", "tanpa sen"),
        ("percent", "0,455", "tampak seperti pecahan (0.455); tulis 45.5"),
        ("percent", "120", "120 melebihi 100"),
        ("month", "Juno 2024", "bukan bulan"),
    ],
)
def test_the_new_reasons_of_contract_v2_are_translated_into_indonesian(
    kind: str, cell: object, indonesian: str
) -> None:
    with translation.override("id"):
        with pytest.raises(values.ValueProblem) as caught:
            values.parse(kind, cell, **({"latest": "2026-06"} if kind == "month" else {}))
        assert indonesian in str(caught.value)  # the reason is put into words when it is shown


@pytest.mark.parametrize("text", ["surat NIK 5371014107850003", "NIK 5371 0141 0785 0003"])
def test_free_text_holding_a_nik_is_refused_by_default(text: str) -> None:
    with translation.override("en"), pytest.raises(values.ValueProblem, match="looks like a NIK"):
        values.parse_text(text, max_length=100)
    with translation.override("en"), pytest.raises(values.ValueProblem, match="looks like a NIK"):
        values.parse("text", text, max_length=100)


def test_text_where_a_nik_is_expected_can_lift_the_nik_rule() -> None:
    assert values.parse_text("5371014107850003", max_length=20, forbid=None) == "5371014107850003"


def test_a_datasets_own_reason_already_translated_is_shown_as_it_was_given() -> None:
    with translation.override("id"):
        assert (
            str(values.ValueProblem("program JKN tidak dikenal (100%)")) == "program JKN tidak dikenal (100%)"
        )
