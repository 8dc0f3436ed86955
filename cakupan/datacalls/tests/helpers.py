"""Data calls the tests build on: a meeting of province A (NTT) ten days ahead, asking two of its
regencies (Kota Kupang, Kupang), and figures submitted by import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from cakupan.core.periods import of_date, shift
from cakupan.datacalls import services
from cakupan.datacalls.models import DataCall
from cakupan.imports.models import ImportBatch
from cakupan.monev.models import Meeting
from cakupan.monev.tests.helpers import region
from tests.personas import (
    PARTICIPATION_HEADER,
    WORKFORCE_HEADER,
    csv_bytes,
    load,
    participation_rows,
)

TODAY = timezone.localdate()
LAST_MONTH = shift(of_date(TODAY), -1)
MONTH_BEFORE = shift(of_date(TODAY), -2)
# A due date a few days ahead, before the meetings below: a run that crosses midnight (in Jakarta's time)
# still finds it ahead, as a due date of today would not be.
DUE = TODAY + dt.timedelta(days=3)
KUPANG_CITY, KUPANG = "53.71", "53.01"


def meeting_ahead(by: Any, *, code: str = "53", invited: Iterable[str] = (), days: int = 10) -> Meeting:
    from cakupan.monev.meetings import services as monev

    return monev.meeting_create(
        region=region(code),
        held_on=TODAY + dt.timedelta(days=days),
        place="Kupang",
        institutions="Disnakertrans\nBPJS Ketenagakerjaan",
        agenda="Evaluasi cakupan",
        other_regions=[region(c) for c in invited],
        by=by,
    )


def data_call(
    by: Any,
    meeting: Meeting,
    *,
    regions: Iterable[str] = (KUPANG_CITY, KUPANG),
    datasets: Iterable[str] = ("workforce", "participation"),
    periods: Iterable[str] = (LAST_MONTH,),
    due_in: int = 5,
) -> DataCall:
    return services.data_call_create(
        meeting=meeting,
        regions=[region(c) for c in regions],
        datasets=list(datasets),
        periods=list(periods),
        due_on=TODAY + dt.timedelta(days=due_in),
        note="Mohon data untuk rapat",
        by=by,
    )


def submit_workforce(code: str, period: str = LAST_MONTH, workers: int = 100_000) -> ImportBatch:
    rows = [(code, period, "total", str(workers), "BPS")]
    batch, _plan = load("workforce", csv_bytes(WORKFORCE_HEADER, rows))
    assert batch is not None
    return batch


def submit_participation(code: str, period: str = LAST_MONTH) -> ImportBatch:
    batch, _plan = load(
        "participation", csv_bytes(PARTICIPATION_HEADER, participation_rows(code, period, {"PU": 9}))
    )
    assert batch is not None
    return batch
