"""A test that ends inside a request (a streamed response left unread: the test client sends
request_finished only once it is read to its end) leaves no figures version to the next test of its worker:
code outside a request there reads the database's version, not the stale one. Both tests of this file run
on one worker, in this order (conftest.py: a file is one unit)."""

from __future__ import annotations

from cakupan.indicators import library


def test_a_request_left_open_keeps_its_figures_version_until_the_test_ends() -> None:
    library.request_memo_start()
    memo = library._request_memo.get()
    assert memo is not None
    memo["version"] = "0.stale-version"
    assert library.figures_version() == "0.stale-version"


def test_the_next_test_starts_outside_any_request() -> None:
    assert library._request_memo.get() is None
