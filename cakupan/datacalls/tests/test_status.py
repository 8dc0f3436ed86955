from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cakupan.datacalls.models import DataCall
from cakupan.datacalls.services import data_call_accept
from cakupan.datacalls.status import Status, call_cells, status_of
from cakupan.datacalls.tests.helpers import (
    KUPANG,
    KUPANG_CITY,
    LAST_MONTH,
    MONTH_BEFORE,
    TODAY,
    data_call,
    meeting_ahead,
    submit_participation,
    submit_workforce,
)
from cakupan.monev.tests.helpers import region

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 10)


def test_a_cell_is_accepted_then_submitted_then_late_after_its_due_date_else_requested() -> None:
    assert status_of(submitted=True, accepted=True, due_on=DAY, today=DAY) == Status.ACCEPTED
    assert (
        status_of(submitted=True, accepted=False, due_on=DAY, today=DAY + dt.timedelta(1)) == Status.SUBMITTED
    )
    assert status_of(submitted=False, accepted=False, due_on=DAY, today=DAY) == Status.REQUESTED
    assert status_of(submitted=False, accepted=False, due_on=DAY, today=DAY + dt.timedelta(1)) == Status.LATE


def _statuses(call: DataCall, today: dt.date = TODAY) -> dict[tuple[str, str, str], str]:
    regions = list(call.regions.all())
    return {
        (c.region.code, c.dataset, c.period): str(c.status)
        for c in call_cells(call, regions=regions, today=today)
    }


def test_a_region_has_submitted_when_a_batch_of_the_dataset_and_month_after_the_call_has_its_rows(
    personas: Any,
) -> None:
    submit_workforce(KUPANG_CITY, workers=90_000)  # before the call: not an answer to it
    call = data_call(
        personas.officer_a, meeting_ahead(personas.officer_a), periods=(MONTH_BEFORE, LAST_MONTH)
    )
    assert set(_statuses(call).values()) == {"requested"}
    batch = submit_workforce(KUPANG_CITY)
    submit_workforce(KUPANG, period=MONTH_BEFORE)
    submit_participation("53.71.01")  # a district of Kota Kupang: its figures roll up to the city
    submit_participation("52.71")  # another province's city answers nothing
    found = _statuses(call)
    assert found == {
        (KUPANG, "workforce", MONTH_BEFORE): "submitted",
        (KUPANG, "workforce", LAST_MONTH): "requested",
        (KUPANG, "participation", MONTH_BEFORE): "requested",
        (KUPANG, "participation", LAST_MONTH): "requested",
        (KUPANG_CITY, "workforce", MONTH_BEFORE): "requested",
        (KUPANG_CITY, "workforce", LAST_MONTH): "submitted",
        (KUPANG_CITY, "participation", MONTH_BEFORE): "requested",
        (KUPANG_CITY, "participation", LAST_MONTH): "submitted",
    }
    cell = next(
        c
        for c in call_cells(call, regions=[region(KUPANG_CITY)], today=TODAY)
        if c.dataset == "workforce" and c.period == LAST_MONTH
    )
    assert cell.batch_id == batch.pk


def test_what_is_not_submitted_by_the_due_date_is_late_and_an_accepted_cell_stays_accepted(
    personas: Any,
) -> None:
    call = data_call(personas.officer_a, meeting_ahead(personas.officer_a), datasets=("workforce",))
    submit_workforce(KUPANG_CITY)
    data_call_accept(
        call=call, region=region(KUPANG_CITY), dataset="workforce", period=LAST_MONTH, by=personas.officer_a
    )
    after_due = call.due_on + dt.timedelta(days=1)
    assert _statuses(call, after_due) == {
        (KUPANG, "workforce", LAST_MONTH): "late",
        (KUPANG_CITY, "workforce", LAST_MONTH): "accepted",
    }
    assert _statuses(call, call.due_on)[(KUPANG, "workforce", LAST_MONTH)] == "requested"
