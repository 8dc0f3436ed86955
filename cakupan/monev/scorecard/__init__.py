"""The Monev scorecard: `card` computes it from the aspects registered in `aspects` (monev's in `own`);
its page (`views`), API operation (`api`) and download rows (`downloads`)."""

from cakupan.monev.scorecard.aspects import ASPECTS, AspectContext, AspectResult, Unit, scorecard_aspect
from cakupan.monev.scorecard.card import (
    AspectScore,
    AspectWeight,
    RegionScore,
    Scorecard,
    scorecard,
    weights_at,
)

__all__ = [
    "ASPECTS",
    "AspectContext",
    "AspectResult",
    "AspectScore",
    "AspectWeight",
    "RegionScore",
    "Scorecard",
    "Unit",
    "scorecard",
    "scorecard_aspect",
    "weights_at",
]
