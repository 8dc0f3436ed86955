"""Access rules for the health and readiness endpoints: open to everyone (a load balancer has no account),
and saying nothing about any region."""

from __future__ import annotations

from tests.access_rules import Check, everyone
from tests.personas import Personas


def rules(personas: Personas) -> dict[str, list[Check]]:
    return {
        "ops:alive": [Check("GET", "/sehat/", everyone(200))],
        "ops:ready": [Check("GET", "/siap/", everyone(200))],
    }
