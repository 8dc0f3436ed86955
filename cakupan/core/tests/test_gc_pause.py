from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from cakupan.core.gc_pause import collection_paused


@pytest.fixture(autouse=True)
def _collection_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_collection_is_paused_inside_and_resumed_after() -> None:
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_resumes_after_an_error_too() -> None:
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("a bad row")
    assert gc.isenabled()


def test_a_pause_inside_a_pause_leaves_it_paused_until_the_outer_one_ends() -> None:
    with collection_paused():
        with collection_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_leaves_collection_off_when_it_was_off_before() -> None:
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()


def test_as_a_decorator_each_call_pauses_anew_so_overlapping_calls_resume_collection() -> None:
    """Two threads in the same decorated function: the one that paused collection resumes it, whichever
    ends first (a pause shared between the calls would forget and leave collection off for good)."""
    first_in, second_done = threading.Event(), threading.Event()

    @collection_paused()
    def work(wait_for: threading.Event | None, then: threading.Event | None) -> None:
        if then is not None:
            then.set()
        if wait_for is not None:
            assert wait_for.wait(10)

    outer = threading.Thread(target=work, args=(second_done, first_in))
    outer.start()
    assert first_in.wait(10)
    work(None, None)  # enters while collection is paused by the first call, ends first
    second_done.set()
    outer.join(10)
    assert gc.isenabled()
