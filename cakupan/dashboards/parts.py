"""Parts of the region page that other apps own (issue 22 §6): dashboards sits below them, so it never
imports them; each registers its parts from its own `apps.py` `ready()`.

- `RegionPart`: a template the page includes in a slot ("top": above the breadcrumb; "registers": after
  the sub-regions, before the trend), in the order of `order`, with the context its `context` function
  adds for a reader and the page (`page` and `ind` are there already). A part shows nothing by itself
  when its reader may not see it.
- `landing_register`: where a signed-in user lands instead of the national page (their region, or what
  waits for them): the first registered answer that is not None wins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

Slot = Literal["top", "registers"]
PartContext = Callable[[Any, Any], Mapping[str, object]]  # (user, RegionPage) → context for the template
Landing = Callable[[Any], str | None]  # user → the address to land on, None: the national page


@dataclass(frozen=True)
class RegionPart:
    name: str
    slot: Slot
    order: int
    template: str
    context: PartContext | None = None


_PARTS: dict[str, RegionPart] = {}
_LANDINGS: dict[str, Landing] = {}


def region_part_register(part: RegionPart) -> None:
    """Register (or replace, by name) a part of the region page."""
    _PARTS[part.name] = part


def region_parts() -> list[RegionPart]:
    return sorted(_PARTS.values(), key=lambda part: (part.order, part.name))


def region_parts_context(user: Any, page: Any) -> dict[str, object]:
    """The templates of each slot (`region_parts_top`, `region_parts`) and what the parts add to the
    page's context for this reader."""
    context: dict[str, object] = {}
    slots: dict[Slot, list[str]] = {"top": [], "registers": []}
    for part in region_parts():
        slots[part.slot].append(part.template)
        if part.context is not None:
            context.update(part.context(user, page))
    return {**context, "region_parts_top": slots["top"], "region_parts": slots["registers"]}


def landing_register(name: str, landing: Landing) -> None:
    _LANDINGS[name] = landing


def landing_for(user: Any) -> str | None:
    """Where a signed-in user lands instead of the national page; None: the national page."""
    for landing in _LANDINGS.values():
        target = landing(user)
        if target is not None:
            return target
    return None
