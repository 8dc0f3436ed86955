"""The rows of the benefits paid as the downloads and the API give them."""

from __future__ import annotations

from cakupan.monev.benefits.models import BenefitFigure
from cakupan.monev.benefits.selectors import RegionBenefits
from cakupan.monev.downloads import Row


def program_label(program: str) -> str:
    """A benefit program in words (JKK, JKM … are their own names; scholarships are not)."""
    return str(BenefitFigure.Program(program).label)


def benefit_program_rows(data: RegionBenefits) -> list[Row]:
    """The programs of the month as the API (`/monev/benefits/{code}`, `programs`) gives them."""
    return [
        {
            "region_code": data.region.code,
            "period": data.period,
            "program": line.program,
            "program_label": program_label(line.program),
            "claims": line.claims,
            "amount_idr": line.amount_idr,
        }
        for line in data.lines
    ]


def benefit_trend_rows(data: RegionBenefits) -> list[Row]:
    return [
        {"region_code": data.region.code, "period": m.period, "claims": m.claims, "amount_idr": m.amount_idr}
        for m in data.trend
    ]
