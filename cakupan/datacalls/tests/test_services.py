from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from cakupan.audit.models import AuditEvent
from cakupan.core.periods import of_date, shift
from cakupan.datacalls.models import DataCallAcceptance
from cakupan.datacalls.services import data_call_accept, data_call_create
from cakupan.datacalls.tests.helpers import (
    KUPANG,
    KUPANG_CITY,
    LAST_MONTH,
    TODAY,
    data_call,
    meeting_ahead,
    submit_workforce,
)
from cakupan.monev.tests.helpers import region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests read the services' English texts (the msgids), whatever language an earlier test of the
    same worker left active (a page asked in Indonesian leaves it so)."""
    with translation.override("en"):
        yield


def test_the_host_asks_regions_below_it_or_invited_for_monthly_datasets(personas: Any) -> None:
    m = meeting_ahead(personas.officer_a, invited=("52",))
    call = data_call(personas.officer_a, m, regions=(KUPANG_CITY, "52"), periods=(LAST_MONTH, LAST_MONTH))
    assert sorted(call.regions.values_list("code", flat=True)) == ["52", KUPANG_CITY]
    assert call.region_id == "53" and call.periods == [LAST_MONTH]
    assert AuditEvent.objects.filter(entity_type="datacalls.datacall", entity_id=str(call.pk)).exists()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"regions": ["52.71"]}, "neither invited"),
        ({"regions": ["53"]}, "does not ask itself"),
        ({"regions": []}, "at least one region"),
        ({"datasets": ["targets"]}, "Choose datasets among"),
        ({"datasets": []}, "Choose datasets among"),
        ({"periods": [shift(of_date(TODAY), 1)]}, "no figures yet"),
        ({"periods": ["2024-13"]}, "YYYY-MM"),
        ({"periods": []}, "at least one month"),
        ({"due_on": TODAY - dt.timedelta(days=1)}, "has passed"),
        ({"due_on": TODAY + dt.timedelta(days=11)}, "before the meeting"),
    ],
)
def test_a_call_that_cannot_be_answered_is_refused_with_its_reason(
    personas: Any, change: dict[str, Any], reason: str
) -> None:
    m = meeting_ahead(personas.officer_a)
    asked: dict[str, Any] = {
        "regions": [KUPANG_CITY],
        "datasets": ["workforce"],
        "periods": [LAST_MONTH],
        "due_on": TODAY + dt.timedelta(days=3),
    } | change
    with pytest.raises(ValidationError, match=reason):
        data_call_create(
            meeting=m,
            regions=[region(c) for c in asked["regions"]],
            datasets=asked["datasets"],
            periods=asked["periods"],
            due_on=asked["due_on"],
            by=personas.officer_a,
        )


def test_only_the_host_calls_for_data_and_accepts_it(personas: Any) -> None:
    m = meeting_ahead(personas.officer_a)
    for outsider in (personas.officer_b, personas.bpjs_officer_a):
        with pytest.raises(PermissionDenied):
            data_call(outsider, m)
    call = data_call(personas.officer_a, m)
    submit_workforce(KUPANG_CITY)
    with pytest.raises(PermissionDenied):
        data_call_accept(
            call=call,
            region=region(KUPANG_CITY),
            dataset="workforce",
            period=LAST_MONTH,
            by=personas.bpjs_officer_a,
        )


def test_the_host_accepts_only_what_was_submitted_once_and_audited(personas: Any) -> None:
    call = data_call(personas.officer_a, meeting_ahead(personas.officer_a))
    with pytest.raises(ValidationError, match="Nothing has been submitted"):
        data_call_accept(
            call=call, region=region(KUPANG), dataset="workforce", period=LAST_MONTH, by=personas.officer_a
        )
    with pytest.raises(ValidationError, match="does not ask"):
        data_call_accept(
            call=call, region=region("52"), dataset="workforce", period=LAST_MONTH, by=personas.officer_a
        )
    batch = submit_workforce(KUPANG)
    first = data_call_accept(
        call=call, region=region(KUPANG), dataset="workforce", period=LAST_MONTH, by=personas.officer_a
    )
    again = data_call_accept(
        call=call, region=region(KUPANG), dataset="workforce", period=LAST_MONTH, by=personas.officer_a
    )
    assert first.pk == again.pk and first.batch_id == batch.pk
    assert DataCallAcceptance.objects.count() == 1
    event = AuditEvent.objects.get(entity_type="datacalls.datacallacceptance", entity_id=str(first.pk))
    assert event.region_code == KUPANG
