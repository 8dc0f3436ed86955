"""GET /api/v1/targets: the yearly targets of the `targets` dataset (a meeting's commitments are read
with their status at /api/v1/monev/commitments), counts as integers and rates in percent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from cakupan.indicators.models import Target
from tests.personas import TARGETS_HEADER, csv_bytes, load

pytestmark = pytest.mark.django_db


def test_the_targets_api_lists_yearly_targets_with_counts_as_integers(client: Client) -> None:
    load(
        "targets",
        csv_bytes(
            TARGETS_HEADER,
            [
                ("51.04", "2025", "vulnerable_workers_funded", "12800", "Perbup Gianyar"),
                ("51.04", "2025", "coverage_rate", "33,69", "Pergub"),
            ],
        ),
    )
    # A commitment agreed at a meeting for the same region, year and indicator: not a yearly target.
    Target.objects.create(
        region_id="51.04",
        year=2025,
        indicator="vulnerable_workers_funded",
        value=20000,
        deadline=dt.date(2025, 6, 30),
    )
    items = client.get("/api/v1/targets", {"region": "51.04"}).json()["items"]
    values = {t["indicator"]: t["value"] for t in items}
    assert values == {"coverage_rate": 33.69, "vulnerable_workers_funded": 12800}
    assert type(values["vulnerable_workers_funded"]) is int
