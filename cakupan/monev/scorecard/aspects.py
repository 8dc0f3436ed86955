"""The aspects of the Monev scorecard, registered by the apps that own what they measure.

An aspect is a key (the `ScorecardWeight.aspect` its weight is configured under), a label, a place among the
columns and a function that scores every region of a tier at once: `compute(context)` returns, per region
code, an `AspectResult` (the value in words, the score 0–100 or None for "no data", the page that is its
evidence and the numbers behind the words). Monev registers its own aspects in `cakupan.monev.scorecard.own`;
compliance registers its cases aspect in `cakupan.compliance.scorecard` (imported by its `apps.py` `ready()`),
so the scorecard never imports an app above it.

To add an aspect: one function under `@scorecard_aspect("key", label=...)` in the owning app's module,
imported from its `ready()`, and a dated weight under that key (configuration: a `ScorecardWeight` row, whose
key the admin form takes from this registry: `weight_choices`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any, TypeVar

from cakupan.regions.models import Region

HUNDRED = Fraction(100)


class Unit:
    """What an aspect's `measured` and `of` count (the API's `unit`)."""

    PERCENT = "percent"  # coverage rate of the target rate
    POINTS = "points"  # coverage points gained of the full-score gain
    INSTRUCTIONS = "instructions"
    WORKER_MONTHS = "worker_months"
    WORKERS = "workers"
    STAFF = "staff"
    CASES = "cases"
    FOLLOW_UPS = "follow_ups"
    MEETINGS = "meetings"


@dataclass(frozen=True)
class AspectResult:
    """One region's aspect: `value` in words and numbers for the page, `score` 0–100 (None: no data, left
    out of the index, not 0), the evidence page, and `measured` of `of` in `unit` for the API."""

    value: str
    score: Fraction | None
    evidence_url: str
    measured: Fraction | int | None = None
    of: Fraction | int | None = None
    unit: str = ""
    amount_idr: int | None = None  # the budget aspect: rupiah of the regional budgets


@dataclass
class AspectContext:
    """What every aspect of one scorecard reads: the tier (`region`'s children) and the year."""

    user: Any
    region: Region  # the parent: national (province tier) or a province (regency tier)
    year: int
    children: list[Region]
    period: str | None  # the latest month of the year with figures, None: none
    _memo: dict[str, Any] = field(default_factory=dict)

    @property
    def codes(self) -> list[str]:
        return [c.code for c in self.children]

    @property
    def year_start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def year_end(self) -> date:
        return date(self.year, 12, 31)

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        """A value several aspects read (the indicator library's figures), computed once per scorecard."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


Compute = Callable[[AspectContext], Mapping[str, AspectResult]]
F = TypeVar("F", bound=Compute)


LAST = 1000  # the place of an aspect registered without one: after monev's and compliance's, by key


@dataclass(frozen=True)
class Aspect:
    key: str
    weight_key: str  # the ScorecardWeight aspect whose dated weight it carries
    compute: Compute
    label: Any = ""  # the column's name (lazy text); the weight key when empty
    order: int = LAST  # the place among the columns

    @property
    def title(self) -> str:
        return str(self.label or self.weight_key)


ASPECTS: dict[str, Aspect] = {}


def scorecard_aspect(
    key: str, *, weight_key: str = "", label: Any = "", order: int = LAST
) -> Callable[[F], F]:
    """Register `compute` as the scorecard aspect `key`, weighted under `weight_key` (else `key`), its
    column named `label` and placed by `order` (then by key)."""

    def register(compute: F) -> F:
        ASPECTS[key] = Aspect(
            key=key, weight_key=weight_key or key, compute=compute, label=label, order=order
        )
        return compute

    return register


def aspect_for_weight(weight_key: str) -> Aspect | None:
    return next((a for a in ASPECTS.values() if a.weight_key == weight_key), None)


def registered() -> list[Aspect]:
    """The registered aspects in the order of their columns."""
    return sorted(ASPECTS.values(), key=lambda a: (a.order, a.weight_key))


def weight_choices() -> list[tuple[str, str]]:
    """The keys a dated weight may be set under: the weight key of every registered aspect, with its label."""
    seen: dict[str, str] = {}
    for aspect in registered():
        seen.setdefault(aspect.weight_key, aspect.title)
    return list(seen.items())


def capped(value: Fraction) -> Fraction:
    """A score between 0 and 100."""
    return max(Fraction(0), min(HUNDRED, value))


def share(part: int, whole: int) -> Fraction | None:
    """`part` of `whole` in percent; None (no data) when there is nothing to count."""
    return Fraction(part, whole) * HUNDRED if whole else None
