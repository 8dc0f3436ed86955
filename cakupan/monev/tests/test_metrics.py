"""The three Monev figures the scorecard and the national summary once counted apart (issue 22)."""

from __future__ import annotations

import datetime as dt

import pytest

from cakupan.monev import metrics
from cakupan.monev.meetings.models import FollowUp
from cakupan.monev.regulations.models import InpresInstruction
from cakupan.monev.tests.helpers import FUNDING_HEADER, commit, follow_up, meeting, regulation
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _closed(f: FollowUp, status: str, on: dt.date | None) -> None:
    f.status, f.done_on = status, on
    f.save()


def test_an_instruction_acted_on_is_one_a_regulation_meets_never_the_budget_instruction(
    personas: Personas,
) -> None:
    regulation("53.71", personas.officer_a, acts_on=("REGULATION", "NON_ASN", "BUDGET"))  # issued 2023-05-02
    acted = metrics.instructions_acted_on(by=dt.date(2023, 12, 31), region_codes=["53.71", "53.01"])
    codes = set(InpresInstruction.objects.filter(pk__in=acted["53.71"]).values_list("code", flat=True))
    assert codes == {"REGULATION", "NON_ASN"} and "53.01" not in acted
    assert metrics.instructions_acted_on(by=dt.date(2023, 5, 1)) == {}  # not yet issued
    assert metrics.instructions_scored() == InpresInstruction.objects.count() - 1


def test_a_follow_up_is_done_by_a_day_when_done_on_or_before_it_and_a_dropped_one_is_not_counted(
    personas: Personas,
) -> None:
    m = meeting("53.71", personas.officer_a, held_on=dt.date(2024, 2, 1))
    _closed(
        follow_up(m, personas.officer_a, action="a", due_on=dt.date(2024, 5, 1)), "DONE", dt.date(2024, 6, 1)
    )
    _closed(
        follow_up(m, personas.officer_a, action="b", due_on=dt.date(2024, 8, 1)), "DONE", dt.date(2025, 1, 9)
    )
    _closed(follow_up(m, personas.officer_a, action="c", due_on=dt.date(2024, 9, 1)), "DROPPED", None)
    _closed(follow_up(m, personas.officer_a, action="d", due_on=dt.date(2024, 4, 1)), "DONE", None)
    follow_up(m, personas.officer_a, action="e", due_on=dt.date(2025, 3, 1))
    counts = metrics.follow_up_counts(FollowUp.objects.all(), by=dt.date(2024, 12, 31))["53.71"]
    # a and the undated d are done; b was done after the day: open and overdue; e is open, not yet due.
    assert (counts.done, counts.open, counts.overdue, counts.counted) == (2, 2, 1, 4)
    by_province = metrics.follow_up_counts(
        FollowUp.objects.all(), by=dt.date(2025, 6, 30), key=lambda c: c[:2]
    )
    assert (by_province["53"].done, by_province["53"].open, by_province["53"].overdue) == (3, 1, 1)


def test_funding_counts_the_workers_of_every_funder_and_the_rupiah_of_the_regional_budgets() -> None:
    commit(
        "vulnerable_funding",
        FUNDING_HEADER,
        [
            ("53", 2024, "APBD_PROVINSI", 50, 12, 10_080_000),
            ("53.71", 2024, "APBD_KABKOTA", 100, 12, 20_160_000),
            ("53.71", 2024, "CSR", 20, 12, 4_032_000),
            ("53.71", 2023, "APBD_KABKOTA", 70, 12, 14_112_000),
        ],
    )
    own = metrics.funding(year=2024, region_codes=["53.71"])
    assert (own["53.71"].workers, own["53.71"].budget_idr) == (120, 20_160_000) and "53" not in own
    province = metrics.funding(year=2024, key=lambda code: code[:2])["53"]
    assert (province.workers, province.budget_idr) == (170, 30_240_000)
