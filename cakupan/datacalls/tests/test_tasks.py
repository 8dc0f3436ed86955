from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from cakupan.accounts.services import role_assign, user_create
from cakupan.datacalls.tests.helpers import (
    KUPANG,
    KUPANG_CITY,
    LAST_MONTH,
    data_call,
    meeting_ahead,
    submit_participation,
    submit_workforce,
)
from cakupan.monev.tests.helpers import region
from cakupan.tasks.selectors import tasks_for_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The titles are read in English; without this the test read whatever language an earlier test on the
    worker had left active (alone it read Indonesian, the default)."""
    with translation.override("en"):
        yield


def _requests(user: Any, today: dt.date) -> list[tuple[str, str, bool]]:
    return [
        (t.region, t.title.split(" ")[0], t.late)
        for t in tasks_for_user(user, today=today)
        if t.kind == "data_request"
    ]


def test_data_requested_is_on_the_list_of_who_imports_it_for_the_region_until_submitted(
    personas: Any,
) -> None:
    city_office = user_create(username="disnaker_kota_kupang", password="x-passphrase-2026")
    role_assign(user=city_office, role="REGIONAL_OFFICER", region=region(KUPANG_CITY))
    call = data_call(personas.officer_a, meeting_ahead(personas.officer_a))
    today = call.due_on
    # Workforce is the labour office's, participation the BPJS branch's (the datasets' import roles).
    assert _requests(city_office, today) == [("Kota Kupang", "Workforce", False)]
    assert sorted(_requests(personas.bpjs_officer_a, today)) == [
        ("Kabupaten Kupang", "Participation", False),
        ("Kota Kupang", "Participation", False),
    ]
    # The host asked: it is not asked. Region B and the other roles are not asked.
    for other in (
        personas.officer_a,
        personas.national_admin,
        personas.officer_b,
        personas.bpjs_b,
        personas.compliance_a,
    ):
        assert _requests(other, today) == []
    task = next(t for t in tasks_for_user(city_office, today=today) if t.kind == "data_request")
    assert task.url == f"/permintaan-data/{call.pk}/" and LAST_MONTH in task.title and task.due == call.due_on

    submit_workforce(KUPANG_CITY)
    submit_participation(KUPANG)
    assert _requests(city_office, today) == []
    late = call.due_on + dt.timedelta(days=1)
    assert _requests(personas.bpjs_officer_a, late) == [("Kota Kupang", "Participation", True)]
    late_task = next(
        t for t in tasks_for_user(personas.bpjs_officer_a, today=late) if t.kind == "data_request"
    )
    assert late_task.overdue and "late" in late_task.kind_label
    # Once the meeting is past, the request is no longer a task.
    assert _requests(personas.bpjs_officer_a, call.meeting.held_on + dt.timedelta(days=1)) == []
