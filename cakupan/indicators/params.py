"""Reading the dated configuration as of a day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.core.exceptions import ImproperlyConfigured

from cakupan.indicators.models import Parameter


class ParameterMissing(ImproperlyConfigured):
    """No row of the dated configuration covers the day a figure needs it for."""


@dataclass(frozen=True)
class Params:
    as_of: date
    values: dict[str, Fraction]

    def get(self, key: str) -> Fraction:
        try:
            return self.values[key]
        except KeyError:
            raise ParameterMissing(
                f"No value of {key} is valid on {self.as_of.isoformat()}; add one in the administration "
                "(Indicators › Parameters) with its legal basis"
            ) from None

    @property
    def ucj_target_pct(self) -> Fraction:
        return self.get("ucj_target_pct")

    @property
    def bpu_jkk_min_idr(self) -> int:
        return int(self.get("bpu_jkk_min_idr"))

    @property
    def bpu_jkm_idr(self) -> int:
        return int(self.get("bpu_jkm_idr"))

    @property
    def bpu_min_monthly_idr(self) -> int:
        """The minimum BPU package (JKK + JKM) that a budget pays per vulnerable worker per month."""
        return self.bpu_jkk_min_idr + self.bpu_jkm_idr

    @property
    def projection_window_months(self) -> int:
        return int(self.get("projection_window_months"))

    @property
    def workforce_max_age_months(self) -> int:
        return int(self.get("workforce_max_age_months"))

    @property
    def incomplete_below_share_pct(self) -> Fraction | None:
        """None where no minimum is configured: then no rate is called incomplete."""
        return self.values.get("incomplete_below_share_pct")

    @property
    def workforce_warn_age_months(self) -> int | None:
        found = self.values.get("workforce_warn_age_months")
        return None if found is None else int(found)

    def has(self, *keys: str) -> bool:
        return all(key in self.values for key in keys)

    @property
    def band_thresholds(self) -> tuple[Fraction, Fraction, Fraction]:
        """Where 'rendah', 'sedang' and 'tinggi' start; below the first is 'sangat rendah'."""
        return (
            self.get("band_rendah_from_pct"),
            self.get("band_sedang_from_pct"),
            self.get("band_tinggi_from_pct"),
        )


def params_at(day: date) -> Params:
    """Every parameter valid on `day`. A figure that needs one without a valid row fails loudly,
    naming it, when it asks (`ParameterMissing`), not before."""
    values: dict[str, Fraction] = {}
    rows = Parameter.objects.filter(valid_from__lte=day).order_by("key", "valid_from")
    for row in rows:
        if row.valid_to is None or row.valid_to >= day:
            values[row.key] = Fraction(row.value)
    return Params(as_of=day, values=values)


def params_on(days: Iterable[date]) -> dict[date, Params]:
    """`params_at` of several days from one reading of the configuration (the same rows, in the same
    order, so the same values)."""
    rows = list(Parameter.objects.order_by("key", "valid_from"))
    return {day: params_from(rows, day) for day in set(days)}


def params_from(rows: Iterable[Parameter], day: date) -> Params:
    """`params_at(day)` from the configuration's rows already read, in the order of key and valid_from."""
    values: dict[str, Fraction] = {}
    for row in rows:
        if row.valid_from <= day and (row.valid_to is None or row.valid_to >= day):
            values[row.key] = Fraction(row.value)
    return Params(as_of=day, values=values)
