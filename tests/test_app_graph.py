"""The apps import each other without cycles, so each can be read, tested and replaced from the bottom up."""

from __future__ import annotations

from tests.app_graph import app_graph


def test_the_graph_sees_the_apps_and_their_imports() -> None:
    graph = app_graph()
    assert {"core", "common", "regions", "indicators", "reports"} <= set(graph.edges)
    assert graph.edges["analytics"]["core"] > 0


def test_the_graph_finds_a_cycle_when_there_is_one() -> None:
    graph = app_graph()
    graph.add("core", "reports", in_function=False)
    assert any({"core", "reports"} <= set(group) for group in graph.cycles())


def test_no_two_apps_import_each_other_even_through_others() -> None:
    assert app_graph().cycles() == []


def test_common_imports_only_the_core() -> None:
    assert set(app_graph().edges["common"]) <= {"core"}
