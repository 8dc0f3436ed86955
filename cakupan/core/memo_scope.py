"""A memo that lives for a block: a request, or a report made outside one. The memo is a dict in a context
variable; `memo_scope` gives the block an empty one unless an enclosing block (or the request) has one
already, which it then keeps, and removes it after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any


@contextmanager
def memo_scope(memo: ContextVar[Any]) -> Iterator[None]:
    if memo.get() is not None:
        yield
        return
    token = memo.set({})
    try:
        yield
    finally:
        memo.reset(token)
