"""Access rules for the participants routes (pages, parts, downloads, API operations)."""

from __future__ import annotations

from cakupan.common.testing import Personas
from tests.access_rules import Check


def rules(personas: Personas) -> dict[str, list[Check]]:
    return {}
