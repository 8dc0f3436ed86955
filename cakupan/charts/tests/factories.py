from __future__ import annotations

from fractions import Fraction

from cakupan.core import periods
from cakupan.indicators.library import TrendPoint

# The worked example of the data contract: NTT, June 2024, 558,115 of 1,654,526 workers → 33.73 %.
WORKERS = 1_654_526
ACTIVE = 558_115


def point(
    period: str,
    *,
    active: int | None = ACTIVE,
    workers: int | None = WORKERS,
    target: Fraction | None = None,
    segments: dict[str, int | None] | None = None,
) -> TrendPoint:
    rate = None if active is None or workers is None else Fraction(active * 100, workers)
    if segments is None and active is not None:
        pu, bpu, jakon = active * 70 // 100, active * 20 // 100, active * 7 // 100
        segments = {"PU": pu, "BPU": bpu, "JAKON": jakon, "PMI": active - pu - bpu - jakon}
    return TrendPoint(
        period=period,
        workers=workers,
        active=active,
        inactive=None,
        coverage_rate=rate,
        target_rate=target,
        segments_active=segments or {},
    )


def series(end: str, months: int, *, start_active: int = 450_000) -> list[TrendPoint]:
    """`months` points ending at `end` with the worked example in the last one; targets 35 % in the
    years before 2024 and 40 % in 2024."""
    span = periods.span(end, months)
    out = []
    for i, period in enumerate(span):
        active = ACTIVE if i == len(span) - 1 else start_active + i * 3_000
        target = Fraction(40) if periods.year_of(period) >= 2024 else Fraction(35)
        out.append(point(period, active=active, target=target))
    return out
