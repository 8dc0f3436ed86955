"""The indicator parameters valid on a day, read through the one reader of dated values
(`cakupan.common.dated`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from cakupan.common.dated import ParameterMissing, values_on, values_on_days
from cakupan.indicators.models import Parameter

__all__ = ["ParameterMissing", "Params"]


@dataclass(frozen=True)
class Params:
    as_of: date
    values: dict[str, Fraction]

    @classmethod
    def of(cls, day: date, rows: dict[str, Parameter]) -> Params:
        return cls(as_of=day, values={key: Fraction(row.value) for key, row in rows.items()})

    @classmethod
    def at(cls, day: date) -> Params:
        """Every parameter valid on `day` (one query). A figure that needs one without a valid row fails
        loudly, naming it, when it asks (`ParameterMissing`), not before."""
        return cls.of(day, values_on(Parameter, day))

    @classmethod
    def at_days(cls, days: Iterable[date]) -> dict[date, Params]:
        """`Params.at` of several days from one reading of the parameters."""
        return {day: cls.of(day, rows) for day, rows in values_on_days(Parameter, days).items()}

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
