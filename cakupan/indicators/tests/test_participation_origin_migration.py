"""Migration 0007: figures of earlier participant imports record that origin, and those at a parent level
become derived (the rollup sums their children); aggregate files' figures are left as they were."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from cakupan.imports.models import ImportBatch
from cakupan.indicators.models import ParticipationFigure
from cakupan.participants.models import ParticipantsIngest

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cakupan.indicators.migrations.0007_participation_origin")


def _batch(name: str) -> ImportBatch:
    return ImportBatch.objects.create(
        dataset="participation",
        file_name=name,
        sha256="0" * 64,
        size_bytes=1,
        source="cli",
        actor="test",
        rows=1,
        new_figures=1,
        replaced_figures=0,
        unchanged_figures=0,
        regions=1,
    )


def test_parent_figures_of_earlier_participant_imports_become_derived() -> None:
    earlier, aggregate = _batch("p.parquet"), _batch("agregat.csv")
    ParticipantsIngest.objects.create(
        file_name="p.parquet",
        sha256="0" * 64,
        size_bytes=1,
        rows=3,
        engine="duckdb",
        actor="t",
        batch=earlier,
    )
    for code, n in (("53.71.01.1001", 3), ("53.71.01", 3), ("53.71", 3), ("53", 3)):
        ParticipationFigure.objects.create(
            region_id=code, period="2024-06", segment="PU", status="active", participants=n, batch=earlier
        )
    ParticipationFigure.objects.create(
        region_id="52", period="2024-06", segment="PU", status="active", participants=9, batch=aggregate
    )
    migration.participant_origin(apps, None)
    kept = dict(ParticipationFigure.objects.values_list("region_id", "origin"))
    assert kept == {"53.71.01.1001": "participants", "52": "aggregate"}
