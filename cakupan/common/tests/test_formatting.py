from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from cakupan.common.formatting import fmt_idr, fmt_int, fmt_month, fmt_pct, fmt_points


def test_indonesian_uses_dots_for_thousands_and_a_comma_for_decimals() -> None:
    assert fmt_int(1_654_526) == "1.654.526"
    assert fmt_pct(Fraction(558_115 * 100, 1_654_526)) == "33,73 %"
    assert fmt_points(Decimal("1.5")) == "+1,50 poin"
    assert fmt_idr(2_580_480_000) == "Rp2.580.480.000"
    assert fmt_month("2024-06") == "Juni 2024"


def test_english_uses_commas_for_thousands_and_a_point_for_decimals() -> None:
    assert fmt_int(1_654_526, "en") == "1,654,526"
    assert fmt_pct(Decimal("33.734"), "en") == "33.73%"
    assert fmt_points(Decimal("-0.5"), "en") == "−0.50 pts"
    assert fmt_month("2024-06", "en-gb") == "June 2024"


def test_missing_figures_show_a_dash() -> None:
    assert fmt_int(None) == fmt_pct(None) == fmt_month(None) == "–"


def test_signed_counts_show_the_sign() -> None:
    assert fmt_int(1200, signed=True) == "+1.200"
    assert fmt_int(-1200, signed=True) == "−1.200"
    assert fmt_int(0, signed=True) == "0"
