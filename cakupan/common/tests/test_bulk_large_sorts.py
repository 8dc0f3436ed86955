"""The recompute's grouping of every figure of its months gets what large sorts need from the database
(`bulk.large_sorts`): more memory on PostgreSQL, within the transaction only; a helper thread for SQLite's
sorter; and the connection's own setting again afterwards, also when the block fails."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, connections, transaction

from cakupan.common.bulk import SORT_THREADS, SORT_WORK_MEM_MIB, large_sorts
from cakupan.indicators import rollup_sets
from cakupan.indicators.services import rollup_refresh

pytestmark = pytest.mark.django_db

LARGE = f"{SORT_WORK_MEM_MIB}MB" if connection.vendor == "postgresql" else str(SORT_THREADS)


def _setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem" if connection.vendor == "postgresql" else "PRAGMA threads")
        return str(cursor.fetchone()[0])


def test_the_block_sorts_with_more_and_the_connection_has_its_own_after_it() -> None:
    before = _setting()
    with transaction.atomic():
        with large_sorts():
            assert _setting() == LARGE != before
        assert _setting() == before
    assert _setting() == before


def test_a_block_that_fails_leaves_the_connection_its_own_setting() -> None:
    before = _setting()
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic(), large_sorts():
            raise RuntimeError("the query was cancelled")
        assert _setting() == before
    assert _setting() == before


def test_outside_a_transaction_the_connection_has_its_own_after_the_block_even_a_failing_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As outside a transaction (the session's setting, not the transaction's), inside the test's own
    # transaction: a `transactional_db` test would empty the tables the migrations fill for the others.
    before = _setting()
    with monkeypatch.context() as patched:
        patched.setattr(connections["default"], "in_atomic_block", False)
        with large_sorts():
            assert _setting() == LARGE != before
        assert _setting() == before
        with pytest.raises(RuntimeError), large_sorts():
            raise RuntimeError("the query was cancelled")
        assert _setting() == before


def test_the_recompute_reads_the_figures_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = rollup_sets._inputs

    def inputs(*args: Any) -> Any:
        seen.append(_setting())
        return real(*args)

    monkeypatch.setattr(rollup_sets, "_inputs", inputs)
    before = _setting()
    rollup_refresh(months=["2024-06"])
    assert seen == [LARGE] and _setting() == before
