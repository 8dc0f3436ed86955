"""What the access matrix (tests/test_access_matrix.py) checks, shared by the rule modules of each domain.

Each domain module here exposes `rules(personas) -> dict[route name, list[Check]]`, creating the records
of region A and region B it needs; the matrix merges them and fails on any route without a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PERSONAS = (
    "public",
    "national_admin",
    "national_analyst",
    "officer_a",
    "officer_b",
    "bpjs_officer_a",
    "compliance_a",
    "licensing_a",
    "compliance_b",
    "licensing_b",
    "bpjs_b",
)
LOGGED_IN = PERSONAS[1:]
# Roles of province B only: each must see nothing of region A, with or without HTMX.
B_PERSONAS = ("officer_b", "compliance_b", "licensing_b", "bpjs_b")
# Roles with `view_restricted` for region A (53, or 53.71 for the BPJS branch).
SEES_A_DETAIL = {"national_admin", "national_analyst", "officer_a", "bpjs_officer_a", "compliance_a"}
SEES_A_IMPORTS = {"national_admin", "national_analyst", "officer_a", "bpjs_officer_a"}
CAN_IMPORT = {"national_admin", "national_analyst", "officer_a", "officer_b", "bpjs_officer_a", "bpjs_b"}
CAN_VIEW_IMPORTS = CAN_IMPORT
CAN_IMPORT_PARTICIPATION = {"national_admin", "bpjs_officer_a", "bpjs_b"}
# Province B's personas with `view_restricted` (for their own regions): region A's records of the kind
# they may see do not exist for them (404).
B_RESTRICTED = {"officer_b", "compliance_b", "bpjs_b"}


def hidden_from_b(text: str) -> dict[str, str]:
    """`forbidden_text` for every persona of province B."""
    return dict.fromkeys(B_PERSONAS, text)


@dataclass
class Check:
    method: str
    url: str
    expect: dict[str, int]  # persona → status
    data: Callable[[], dict[str, Any]] | None = None
    forbidden_text: dict[str, str] = field(default_factory=dict)  # persona → text that must not appear
    required_text: dict[str, str] = field(default_factory=dict)  # persona → text that must appear
    json: bool = False  # send `data` as a JSON body (API writes) instead of a form


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


def split(
    allowed: set[str], ok: int, denied: int, public: int, *, others: dict[str, int] | None = None
) -> dict[str, int]:
    result = {p: (ok if p in allowed else denied) for p in LOGGED_IN}
    result["public"] = public
    result.update(others or {})
    return result
