"""Province B's compliance-capable personas (compliance_b, licensing_b, bpjs_b) on the compliance routes.

The rules of compliance.py give every persona outside their allowed set the denied status; these three
have compliance roles of their own (in B), so some pages open for them (200), and region A's records of
the kinds they may see do not exist for them (404 rather than 403). What they must never get is region
A's employer: its name is forbidden text in every compliance check, for every persona of B.

Applied by the matrix over compliance.py's rules, which state what the personas of province A get.
"""

from __future__ import annotations

from tests.access_rules import Check, hidden_from_b

EMPLOYER_A = "PT Sasando Jaya"
COMPLIANCE_B = ("compliance_b", "licensing_b", "bpjs_b")
NOT_THEIRS = dict.fromkeys(COMPLIANCE_B, 404)

# route → (a piece of the URL the check must contain, or "" for every check of the route; statuses).
EXPECT: dict[str, list[tuple[str, dict[str, int]]]] = {
    "compliance:index": [("", dict.fromkeys(COMPLIANCE_B, 200))],
    # The licence check opens for them and says nothing of an employer outside their regions.
    "compliance:licensing": [("", dict.fromkeys(COMPLIANCE_B, 200))],
    "compliance:import-upload": [("", {"compliance_b": 200, "bpjs_b": 200})],
    "compliance:import": [("", NOT_THEIRS)],
    "compliance:employer-edit": [("", NOT_THEIRS)],
    "compliance:case-open": [("", NOT_THEIRS)],
    "compliance:position-edit": [("", NOT_THEIRS)],
    "compliance:case-step": [("", NOT_THEIRS)],
    "compliance:candidates": [("/52/", {"compliance_b": 200})],
    "api:employer_licensing": [("", NOT_THEIRS)],
}


def apply(table: dict[str, list[Check]]) -> None:
    for route, checks in table.items():
        if not route.startswith(("compliance:", "api:employer", "api:region_c", "api:employers")):
            continue
        for check in checks:
            for piece, statuses in EXPECT.get(route, []):
                if piece in check.url:
                    check.expect.update(statuses)
            check.forbidden_text = {**hidden_from_b(EMPLOYER_A), **check.forbidden_text}
