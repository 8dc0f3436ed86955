from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cakupan.indicators.rollup import read_warnings, rollup


def _roll(participation=None, workforce=None, children_total=None, simulated=None, complete=None):
    return rollup(
        participation=participation or {},
        workforce=workforce or {},
        simulated=simulated or set(),
        children_total=children_total or {},
        complete=complete or set(),
    )


def test_a_province_is_the_sum_of_its_regencies_and_national_the_sum_of_provinces() -> None:
    out = _roll(
        participation={"53.01": {"active_pu": 10, "inactive_pu": 2}, "53.02": {"active_pu": 5}},
        workforce={"53.01": ({"total": 100}, "2024-02"), "53.02": ({"total": 50}, "2024-02")},
        children_total={"53": 2, "00": 38},
    )
    assert out["53"].participation == {"active_pu": 15, "inactive_pu": 2}
    assert out["53"].workforce == {"total": 150}
    assert out["00"].participation == {"active_pu": 15, "inactive_pu": 2}
    assert out["53"].participation_supplied is False


def test_a_supplied_parent_figure_stands_and_a_mismatch_with_every_child_measured_is_a_warning() -> None:
    out = _roll(
        participation={"53": {"active_pu": 20}, "53.01": {"active_pu": 10}, "53.02": {"active_pu": 5}},
        workforce={"53.01": ({"total": 100}, "2024-02"), "53.02": ({"total": 50}, "2024-02")},
        children_total={"53": 2},
    )
    assert out["53"].participation == {"active_pu": 20}
    assert out["53"].participation_supplied is True
    assert out["53"].warnings == [
        {"kind": "parent_mismatch", "measure": "active_pu", "supplied": 20, "children_sum": 15}
    ]


def test_a_supplied_parent_that_agrees_with_its_children_raises_no_warning() -> None:
    out = _roll(
        participation={"53": {"active_pu": 15}, "53.01": {"active_pu": 10}, "53.02": {"active_pu": 5}},
        children_total={"53": 2},
    )
    assert out["53"].warnings == []


def test_a_sum_over_some_children_says_how_many_report() -> None:
    out = _roll(
        participation={"53.01": {"active_pu": 10}},
        workforce={"53.01": ({"total": 100}, "2024-02")},
        children_total={"53": 22},
    )
    assert (out["53"].children_reporting, out["53"].children_total) == (1, 22)
    assert (out["53"].covered_active, out["53"].covered_workers) == (10, 100)


def test_the_total_workforce_is_formal_plus_informal_when_not_given() -> None:
    out = _roll(workforce={"53": ({"formal": 600, "informal": 1000}, "2024-02")})
    assert out["53"].workforce == {"formal": 600, "informal": 1000, "total": 1600}


def test_workforce_supplied_by_the_province_meets_participation_from_regencies() -> None:
    out = _roll(
        participation={"53.01": {"active_pu": 10}},
        workforce={"53": ({"total": 1000}, "2024-02")},
        children_total={"53": 1},
    )
    assert out["53"].participation == {"active_pu": 10}
    assert out["53"].workforce == {"total": 1000}
    assert out["53"].workers_period == "2024-02"


def test_simulated_figures_mark_every_ancestor_simulated() -> None:
    out = _roll(participation={"53.01": {"active_pu": 1}, "52.01": {"active_pu": 1}}, simulated={"53.01"})
    assert out["53.01"].simulated and out["53"].simulated and out["00"].simulated
    assert not out["52"].simulated


regency = st.sampled_from(["11.01", "11.02", "12.01", "53.01", "53.02", "53.71", "91.01"])


@given(st.dictionaries(regency, st.integers(min_value=0, max_value=10**7), min_size=1))
def test_national_equals_the_sum_of_the_leaves_when_only_leaves_are_supplied(leaves: dict[str, int]) -> None:
    out = _roll(participation={code: {"active_bpu": n} for code, n in leaves.items()})
    assert out["00"].participation["active_bpu"] == sum(leaves.values())
    for province in {code[:2] for code in leaves}:
        expected = sum(n for code, n in leaves.items() if code.startswith(province + "."))
        assert out[province].participation["active_bpu"] == expected


def test_a_footprint_over_workforce_figures_of_different_months_says_so() -> None:
    out = _roll(
        participation={"53.01": {"active_pu": 10}, "53.02": {"active_pu": 5}},
        workforce={"53.01": ({"total": 100}, "2023-08"), "53.02": ({"total": 50}, "2024-02")},
        children_total={"53": 2},
    )
    assert out["53"].covered_periods == ("2023-08", "2024-02")
    assert {"kind": "mixed_workforce_periods", "oldest": "2023-08", "newest": "2024-02"} in out["53"].warnings


def test_a_region_declared_complete_supplies_its_participants_its_absent_parts_counting_0() -> None:
    out = _roll(
        participation={"53.71.01": {"active_pu": 30}},
        workforce={"53.71": ({"total": 1000}, "2024-02")},
        children_total={"53.71": 6},
        complete={"53.71"},
    )
    assert out["53.71"].participation_supplied and out["53.71"].measured
    assert (out["53.71"].covered_active, out["53.71"].covered_workers) == (30, 1000)
    undeclared = _roll(
        participation={"53.71.01": {"active_pu": 30}},
        workforce={"53.71": ({"total": 1000}, "2024-02")},
        children_total={"53.71": 6},
    )
    assert undeclared["53.71"].unmeasured == {"kind": "partial_participants", "reporting": 1, "total": 6}


def test_a_parent_whose_workforce_alone_is_given_there_compares_its_participants_with_every_child() -> None:
    # The demo's Ende: participants at the regency and in every district, the workforce at the regency only.
    agreeing = _roll(
        participation={
            "53.08": {"active_pu": 15},
            "53.08.01": {"active_pu": 10},
            "53.08.02": {"active_pu": 5},
        },
        workforce={"53.08": ({"total": 100}, "2024-02")},
        children_total={"53.08": 2},
    )
    assert agreeing["53.08"].warnings == []
    disagreeing = _roll(
        participation={
            "53.08": {"active_pu": 20},
            "53.08.01": {"active_pu": 10},
            "53.08.02": {"active_pu": 5},
        },
        workforce={"53.08": ({"total": 100}, "2024-02")},
        children_total={"53.08": 2},
    )
    assert disagreeing["53.08"].warnings == [
        {"kind": "parent_mismatch", "measure": "active_pu", "supplied": 20, "children_sum": 15}
    ]


def test_a_region_declared_complete_has_every_childs_participants_and_no_children_incomplete() -> None:
    out = _roll(
        participation={"53.71.01": {"active_pu": 30}},
        workforce={"53.71": ({"total": 1000}, "2024-02")},
        children_total={"53.71": 6},
        complete={"53.71"},
    )
    assert out["53.71"].warnings == []


def test_children_incomplete_counts_the_children_reporting_every_kind_compared() -> None:
    both = _roll(
        participation={"53": {"active_pu": 9}, "53.01": {"active_pu": 1}, "53.02": {"active_pu": 2}},
        workforce={"53": ({"total": 90}, "2024-02"), "53.01": ({"total": 10}, "2024-02")},
        children_total={"53": 3},
    )
    assert both["53"].warnings == [{"kind": "children_incomplete", "reporting": 1, "total": 3}]
    participants_only = _roll(
        participation={"53": {"active_pu": 9}, "53.01": {"active_pu": 1}, "53.02": {"active_pu": 2}},
        workforce={"53": ({"total": 90}, "2024-02")},
        children_total={"53": 3},
    )
    assert participants_only["53"].warnings == [{"kind": "children_incomplete", "reporting": 2, "total": 3}]


def test_stored_warnings_are_read_with_their_keys_in_the_order_the_rollup_writes_them() -> None:
    # PostgreSQL's jsonb gives {"kind", "total", "reporting"} back; SQLite the text as written.
    stored = [{"total": 22, "kind": "children_incomplete", "reporting": 3}]
    found = read_warnings(
        stored,
        period="2024-06",
        months_apart=None,
        rate=None,
        share=None,
        minimum_share=None,
        oldest_workforce="",
        age_limit=None,
    )
    assert [list(w) for w in found] == [["kind", "reporting", "total"]]
