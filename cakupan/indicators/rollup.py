"""Rolling supplied figures up from the lowest level supplied to national, and deciding what each region's
coverage is measured over (data contract v2, "Partial reporting"; docs/figures.md). Pure: no database.
The recompute (`services.rollup_refresh`) computes the same rule set-based (`rollup_sets.py`); this is
its reference, and `tests/test_rollup_sets.py` holds the two equal.

Two sums travel up. *Every* participant and every workforce figure under a region is summed, as before
(`participation`, `workforce`: what `active_all`, `inactive`, `registered` and the segments count). The
*coverage footprint* is summed only where participants and workforce cover the same regions: a child's
workforce never enters a parent's denominator without its participants. A region is *measured* when
it has a footprint:

- both figures supplied at its level (a region declared complete by a participant file counts as
  supplying its participants) → those figures;
- workforce supplied and participants from every child → the supplied workforce over the children's
  participants (and the converse);
- otherwise the sum over its measured children;
- otherwise it is not measured, with the reason.

The footprint keeps, per *leaf* (the region whose own figures met), its active participants and
workers, so that a change between two months compares the leaves measured in both (`comparable`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from cakupan.core.codes import level_of, parent_of
from cakupan.core.rounding import round2
from cakupan.indicators.models import SECTORS, SEGMENTS, STATUSES

PARTICIPATION_KEYS = tuple(f"{status}_{segment.lower()}" for status in STATUSES for segment in SEGMENTS)
ACTIVE_KEYS = tuple(f"active_{segment.lower()}" for segment in SEGMENTS)


@dataclass
class Rolled:
    code: str
    # Every participant and every workforce figure under the region.
    participation: dict[str, int] = field(default_factory=dict)
    workforce: dict[str, int] = field(default_factory=dict)
    workers_period: str = ""
    participation_supplied: bool = False
    workforce_supplied: bool = False
    declared_complete: bool = False  # a participant file covers it: its absent parts count 0
    children_reporting: int = 0
    children_total: int = 0
    simulated: bool = False
    warnings: list[dict[str, Any]] = field(default_factory=list)
    # The coverage footprint: what the region's rate is measured over.
    measured: bool = False
    covered_participation: dict[str, int] = field(default_factory=dict)
    covered_workforce: dict[str, int] = field(default_factory=dict)
    covered_periods: tuple[str, str] = ("", "")  # oldest and newest workforce month of the footprint
    covered_sources: list[str] = field(default_factory=list)
    leaves_reporting: int = 0
    leaves_total: int = 0
    footprint: dict[str, tuple[int, int]] = field(default_factory=dict)  # leaf → (active, workers)
    unmeasured: dict[str, Any] | None = None  # why there is no rate, when there is none
    # Every workforce month and source under the region (for the converse rule).
    workforce_periods: tuple[str, str] = ("", "")
    workforce_sources: list[str] = field(default_factory=list)

    @property
    def covered_active(self) -> int | None:
        return active_of(self.covered_participation) if self.measured else None

    @property
    def covered_workers(self) -> int | None:
        return self.covered_workforce.get("total") if self.measured else None


def active_of(participation: Mapping[str, int]) -> int | None:
    """Active participants over the segments supplied; None when no active figure is."""
    known = [participation[key] for key in ACTIVE_KEYS if key in participation]
    return sum(known) if known else None


def _has_participants(participation: Mapping[str, int]) -> bool:
    return active_of(participation) is not None


def _has_workforce(workforce: Mapping[str, int]) -> bool:
    return workforce.get("total") is not None


def _ancestry(codes: set[str]) -> dict[str, list[str]]:
    """Every code with its ancestors, mapped parent → children present."""
    children: dict[str, list[str]] = defaultdict(list)
    seen: set[str] = set()
    for code in codes:
        node = code
        while node not in seen:
            seen.add(node)
            parent = parent_of(node)
            if parent is None:
                break
            children[parent].append(node)
            node = parent
    return children


def rollup(
    *,
    participation: Mapping[str, Mapping[str, int]],
    workforce: Mapping[str, tuple[Mapping[str, int], str]],
    simulated: set[str],
    children_total: Mapping[str, int],
    complete: Collection[str] = frozenset(),
    workforce_sources: Mapping[str, str] | None = None,
) -> dict[str, Rolled]:
    """Effective figures for every supplied region and all its ancestors.

    participation: code → {"active_pu": n, ...} (only keys supplied); workforce: code → ({sector: n}, period);
    simulated: codes whose supplied figures come from simulated data; children_total: code → number of
    children in the region master; complete: codes a participant file declared complete (their
    participants are the sum of their parts, absent parts as 0); workforce_sources: code → the source
    named for its workforce figure.
    """
    sources = workforce_sources or {}
    codes = set(participation) | set(workforce) | set(complete)
    children = _ancestry(codes)
    nodes = codes | set(children)
    out: dict[str, Rolled] = {}
    for code in sorted(nodes, key=level_of, reverse=True):
        node = Rolled(
            code=code, children_total=children_total.get(code, 0), declared_complete=code in complete
        )
        kids = [out[c] for c in sorted(children.get(code, ()))]
        node.simulated = code in simulated or any(k.simulated for k in kids)
        _roll_participation(node, participation.get(code), kids)
        _roll_workforce(node, workforce.get(code), kids, sources.get(code, ""))
        _measure(node, kids)
        out[code] = node
    return out


def _sum(dicts: Iterable[Mapping[str, int]], keys: tuple[str, ...]) -> dict[str, int]:
    total: dict[str, int] = {}
    for values in dicts:
        for key in keys:
            if key in values:
                total[key] = total.get(key, 0) + values[key]
    return total


def _sum_workforce(dicts: Sequence[Mapping[str, int]]) -> dict[str, int]:
    """Sectors summed only where every part gives them: a formal total over some parts is no total."""
    return {key: sum(d[key] for d in dicts) for key in SECTORS if dicts and all(key in d for d in dicts)}


def _roll_participation(node: Rolled, supplied: Mapping[str, int] | None, kids: list[Rolled]) -> None:
    summed = _sum((k.participation for k in kids), PARTICIPATION_KEYS)
    if supplied is None and node.declared_complete:
        # Complete: the parts present are all there is; the absent ones count 0.
        supplied = summed or {key: 0 for key in ACTIVE_KEYS}
    if supplied is not None:
        node.participation = dict(supplied)
        node.participation_supplied = True
        return
    node.participation = summed


def _with_total(figures: Mapping[str, int]) -> dict[str, int]:
    """A total derived from formal + informal when only those were given."""
    values = dict(figures)
    if "total" not in values and "formal" in values and "informal" in values:
        values["total"] = values["formal"] + values["informal"]
    return values


def _span(periods: Iterable[str]) -> tuple[str, str]:
    known = sorted(p for p in periods if p)
    return (known[0], known[-1]) if known else ("", "")


def _roll_workforce(
    node: Rolled, supplied: tuple[Mapping[str, int], str] | None, kids: list[Rolled], source: str
) -> None:
    if supplied is not None:
        figures, period = supplied
        node.workforce = _with_total(figures)
        node.workers_period = period
        node.workforce_supplied = True
        node.workforce_periods = (period, period)
        node.workforce_sources = [source] if source else []
        return
    reporting = [k for k in kids if k.workforce]
    node.workforce = _sum((k.workforce for k in reporting), SECTORS)
    node.workforce_periods = _span(p for k in reporting for p in k.workforce_periods)
    node.workers_period = node.workforce_periods[1]
    node.workforce_sources = sorted({s for k in reporting for s in k.workforce_sources})


def _measure(node: Rolled, kids: list[Rolled]) -> None:
    """The coverage footprint of the region, its completeness and the comparisons with its children."""
    total = node.children_total
    measured_kids = [k for k in kids if k.measured]
    with_participants = [k for k in kids if _has_participants(k.participation)]
    with_workforce = [k for k in kids if _has_workforce(k.workforce)]
    own_p = node.participation_supplied and _has_participants(node.participation)
    own_w = node.workforce_supplied and _has_workforce(node.workforce)
    every_p = total > 0 and len(with_participants) >= total
    every_w = total > 0 and len(with_workforce) >= total
    node.children_reporting = len(measured_kids)

    if own_p and own_w:
        _as_leaf(node, node.participation, node.workforce, node.workforce_periods, node.workforce_sources)
        node.leaves_reporting = node.leaves_total = 1
        _compare_with_children(node, kids)
    elif own_w and every_p:
        summed = _sum((k.participation for k in kids), PARTICIPATION_KEYS)
        _as_leaf(node, summed, node.workforce, node.workforce_periods, node.workforce_sources)
        node.leaves_reporting = node.leaves_total = 1
        node.children_reporting = len(with_participants)
        _compare_with_children(node, kids)
    elif own_p and every_w:
        parts = [k.workforce for k in kids]
        _as_leaf(
            node,
            node.participation,
            _sum_workforce(parts),
            _span(p for k in kids for p in k.workforce_periods),
            sorted({s for k in kids for s in k.workforce_sources}),
        )
        node.leaves_reporting = node.leaves_total = sum(max(k.leaves_total, 1) for k in kids)
        node.children_reporting = len(with_workforce)
        _compare_with_children(node, kids)
    else:
        node.leaves_reporting = sum(k.leaves_reporting for k in kids)
        node.leaves_total = sum(k.leaves_total for k in kids)
        if node.leaves_total == 0 and own_w:
            node.leaves_total = 1  # the workforce is supplied here, and nothing below meets it
        if measured_kids:
            node.measured = True
            node.covered_participation = _sum(
                (k.covered_participation for k in measured_kids), PARTICIPATION_KEYS
            )
            node.covered_workforce = _sum_workforce([k.covered_workforce for k in measured_kids])
            node.covered_periods = _span(p for k in measured_kids for p in k.covered_periods)
            node.covered_sources = sorted({s for k in measured_kids for s in k.covered_sources})
            node.footprint = {leaf: n for k in measured_kids for leaf, n in k.footprint.items()}
        else:
            node.unmeasured = _why_unmeasured(node, own_p, own_w, with_participants, with_workforce)
        if own_p or own_w:
            _compare_with_children(node, kids)
    oldest, newest = node.covered_periods
    if node.measured and oldest != newest:
        node.warnings.append({"kind": "mixed_workforce_periods", "oldest": oldest, "newest": newest})


def _as_leaf(
    node: Rolled,
    participation: Mapping[str, int],
    workforce: Mapping[str, int],
    periods: tuple[str, str],
    sources: list[str],
) -> None:
    node.measured = True
    node.covered_participation = dict(participation)
    node.covered_workforce = dict(workforce)
    node.covered_periods = periods
    node.covered_sources = sources
    node.footprint = {node.code: (active_of(participation) or 0, workforce["total"])}


def _why_unmeasured(
    node: Rolled, own_p: bool, own_w: bool, with_participants: list[Rolled], with_workforce: list[Rolled]
) -> dict[str, Any]:
    if not _has_participants(node.participation):
        return {"kind": "no_participants"}
    if not _has_workforce(node.workforce):
        return {"kind": "no_workforce"}
    if own_w and with_participants:
        return {
            "kind": "partial_participants",
            "reporting": len(with_participants),
            "total": node.children_total,
        }
    if own_p and with_workforce:
        return {"kind": "partial_workforce", "reporting": len(with_workforce), "total": node.children_total}
    return {"kind": "no_common_footprint"}


def _compare_with_children(node: Rolled, kids: list[Rolled]) -> None:
    """Each supplied kind (participants, workforce) is compared with its children only when every child
    reports that kind (a region declared complete has every child's participants, absent ones 0). A kind
    no child reports has nothing to compare; one that some children report is "children incomplete",
    counting the children that report every kind compared."""
    total = node.children_total
    with_p = [k for k in kids if _has_participants(k.participation)]
    with_w = [k for k in kids if _has_workforce(k.workforce)]
    compare_p = node.participation_supplied and bool(with_p)
    compare_w = node.workforce_supplied and bool(with_w)
    every_p = node.declared_complete or (total > 0 and len(with_p) >= total)
    every_w = total > 0 and len(with_w) >= total
    if (compare_p and not every_p) or (compare_w and not every_w):
        reporting = [
            k
            for k in kids
            if (not compare_p or _has_participants(k.participation))
            and (not compare_w or _has_workforce(k.workforce))
        ]
        node.warnings.append({"kind": "children_incomplete", "reporting": len(reporting), "total": total})
    if compare_p and every_p:
        summed = _sum((k.participation for k in kids), PARTICIPATION_KEYS)
        _mismatches(node, node.participation, summed, PARTICIPATION_KEYS)
    if compare_w and every_w:
        _mismatches(node, node.workforce, _sum((k.workforce for k in kids), SECTORS), SECTORS)


def _mismatches(
    node: Rolled, supplied: Mapping[str, int], summed: Mapping[str, int], keys: tuple[str, ...]
) -> None:
    for key in keys:
        if key in supplied and key in summed and supplied[key] != summed[key]:
            node.warnings.append(
                {
                    "kind": "parent_mismatch",
                    "measure": key,
                    "supplied": supplied[key],
                    "children_sum": summed[key],
                }
            )


@dataclass(frozen=True)
class Comparison:
    """Two months of a region over the leaves measured in both."""

    rate_now: Fraction | None
    rate_before: Fraction | None
    active_now: int
    active_before: int
    regions: int  # leaves measured in both months
    same_leaves: bool  # True when both months were measured over exactly the same leaves


def comparable(
    now: Mapping[str, tuple[int, int] | list[int]], before: Mapping[str, tuple[int, int] | list[int]]
) -> Comparison | None:
    """The rates of two months over the leaves measured in both; None when they share none."""
    common = sorted(set(now) & set(before))
    if not common:
        return None
    active_now = sum(int(now[leaf][0]) for leaf in common)
    workers_now = sum(int(now[leaf][1]) for leaf in common)
    active_before = sum(int(before[leaf][0]) for leaf in common)
    workers_before = sum(int(before[leaf][1]) for leaf in common)
    return Comparison(
        rate_now=Fraction(active_now * 100, workers_now) if workers_now > 0 else None,
        rate_before=Fraction(active_before * 100, workers_before) if workers_before > 0 else None,
        active_now=active_now,
        active_before=active_before,
        regions=len(common),
        same_leaves=set(now) == set(before),
    )


# The order the rollup writes a warning's keys in; PostgreSQL's jsonb gives them back in an order of its own.
WARNING_KEYS = ("kind", "measure", "supplied", "children_sum", "reporting", "total", "oldest", "newest")


def _as_written(warning: Mapping[str, Any]) -> dict[str, Any]:
    ordered = {key: warning[key] for key in WARNING_KEYS if key in warning}
    return ordered | {key: value for key, value in warning.items() if key not in ordered}


def read_warnings(
    stored: list[dict[str, Any]],
    *,
    period: str,
    months_apart: int | None,
    rate: Fraction | None,
    share: Fraction | None,
    minimum_share: Fraction | None,
    oldest_workforce: str,
    age_limit: int | None,
) -> list[dict[str, Any]]:
    """Every data-quality warning of a region and month: those of the rollup, and those that depend on
    dated configuration (read at the time of reading, so a change of it needs no recomputation).

    months_apart: months between the oldest workforce month of the footprint and the period."""
    found = [_as_written(warning) for warning in stored]
    if rate is not None and rate > 100:
        found.append({"kind": "coverage_above_100", "coverage_rate": _shown(rate)})
    if share is not None and minimum_share is not None and share < minimum_share:
        found.append({"kind": "incomplete", "share": _shown(share), "minimum": _shown(minimum_share)})
    if months_apart is not None and age_limit is not None and months_apart > age_limit:
        found.append(
            {
                "kind": "old_workforce",
                "workers_period": oldest_workforce,
                "age_months": months_apart,
                "limit": age_limit,
            }
        )
    return found


def _shown(value: Fraction) -> float:
    """A percentage in a warning, as the surfaces round it."""
    return float(round2(value) or 0)
