"""The seven golden cases of partial reporting (issue 15 §1), end to end: imported figures, the rollup,
the library. The issue's province with three regencies is here Kota Sabang (11.72) with its three
districts: the rule does not depend on the level, and no province has exactly three regencies."""

from __future__ import annotations

import json
from collections.abc import Mapping
from fractions import Fraction

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.core.rounding import round2
from cakupan.indicators import library
from cakupan.indicators.library import RegionIndicators
from cakupan.indicators.rollup import comparable, rollup
from cakupan.indicators.serialise import indicators_dict
from cakupan.indicators.words import unmeasured_text
from cakupan.regions.master import iter_master
from cakupan.regions.models import Region
from tests.personas import (
    PARTICIPATION_HEADER,
    WORKFORCE_HEADER,
    csv_bytes,
    load,
    participation_rows,
)

PARENT = "11.72"
R1, R2, R3 = "11.72.01", "11.72.02", "11.72.03"


@pytest.fixture
def districts(db: None) -> None:
    """The seeded master stops at regencies outside 53.71: add Sabang's three districts."""
    Region.objects.bulk_create(
        [
            Region(code=m.code, name=m.name, level=m.level, kind=m.kind, parent_id=m.parent)
            for m in iter_master()
            if m.parent == PARENT
        ],
        ignore_conflicts=True,
    )
    assert Region.objects.filter(parent_id=PARENT).count() == 3


golden = pytest.mark.usefixtures("districts")


def _workforce(*rows: tuple[str, str, int]) -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [(c, p, "total", n, "Sakernas") for c, p, n in rows]))


def _participants(*rows: tuple[str, str, int]) -> None:
    found: list[tuple[object, ...]] = []
    for code, period, active in rows:
        found += participation_rows(code, period, {"PU": active})
    load("participation", csv_bytes(PARTICIPATION_HEADER, found))


def _get(code: str, period: str = "2024-06") -> RegionIndicators:
    found = library.region_indicators(code, period)
    assert found is not None
    return found


def _shown(value: Fraction | None) -> str | None:
    rounded = round2(value)
    return None if rounded is None else str(rounded)


@golden
def test_1_a_regency_with_workforce_and_no_participants_stays_out_of_the_denominator() -> None:
    _workforce((R1, "2024-06", 1000), (R2, "2024-06", 1000), (R3, "2024-06", 2000))
    _participants((R1, "2024-06", 300), (R2, "2024-06", 200))
    ind = _get(PARENT)
    assert _shown(ind.coverage_rate) == "25.00"  # today's rule gave 500 / 4,000 = 12.50 %
    assert (ind.active, ind.workers) == (500, 2000)
    assert (ind.children_reporting, ind.children_total) == (2, 3)
    assert (ind.leaves_reporting, ind.leaves_total) == (2, 3)
    assert _shown(ind.measured_workforce_share) == "50.00"
    assert ind.incomplete is False and ind.ranked


@golden
def test_2_a_supplied_workforce_meets_participants_from_every_child() -> None:
    _workforce((PARENT, "2024-06", 5000))
    _participants((R1, "2024-06", 300), (R2, "2024-06", 200), (R3, "2024-06", 500))
    ind = _get(PARENT)
    assert _shown(ind.coverage_rate) == "20.00"
    assert _shown(ind.measured_workforce_share) == "100.00"
    assert (ind.children_reporting, ind.children_total) == (3, 3)


@golden
def test_3_a_supplied_workforce_and_participants_from_some_children_give_no_rate_and_say_why() -> None:
    _workforce((PARENT, "2024-06", 5000))
    _participants((R1, "2024-06", 300), (R2, "2024-06", 200))
    ind = _get(PARENT)
    assert ind.coverage_rate is None and ind.active is None and ind.workers is None
    assert ind.active_all == 500
    assert ind.unmeasured == {"kind": "partial_participants", "reporting": 2, "total": 3}
    with translation.override("en"):
        assert unmeasured_text(ind.unmeasured) == (
            "Participants from 2 of 3 sub-regions; not comparable with the region's workforce."
        )
    assert indicators_dict(ind)["coverage_missing"]["kind"] == "partial_participants"


@golden
def test_4_a_supplied_parent_with_children_missing_says_children_incomplete_and_no_mismatch() -> None:
    _workforce((PARENT, "2024-06", 5000), (R1, "2024-06", 1000), (R2, "2024-06", 1000))
    _participants((PARENT, "2024-06", 1100), (R1, "2024-06", 300), (R2, "2024-06", 200))
    ind = _get(PARENT)
    assert _shown(ind.coverage_rate) == "22.00"
    assert _shown(ind.measured_workforce_share) == "100.00"
    kinds = [w["kind"] for w in ind.warnings]
    assert "children_incomplete" in kinds and "parent_mismatch" not in kinds


@golden
def test_5_the_change_on_the_month_compares_the_regencies_measured_in_both_months() -> None:
    _workforce((R1, "2024-05", 1000), (R2, "2024-05", 1000), (R3, "2024-05", 500))
    _participants((R1, "2024-05", 300), (R2, "2024-05", 200), (R1, "2024-06", 330), (R3, "2024-06", 100))
    assert _shown(_get(PARENT, "2024-05").coverage_rate) == "25.00"
    ind = _get(PARENT)
    assert _shown(ind.coverage_rate) == "28.67"
    assert _shown(ind.change_month_points) == "3.00"  # not +3.67
    assert ind.change_month_basis_regions == 1
    assert ind.change_month_active == 30
    assert indicators_dict(ind)["change_month_basis_regions"] == 1


@golden
def test_6_a_workforce_figure_is_the_denominator_for_24_months_the_month_itself_included() -> None:
    _workforce(("53.01", "2022-06", 1000))
    _participants(*(("53.01", month, 300) for month in ("2024-05", "2024-06")))
    may = _get("53.01", "2024-05")
    june = _get("53.01", "2024-06")
    assert may.measured and _shown(may.coverage_rate) == "30.00"
    assert not june.measured and june.coverage_rate is None
    assert june.unmeasured == {"kind": "no_workforce"}


@golden
def test_7_participants_without_any_workforce_above_them_have_no_rate_but_are_counted() -> None:
    _participants(("53.01", "2024-06", 300))
    ind = _get("53.01")
    assert ind.coverage_rate is None and ind.active is None
    assert (ind.active_all, ind.registered) == (300, 300)
    with translation.override("en"):
        assert unmeasured_text(ind.unmeasured).startswith("No workforce")
    national = _get("00")
    assert national.coverage_rate is None and national.active_all == 300


@golden
def test_a_parent_measured_over_less_than_half_its_workforce_is_incomplete_and_not_ranked() -> None:
    _workforce((R1, "2024-06", 1000), (R2, "2024-06", 1500), (R3, "2024-06", 1000))
    _participants((R1, "2024-06", 100))
    ind = _get(PARENT)
    assert _shown(ind.coverage_rate) == "10.00"  # the partial figure stays, beside its completeness
    assert ind.incomplete and not ind.ranked and ind.band is None
    assert _shown(ind.measured_workforce_share) == "28.57"
    assert {"kind": "incomplete", "share": 28.57, "minimum": 50.0} in ind.warnings
    ranked = {i.region_code: i.rank for i in library.children_ranking("11", "2024-06")}
    assert ranked[PARENT] is None


@golden
def test_coverage_above_100_and_an_old_denominator_are_warned_about() -> None:
    _workforce(("53.01", "2023-01", 100))
    _participants(("53.01", "2024-08", 150))
    ind = _get("53.01", "2024-08")
    assert {"kind": "coverage_above_100", "coverage_rate": 150.0} in ind.warnings
    assert {
        "kind": "old_workforce",
        "workers_period": "2023-01",
        "age_months": 19,
        "limit": 18,
    } in ind.warnings


@golden
def test_the_json_carries_the_v2_keys_of_the_contract() -> None:
    _workforce((R1, "2024-06", 1000), (R2, "2024-06", 1000), (R3, "2024-06", 2000))
    _participants((R1, "2024-06", 300), (R2, "2024-06", 200))
    found = indicators_dict(_get(PARENT))
    assert {
        key: found[key]
        for key in (
            "workforce_source",
            "workers_period",
            "active",
            "active_all",
            "workers",
            "children_reporting",
            "children_total",
            "leaves_reporting",
            "leaves_total",
            "measured_workforce_share",
            "incomplete",
        )
    } == {
        "workforce_source": "Sakernas",
        "workers_period": "2024-06",
        "active": 500,
        "active_all": 500,
        "workers": 2000,
        "children_reporting": 2,
        "children_total": 3,
        "leaves_reporting": 2,
        "leaves_total": 3,
        "measured_workforce_share": 50.0,
        "incomplete": False,
    }
    assert found["warnings"] == []


# --- Random partial-reporting trees against the rule written out plainly ---------------------------------

Tree = dict[str, list[str]]  # parent → every child in the "master"


@st.composite
def trees(draw: st.DrawFn) -> Tree:
    """National → one province → 1–3 regencies → 0–3 districts each."""
    tree: Tree = {"00": ["53"], "53": []}
    for r in range(1, draw(st.integers(1, 3)) + 1):
        regency = f"53.0{r}"
        tree["53"].append(regency)
        tree[regency] = [f"{regency}.0{d}" for d in range(1, draw(st.integers(0, 3)) + 1)]
    return tree


def _nodes(tree: Tree) -> list[str]:
    return sorted({*tree, *(c for kids in tree.values() for c in kids)})


@st.composite
def months(draw: st.DrawFn, tree: Tree) -> tuple[dict[str, int], dict[str, int]]:
    """Random regions at random levels supplying participants and/or workforce."""
    nodes = [n for n in _nodes(tree) if n != "00"]
    participants = draw(st.dictionaries(st.sampled_from(nodes), st.integers(0, 1000)))
    workforce = draw(st.dictionaries(st.sampled_from(nodes), st.integers(1, 2000)))
    return participants, workforce


def _plain_total(tree: Tree, supplied: Mapping[str, int], node: str) -> int | None:
    """Everything under a node: its own figure, else the sum of its children's (None if nothing)."""
    if node in supplied:
        return supplied[node]
    found = [_plain_total(tree, supplied, kid) for kid in tree.get(node, [])]
    known = [n for n in found if n is not None]
    return sum(known) if known else None


def _plain_footprint(
    tree: Tree, participants: Mapping[str, int], workforce: Mapping[str, int], node: str
) -> dict[str, tuple[int, int]]:
    """The rule of issue 15 §1 as it reads: the leaves a node's coverage is measured over."""
    kids = tree.get(node, [])
    kids_participants = [_plain_total(tree, participants, kid) for kid in kids]
    kids_workforce = [_plain_total(tree, workforce, kid) for kid in kids]
    if node in participants and node in workforce:
        return {node: (participants[node], workforce[node])}
    if node in workforce and kids and all(p is not None for p in kids_participants):
        return {node: (sum(p for p in kids_participants if p is not None), workforce[node])}
    if node in participants and kids and all(w is not None for w in kids_workforce):
        return {node: (participants[node], sum(w for w in kids_workforce if w is not None))}
    leaves: dict[str, tuple[int, int]] = {}
    for kid in kids:
        leaves.update(_plain_footprint(tree, participants, workforce, kid))
    return leaves


@settings(deadline=None, max_examples=300)
@given(st.data())
def test_every_region_is_measured_over_the_leaves_the_rule_names(data: st.DataObject) -> None:
    tree = data.draw(trees())
    participants, workforce = data.draw(months(tree))
    out = rollup(
        participation={code: {"active_pu": n} for code, n in participants.items()},
        workforce={code: ({"total": n}, "2024-06") for code, n in workforce.items()},
        simulated=set(),
        children_total={parent: len(kids) for parent, kids in tree.items()},
    )
    for node in _nodes(tree):
        expected = _plain_footprint(tree, participants, workforce, node)
        rolled = out.get(node)
        if not expected:
            assert rolled is None or not rolled.measured, node
            continue
        assert rolled is not None and rolled.measured, node
        assert rolled.footprint == expected, node
        # Coverage is the sum of the measured leaves' participants over the sum of their workforce.
        assert rolled.covered_active == sum(a for a, _w in expected.values())
        assert rolled.covered_workers == sum(w for _a, w in expected.values())
        # Every participant still counts in the totals, measured or not; the measured share of the
        # workforce is the leaves' workers over all the workforce under the region.
        assert rolled.participation.get("active_pu") == _plain_total(tree, participants, node)
        assert rolled.workforce.get("total") == _plain_total(tree, workforce, node)


@settings(deadline=None, max_examples=200)
@given(st.data())
def test_a_change_between_two_months_compares_the_leaves_measured_in_both(data: st.DataObject) -> None:
    tree = data.draw(trees())
    before_p, before_w = data.draw(months(tree))
    now_p, now_w = data.draw(months(tree))
    before = rollup(
        participation={code: {"active_pu": n} for code, n in before_p.items()},
        workforce={code: ({"total": n}, "2024-05") for code, n in before_w.items()},
        simulated=set(),
        children_total={parent: len(kids) for parent, kids in tree.items()},
    )
    now = rollup(
        participation={code: {"active_pu": n} for code, n in now_p.items()},
        workforce={code: ({"total": n}, "2024-06") for code, n in now_w.items()},
        simulated=set(),
        children_total={parent: len(kids) for parent, kids in tree.items()},
    )
    for node in _nodes(tree):
        leaves_now = _plain_footprint(tree, now_p, now_w, node)
        leaves_before = _plain_footprint(tree, before_p, before_w, node)
        both = [leaf for leaf in leaves_now if leaf in leaves_before]
        found = (
            comparable(now[node].footprint, before[node].footprint)
            if node in now and node in before and now[node].measured and before[node].measured
            else None
        )
        if not both:
            assert found is None, node
            continue
        assert found is not None, node
        assert found.regions == len(both)
        assert found.rate_now == Fraction(
            sum(leaves_now[leaf][0] for leaf in both) * 100, sum(leaves_now[leaf][1] for leaf in both)
        )
        assert found.rate_before == Fraction(
            sum(leaves_before[leaf][0] for leaf in both) * 100, sum(leaves_before[leaf][1] for leaf in both)
        )
        assert found.same_leaves == (set(leaves_now) == set(leaves_before))


@golden
def test_a_regency_measured_on_its_own_figures_has_no_completeness_of_parts_to_show() -> None:
    _workforce(("53.01", "2024-06", 1000), ("53.02", "2024-06", 1000))
    _participants(("53.01", "2024-06", 300), ("53.02", "2024-06", 100))
    regency = _get("53.01")
    assert regency.children_reporting is None and regency.leaves_total is None
    assert _shown(regency.measured_workforce_share) == "100.00" and not regency.incomplete
    province = _get("53")
    assert (province.children_reporting, province.children_total) == (2, 22)
    assert (province.leaves_reporting, province.leaves_total) == (2, 2)


@golden
def test_the_cli_gives_the_v2_keys_and_lists_what_is_not_ranked(capsys: pytest.CaptureFixture[str]) -> None:
    from cakupan.cli import main

    _workforce((R1, "2024-06", 1000), (R2, "2024-06", 1500), (R3, "2024-06", 1000))
    _participants((R1, "2024-06", 100))
    assert main(["indicators", PARENT, "2024-06", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert (found["incomplete"], found["measured_workforce_share"], found["active_all"]) == (True, 28.57, 100)
    assert [w["kind"] for w in found["warnings"]] == ["incomplete"]
    assert main(["ranking", "11", "2024-06", "--json", "--lang", "en"]) == 0
    ranking = json.loads(capsys.readouterr().out)
    assert PARENT not in [r["region_code"] for r in ranking["regions"]]
    assert {"region_code": PARENT, "reason": "incomplete"}.items() <= next(
        r for r in ranking["not_ranked"] if r["region_code"] == PARENT
    ).items()
    assert main(["indicators", PARENT, "2024-06", "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "10.00% (incomplete)" in text and "! Incomplete: only 28.57% of the workforce is measured" in text
