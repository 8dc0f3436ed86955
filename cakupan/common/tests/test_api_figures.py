"""Figures in API answers: a count is an integer (12800, not 12800.0), a rate keeps its two decimals."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from cakupan.common.api_shapes import figure


def test_a_count_stored_with_decimals_is_an_integer() -> None:
    value = figure(Decimal("12800.0000"))
    assert value == 12800 and type(value) is int


def test_a_rate_keeps_two_decimals_and_nothing_stays_nothing() -> None:
    value = figure(Fraction(558_115, 1_654_526) * 100)
    assert value == 33.73 and type(value) is float
    assert figure(None) is None
