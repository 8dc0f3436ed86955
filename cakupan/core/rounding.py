"""The one display rounding of every surface (pages, API, files, charts, packs): half-up to two decimals,
exact for Fractions as for Decimals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def round2(value: Fraction | Decimal | int | None) -> Decimal | None:
    """Half-up to two decimals, the one display rounding of every surface."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        # Half away from zero, as Decimal's ROUND_HALF_UP does for the other types.
        sign = -1 if value < 0 else 1
        scaled = abs(value) * 100
        floor = scaled.numerator // scaled.denominator
        cents = floor + (1 if scaled - floor >= Fraction(1, 2) else 0)
        return (Decimal(sign * cents) / 100).quantize(Decimal("0.01"))
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
