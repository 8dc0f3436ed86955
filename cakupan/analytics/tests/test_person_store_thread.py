"""The person store is written in a thread of its own, while the caller stores the figures: the rollup
returns with the figures, and `persons_written()` waits for the store."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cakupan.analytics import rollup
from cakupan.analytics.engine import EngineConfig
from cakupan.analytics.rollup import rollup_run
from cakupan.analytics.tests.conftest import HEADER, keyed, person, write_parquet

VILLAGE = "53.71.01.1001"


def _file(tmp_path: Path) -> Path:
    rows = [
        (keyed(person(1)), VILLAGE, "2024-06", "PU", "active", "JKK"),
        (keyed(person(2)), VILLAGE, "2024-06", "BPU", "active", "JKK;JKM"),
    ]
    return write_parquet(tmp_path / "p.parquet", HEADER, rows)


def _scratch(work: Path) -> list[Path]:
    return sorted(work.glob("cakupan-rollup-*"))


def test_the_figures_come_back_while_the_store_is_written_in_a_thread_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    release, written_in = threading.Event(), []
    real_write = rollup._write

    def held_write(*args: object) -> None:
        written_in.append(threading.current_thread().name)
        assert release.wait(30)  # held until the figures are back with the caller
        real_write(*args)

    monkeypatch.setattr(rollup, "_write", held_write)
    store = tmp_path / "store.parquet"
    result = rollup_run(path=_file(tmp_path), work_dir=work, covers=(), persons_out=store)
    assert result.ok and len(result.figures) > 0
    assert not store.exists() and _scratch(work)  # the store is being written from the scratch folder
    release.set()
    result.persons_written()
    assert written_in[0].startswith("person-store")
    assert pq.read_table(store).num_rows == 2
    assert _scratch(work) == []  # removed by the thread, before it said it was done


def test_a_store_that_fails_to_write_fails_the_wait_and_leaves_no_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(rollup, "_write", broken)
    work = tmp_path / "work"
    work.mkdir()
    result = rollup_run(path=_file(tmp_path), work_dir=work, covers=(), persons_out=tmp_path / "s.parquet")
    assert result.ok
    with pytest.raises(OSError, match="disk full"):
        result.persons_written()
    result.persons_settled()  # a caller that is failing waits without the error
    assert _scratch(work) == []


def test_without_a_store_nothing_is_left_running(tmp_path: Path, engine: EngineConfig) -> None:
    work = tmp_path / "work"
    work.mkdir()
    result = rollup_run(path=_file(tmp_path), engine=engine, work_dir=work, covers=())
    assert result.ok and result.persons_writing is None
    result.persons_written()
    assert _scratch(work) == []


@pytest.mark.skipif(sys.platform != "linux", reason="a priority of its own for each thread is Linux's")
def test_the_store_is_written_at_a_lower_priority_than_the_caller_storing_the_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On two cores the store's thread took a third of the caller's core while the caller wrote the
    # figures the user waits for (1.5 to 2 s of a 10 M import); yielding, it still has both cores after.
    real_write, priorities = rollup._write, []

    def noted_write(*args: object) -> None:
        priorities.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        real_write(*args)

    monkeypatch.setattr(rollup, "_write", noted_write)
    work = tmp_path / "work"
    work.mkdir()
    result = rollup_run(path=_file(tmp_path), work_dir=work, covers=(), persons_out=tmp_path / "s.parquet")
    result.persons_written()
    caller = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert priorities == [min(caller + rollup.PERSON_STORE_NICENESS, 19)]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == caller  # the caller's is its own
