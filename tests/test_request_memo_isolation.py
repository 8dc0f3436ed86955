"""A test that ends inside a request (a streamed response left unread: the test client sends
request_finished only once it is read to its end) leaves no figures version and no dated configuration to
the next test of its worker: code outside a request there reads the database's, not the stale ones. Both
tests of this file run on one worker, in this order (conftest.py: a file is one unit)."""

from __future__ import annotations

from cakupan.common import dated
from cakupan.indicators import library


def test_a_request_left_open_keeps_its_figures_version_until_the_test_ends() -> None:
    library.request_memo_start()
    memo = library._request_memo.get()
    assert memo is not None
    memo["version"] = "0.stale-version"
    assert library.figures_version() == "0.stale-version"
    dated.held_start()
    held = dated._held.get()
    assert held is not None
    held[object] = ["a stale row"]


def test_the_next_test_starts_outside_any_request() -> None:
    assert library._request_memo.get() is None
    assert dated._held.get() is None
