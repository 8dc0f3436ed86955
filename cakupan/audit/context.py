"""Who is writing, and from where: set once per request, command or import, read by every audit record.

A context variable, so it follows the code path that set it (threads and async tasks each see their own)
and `audit_context` blocks nest: an inner block overrides the fields it is given and keeps the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from cakupan.audit.choices import Source


@dataclass(frozen=True)
class AuditContext:
    source: str = Source.SYSTEM
    # A user, or a callable returning one (or None): the web middleware passes `lambda: request.user`, so
    # the session is read only when something is written, and a user set later in the request (API token
    # authentication) is the one recorded.
    actor: Any = None
    actor_label: str = ""
    ip: str | None = None
    batch_id: int | None = None

    def who(self) -> tuple[Any, str]:
        """(the user or None, the name to keep in the log). Anonymous users count as no user."""
        actor = self.actor() if callable(self.actor) else self.actor
        if actor is not None and not getattr(actor, "is_authenticated", False):
            actor = None
        label = self.actor_label or (actor.get_username() if actor is not None else "")
        return actor, label


_DEFAULT = AuditContext()
_CURRENT: ContextVar[AuditContext | None] = ContextVar("cakupan_audit_context", default=None)


def current_context() -> AuditContext:
    return _CURRENT.get() or _DEFAULT


@contextmanager
def audit_context(
    *,
    source: str,
    actor: Any = None,
    actor_label: str = "",
    ip: str | None = None,
    batch_id: int | None = None,
) -> Iterator[AuditContext]:
    """Run the block as `source`; fields not given (None or "") keep the enclosing context's value.

    A new actor without a label is named by its username, not by the enclosing actor's label.
    """
    if source not in Source.values:
        raise ValueError(f"unknown audit source {source!r}")
    outer = current_context()
    changes: dict[str, Any] = {"source": source}
    if actor is not None:
        changes["actor"] = actor
        changes["actor_label"] = actor_label
    elif actor_label:
        changes["actor_label"] = actor_label
    if ip:
        changes["ip"] = ip
    if batch_id is not None:
        changes["batch_id"] = batch_id
    inner = replace(outer, **changes)
    token = _CURRENT.set(inner)
    try:
        yield inner
    finally:
        _CURRENT.reset(token)
