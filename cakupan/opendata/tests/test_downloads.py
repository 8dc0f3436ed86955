from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from cakupan.opendata.config import suppression_k
from cakupan.opendata.downloads import _csv_value, neutralise, suppression_rule


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+62 812", "-1", "@cmd", "\t=1", "\r=1"])
def test_a_text_cell_a_spreadsheet_would_run_gets_a_quote_before_it(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Kota Kupang", "53.71", "", "a=b", "Alak - Kota"])
def test_ordinary_text_is_left_as_it_is(text: str) -> None:
    assert neutralise(text) == text


def test_csv_cells_are_plain_numbers_empty_for_hidden_and_neutralised_text() -> None:
    assert _csv_value(None) == ""
    assert _csv_value(1654526) == "1654526"
    assert _csv_value(33.73) == "33.73" and _csv_value(5.0) == "5.00"
    assert _csv_value("=HYPERLINK(1)") == "'=HYPERLINK(1)"


def test_the_rule_names_the_largest_hidden_count() -> None:
    assert "1" in suppression_rule(10) and "9" in suppression_rule(10)
    assert suppression_rule(1) != suppression_rule(10)


def test_k_is_ten_unless_the_environment_says_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAKUPAN_SUPPRESSION_K", raising=False)
    assert suppression_k() == 10
    monkeypatch.setenv("CAKUPAN_SUPPRESSION_K", "5")
    assert suppression_k() == 5


@pytest.mark.parametrize("raw", ["0", "-3", "ten", "2.5"])
def test_a_k_that_is_not_a_whole_number_of_at_least_one_is_refused(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("CAKUPAN_SUPPRESSION_K", raw)
    with pytest.raises(ImproperlyConfigured, match="CAKUPAN_SUPPRESSION_K"):
        suppression_k()
