"""Access rules for what waits for me: every signed-in user sees their own list, the public is sent to
log in, and an overdue follow-up of region A is on A's list and never on B's."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cakupan.monev.tests.helpers import follow_up, meeting
from tests.access_rules import B_PERSONAS, LOGGED_IN, Check, split
from tests.personas import Personas


def rules(personas: Personas) -> dict[str, list[Check]]:
    today = timezone.localdate()
    m = meeting("53", personas.officer_a, held_on=today - timedelta(days=20))
    follow_up(m, personas.officer_a, action="Tugas wilayah A", due_on=today - timedelta(days=2))
    hidden = dict.fromkeys(B_PERSONAS, "Tugas wilayah A")
    return {
        "tasks:mine": [
            Check(
                "GET",
                "/saya/",
                split(set(LOGGED_IN), 200, 200, 302),
                forbidden_text=hidden,
                required_text={"officer_a": "Tugas wilayah A"},
            ),
            Check("GET", "/saya/?bagian=daftar", split(set(LOGGED_IN), 200, 200, 302), forbidden_text=hidden),
        ]
    }
