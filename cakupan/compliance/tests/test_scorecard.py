"""Compliance's aspect of the Monev scorecard: cases of the region and below open during the year and
resolved by its end."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from django.utils import timezone, translation

from cakupan.compliance.models import Case, Employer
from cakupan.compliance.scorecard import cases_resolved
from cakupan.monev.scorecard import ASPECTS, AspectContext
from cakupan.regions.models import Region

pytestmark = pytest.mark.django_db


def _case(number: int, region: str, opened: dt.datetime, closed: dt.datetime | None) -> None:
    employer = Employer.objects.create(
        key=f"NPP{number}", kind="NPP", npp=f"NPP{number}", name="PT", region_id=region
    )
    Case.objects.create(
        employer=employer,
        region_id=region,
        status="CLOSED_COMPLIANT" if closed else "WARNING_1",
        status_since=opened,
        rules="PDS_TK",
        period="2024-01",
        registered_workers_at_open=1,
        worker_shortfall_at_open=1,
        contribution_shortfall_at_open_idr=1,
        opened_at=opened,
        closed_at=closed,
    )


def _at(year: int, month: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, 15, 10, 0))


def test_compliance_registers_the_cases_resolved_in_the_year_of_each_region_and_below() -> None:
    assert (
        ASPECTS["compliance"].compute is cases_resolved and ASPECTS["compliance"].weight_key == "compliance"
    )
    _case(1, "53.71.01", _at(2024, 2), _at(2024, 9))  # resolved in the year
    _case(2, "53.71.01", _at(2024, 3), None)  # still open
    _case(3, "53.71", _at(2023, 11), _at(2025, 2))  # resolved after the year
    _case(4, "53.71.01", _at(2023, 1), _at(2023, 6))  # closed before the year: not counted
    province = Region.objects.get(code="53")
    context = AspectContext(
        user=None,
        region=province,
        year=2024,
        children=list(Region.objects.filter(code__in=["53.71", "53.01"]).order_by("code")),
        period=None,
    )
    with translation.override("en"):
        found = cases_resolved(context)
    assert (found["53.71"].score, found["53.71"].value) == (Fraction(100, 3), "1 of 3 cases resolved")
    assert (found["53.71"].measured, found["53.71"].of) == (1, 3)
    assert found["53.71"].evidence_url == "/kepatuhan/wilayah/53.71/kasus/"
    assert (found["53.01"].score, found["53.01"].value) == (None, "no cases")
