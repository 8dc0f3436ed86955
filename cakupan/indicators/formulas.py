"""Every formula of the data contract, in exact arithmetic. Percentages are Fractions of 100.

No rounding happens here except where a formula itself says so (the ceiling of workers). Display
rounding is `cakupan.core.rounding.round2`, used by every surface.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction


def rate_pct(part: int | None, whole: int | None) -> Fraction | None:
    """part / whole as a percentage; None when it cannot be computed."""
    if part is None or whole is None or whole <= 0:
        return None
    return Fraction(part * 100, whole)


def gap_points(threshold_pct: Fraction, rate: Fraction | None) -> Fraction | None:
    """Points below a threshold, never negative."""
    if rate is None:
        return None
    return max(Fraction(0), threshold_pct - rate)


def workers_to_reach(threshold_pct: Fraction, workers: int | None, active: int | None) -> int | None:
    """max(0, ceil(threshold × workers − active)): the persons still to protect."""
    if workers is None or active is None or workers <= 0:
        return None
    needed = threshold_pct * workers / 100 - active
    return max(0, math.ceil(needed))


def difference(now: Fraction | int | None, before: Fraction | int | None) -> Fraction | None:
    if now is None or before is None:
        return None
    return Fraction(now) - Fraction(before)


def pace_per_month(rates: Sequence[tuple[int, Fraction | None]], *, window: int) -> Fraction | None:
    """Average change per month over the last `window` months: (latest − earliest) / months apart.

    `rates` is (month index, rate) oldest first; the earliest usable point at most `window` months back
    is taken, and at least two months apart are needed.
    """
    known = [(i, r) for i, r in rates if r is not None]
    if len(known) < 2:
        return None
    last_i, last_r = known[-1]
    first = next(((i, r) for i, r in known if last_i - i <= window), None)
    if first is None or last_i - first[0] < 2:
        return None
    return (last_r - first[1]) / (last_i - first[0])


def months_to_reach(gap: Fraction | None, pace: Fraction | None, *, horizon: int = 600) -> int | None:
    """Whole months until the gap closes at the pace; 0 when already there; None when not at this pace."""
    if gap is None:
        return None
    if gap <= 0:
        return 0
    if pace is None or pace <= 0:
        return None
    months = math.ceil(gap / pace)
    return months if months <= horizon else None


def contribution_budget(*, workers: int, months: int, monthly_idr: int) -> int:
    """Whole rupiah for N workers × M months at a monthly contribution."""
    if workers < 0 or months < 0:
        raise ValueError("workers and months must not be negative")
    return workers * months * monthly_idr


def competition_rank(values: Sequence[Fraction | None]) -> list[int | None]:
    """Rank highest first, ties share a rank (1, 2, 2, 4); None stays unranked."""
    ordered = sorted((v for v in values if v is not None), reverse=True)
    first_position: dict[Fraction, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_position.setdefault(value, position)
    return [None if v is None else first_position[v] for v in values]


BANDS = ("sangat_rendah", "rendah", "sedang", "tinggi")


def coverage_band(rate: Fraction | None, thresholds: Sequence[Fraction]) -> str | None:
    """The band of a coverage rate: below the first threshold 'sangat_rendah', then 'rendah', 'sedang',
    and from the last 'tinggi'."""
    if rate is None:
        return None
    return BANDS[sum(1 for start in thresholds if rate >= start)]
