"""Writing vulnerable-worker funding and the budget lines: keyword-only services, each in a transaction,
checking the writer's role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from cakupan.common.dated import value_on
from cakupan.indicators import library
from cakupan.monev.models import (
    MonevParameter,
)


@dataclass(frozen=True)
class FundingCheck:
    """The amount of a funding row against workers × months × the minimum BPU contribution (JKK + JKM)
    valid on 1 January of its year."""

    expected_idr: int
    monthly_idr: int
    difference_idr: int
    tolerance_pct: Fraction
    agrees: bool
    as_of: date


def funding_check(*, workers: int, months: int, amount_idr: int, year: int) -> FundingCheck:
    as_of = date(year, 1, 1)
    budget = library.contribution_budget(workers=workers, months=months, as_of=as_of)
    tolerance = Fraction(value_on(MonevParameter, MonevParameter.Key.FUNDING_TOLERANCE_PCT, day=as_of).value)
    difference = amount_idr - budget.total_idr
    allowed = Fraction(budget.total_idr) * tolerance / 100
    return FundingCheck(
        expected_idr=budget.total_idr,
        monthly_idr=budget.monthly_idr,
        difference_idr=difference,
        tolerance_pct=tolerance,
        agrees=abs(difference) <= allowed,
        as_of=as_of,
    )
