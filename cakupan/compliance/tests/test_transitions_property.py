"""Random walks through the chain by random people: the case only ever moves along an edge of the
chain, by a role that may take that step, and every move leaves exactly one event."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cakupan.compliance.models import Case, Employer
from cakupan.compliance.tests.helpers import load_employers, row
from cakupan.compliance.transitions import STEPS, TransitionRefused, acting_role, case_open, case_transition
from tests.personas import Personas

pytestmark = pytest.mark.django_db
PEOPLE = ("national_admin", "national_analyst", "officer_a", "bpjs_officer_a", "compliance_a", "licensing_a")
_numbers = itertools.count(1)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=st.lists(st.tuples(st.sampled_from(sorted(STEPS)), st.sampled_from(PEOPLE)), max_size=14))
def test_random_walks_follow_the_chain(personas: Personas, moves: list[tuple[str, str]]) -> None:
    key = f"NPP{next(_numbers):05d}"  # the database is shared by the examples: a new employer each time
    load_employers([row(key, registered=30)], name=f"{key}.csv")
    case = case_open(
        employer=Employer.objects.get(key=key), by=personas.compliance_a, note="x", today=date(2026, 1, 5)
    )
    today = date(2026, 1, 5)
    for action, person in moves:
        user = getattr(personas, person)
        step = STEPS[action]
        before = case.status
        events = case.events.count()
        today = max(today, case.next_from or today)
        try:
            case = case_transition(
                case=case,
                action=action,
                by=user,
                note="langkah",
                today=today,
                letter_number="B/1/2026",
                letter_date=today,
            )
        except TransitionRefused as refused:
            case.refresh_from_db()
            assert case.status == before and case.events.count() == events
            assert refused.code in {"role", "order", "wait", "compliance"}
            continue
        assert before in step.sources and case.status == step.target
        assert acting_role(user, step.roles, case.region_id) is not None
        assert case.events.count() == events + 1
        assert case.events.last().from_status == before  # type: ignore[union-attr]
    assert case.status in Case.Status.values
