"""Rolling supplied figures up from the lowest level supplied to national. Pure: no database.

A region's figure is the one supplied for it, or else the sum of its children's figures. Where a region
supplies a figure and its children do too, the supplied figure stands and a difference is a data-quality
warning. Participation and workforce roll up independently (a province may supply its Sakernas
workforce while its regencies supply participants).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cakupan.indicators.models import SECTORS, SEGMENTS, STATUSES
from cakupan.regions.codes import level_of, parent_of

PARTICIPATION_KEYS = tuple(f"{status}_{segment.lower()}" for status in STATUSES for segment in SEGMENTS)


@dataclass
class Rolled:
    code: str
    participation: dict[str, int] = field(default_factory=dict)
    workforce: dict[str, int] = field(default_factory=dict)
    workers_period: str = ""
    participation_supplied: bool = False
    children_reporting: int = 0
    children_total: int = 0
    simulated: bool = False
    warnings: list[dict[str, Any]] = field(default_factory=list)


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
) -> dict[str, Rolled]:
    """Effective figures for every supplied region and all its ancestors.

    participation: code → {"active_pu": n, ...} (only keys supplied); workforce: code → ({sector: n}, period);
    simulated: codes whose supplied figures come from simulated data; children_total: code → number of
    children in the region master.
    """
    codes = set(participation) | set(workforce)
    children = _ancestry(codes)
    nodes = codes | set(children)
    out: dict[str, Rolled] = {}
    for code in sorted(nodes, key=level_of, reverse=True):
        node = Rolled(code=code, children_total=children_total.get(code, 0))
        kids = [out[c] for c in children.get(code, ())]
        node.simulated = code in simulated or any(k.simulated for k in kids)
        _roll_participation(node, participation.get(code), kids)
        _roll_workforce(node, workforce.get(code), kids)
        out[code] = node
    return out


def _sum(kids: list[Rolled], attr: str, keys: tuple[str, ...]) -> dict[str, int]:
    total: dict[str, int] = {}
    for kid in kids:
        values: dict[str, int] = getattr(kid, attr)
        for key in keys:
            if key in values:
                total[key] = total.get(key, 0) + values[key]
    return total


def _compare(
    node: Rolled, supplied: Mapping[str, int], summed: dict[str, int], keys: tuple[str, ...]
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


def _roll_participation(node: Rolled, supplied: Mapping[str, int] | None, kids: list[Rolled]) -> None:
    reporting = [k for k in kids if k.participation]
    node.children_reporting = len(reporting)
    summed = _sum(reporting, "participation", PARTICIPATION_KEYS)
    if supplied is not None:
        node.participation = dict(supplied)
        node.participation_supplied = True
        _compare(node, supplied, summed, PARTICIPATION_KEYS)
        return
    node.participation = summed
    if reporting and len(reporting) < node.children_total:
        node.warnings.append(
            {
                "kind": "incomplete_children",
                "measure": "participation",
                "reporting": len(reporting),
                "total": node.children_total,
            }
        )


def _with_total(figures: Mapping[str, int]) -> dict[str, int]:
    """A total derived from formal + informal when only those were given."""
    values = dict(figures)
    if "total" not in values and "formal" in values and "informal" in values:
        values["total"] = values["formal"] + values["informal"]
    return values


def _roll_workforce(node: Rolled, supplied: tuple[Mapping[str, int], str] | None, kids: list[Rolled]) -> None:
    reporting = [k for k in kids if k.workforce]
    summed = _sum(reporting, "workforce", SECTORS)
    if supplied is not None:
        figures, period = supplied
        node.workforce = _with_total(figures)
        node.workers_period = period
        _compare(node, node.workforce, summed, SECTORS)
        return
    node.workforce = summed
    periods = sorted({k.workers_period for k in reporting})
    node.workers_period = periods[-1] if periods else ""
    if len(periods) > 1:
        node.warnings.append({"kind": "mixed_workforce_periods", "oldest": periods[0], "newest": periods[-1]})
    if reporting and len(reporting) < node.children_total:
        node.warnings.append(
            {
                "kind": "incomplete_children",
                "measure": "workforce",
                "reporting": len(reporting),
                "total": node.children_total,
            }
        )
