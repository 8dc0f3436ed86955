"""Adding an indicator field (docs/architecture.md): one `fact(...)` line in `RegionIndicators`
(cakupan/indicators/library.py) and its value where `_indicators` builds it. A test app cannot edit the
library, so it declares the line on a subclass: the JSON, the CSV columns and the API schema follow from the
declaration alone, as they do for the fields of the library."""

from __future__ import annotations

from fractions import Fraction

from cakupan.indicators.fields import RATE, fact, indicators
from cakupan.indicators.library import RegionIndicators


@indicators
class WithVisits(RegionIndicators):
    visits_per_100_workers: Fraction | None = fact(
        RATE, "Outreach visits per 100 workers of the coverage footprint", default=None
    )
