"""Reading the dated configuration as of a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.core.exceptions import ImproperlyConfigured

from cakupan.indicators.models import Parameter


@dataclass(frozen=True)
class Params:
    as_of: date
    ucj_target_pct: Fraction
    bpu_jkk_min_idr: int
    bpu_jkm_idr: int
    projection_window_months: int
    workforce_max_age_months: int

    @property
    def bpu_min_monthly_idr(self) -> int:
        """The minimum BPU package (JKK + JKM) that a budget pays per vulnerable worker per month."""
        return self.bpu_jkk_min_idr + self.bpu_jkm_idr


def params_at(day: date) -> Params:
    """The value of every parameter valid on `day`; fails loudly when one has no valid row."""
    values: dict[str, Fraction] = {}
    rows = Parameter.objects.filter(valid_from__lte=day).order_by("key", "valid_from")
    for row in rows:
        if row.valid_to is None or row.valid_to >= day:
            values[row.key] = Fraction(row.value)
    missing = [key for key in Parameter.Key.values if key not in values]
    if missing:
        raise ImproperlyConfigured(f"No parameter valid on {day.isoformat()} for: {', '.join(missing)}")
    return Params(
        as_of=day,
        ucj_target_pct=values["ucj_target_pct"],
        bpu_jkk_min_idr=int(values["bpu_jkk_min_idr"]),
        bpu_jkm_idr=int(values["bpu_jkm_idr"]),
        projection_window_months=int(values["projection_window_months"]),
        workforce_max_age_months=int(values["workforce_max_age_months"]),
    )
