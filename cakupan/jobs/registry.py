"""Which function does each kind of job. Apps register their handlers in `AppConfig.ready()`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cakupan.regions.scope import RegionScope

if TYPE_CHECKING:
    from cakupan.jobs.runner import JobContext

Handler = Callable[["JobContext"], None]


@dataclass(frozen=True)
class JobKind:
    name: str
    handler: Handler
    label: str  # what the job does, for people (a lazy translation)
    # Whether a finished job's result stays valid for a new request with the same parameters. Kinds
    # whose result depends on the figures put the figures version into their parameters instead.
    reusable: bool = True
    # The parameters in words, for the job's page ("Provinces · June 2024 · PDF").
    describe: Callable[[dict[str, Any]], str] | None = None
    # For a result made from figures that have since changed: where and with what to ask for it again
    # (a form's address and fields); None while the result is current.
    remake: Callable[[dict[str, Any]], tuple[str, dict[str, str]] | None] | None = None
    # The regions whose restricted figures (below the public level) the result holds; None when it holds
    # only what the public pages show. A reader must see all of them to fetch the result.
    holds: Callable[[dict[str, Any]], RegionScope] | None = None


KINDS: dict[str, JobKind] = {}


def job_kind(
    name: str,
    *,
    label: Any,
    reusable: bool = True,
    describe: Callable[[dict[str, Any]], str] | None = None,
    remake: Callable[[dict[str, Any]], tuple[str, dict[str, str]] | None] | None = None,
    holds: Callable[[dict[str, Any]], RegionScope] | None = None,
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        KINDS[name] = JobKind(
            name=name,
            handler=handler,
            label=label,
            reusable=reusable,
            describe=describe,
            remake=remake,
            holds=holds,
        )
        return handler

    return register


def kind_of(name: str) -> JobKind:
    try:
        return KINDS[name]
    except KeyError:
        raise LookupError(f"unknown job kind {name!r}; known: {', '.join(sorted(KINDS))}") from None


def kind_label(name: str) -> str:
    kind = KINDS.get(name)
    return str(kind.label) if kind else name


def job_description(name: str, params: dict[str, Any]) -> str:
    kind = KINDS.get(name)
    return kind.describe(params) if kind is not None and kind.describe is not None else ""


def job_remake(name: str, params: dict[str, Any]) -> tuple[str, dict[str, str]] | None:
    """Where to ask again for a result made from figures that have changed; None while it is current."""
    kind = KINDS.get(name)
    return kind.remake(params) if kind is not None and kind.remake is not None else None
