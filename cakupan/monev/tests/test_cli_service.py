from __future__ import annotations

import pytest

from cakupan.monev.benefits.models import BenefitFigure
from cakupan.monev.services import monev_dataset_import
from cakupan.monev.tests.helpers import BENEFITS_HEADER, monev_batches
from tests.personas import csv_bytes

pytestmark = pytest.mark.django_db

CONTENT = csv_bytes(BENEFITS_HEADER, [("53", "2024-06", "JKM", 3, 126_000_000)])


def test_a_dry_run_validates_and_stores_nothing() -> None:
    result = monev_dataset_import(dataset="benefits", file_name="m.csv", content=CONTENT, dry_run=True)
    assert result.ok and result.new == 1 and not result.stored
    assert not BenefitFigure.objects.exists()


def test_the_command_line_import_stores_the_file_with_the_operator_as_actor() -> None:
    result = monev_dataset_import(dataset="benefits", file_name="m.csv", content=CONTENT, actor="ops@host")
    assert result.stored and result.as_dict()["new"] == 1
    batch = monev_batches().get()
    assert (batch.source, batch.actor, batch.uploaded_by) == ("cli", "ops@host", None)
    again = monev_dataset_import(dataset="benefits", file_name="m.csv", content=CONTENT)
    assert not again.stored and again.unchanged == 1


def test_an_invalid_file_reports_every_problem_as_data() -> None:
    bad = csv_bytes(BENEFITS_HEADER, [("53", "2024-06", "JKN", "x", 1)])
    result = monev_dataset_import(dataset="benefits", file_name="m.csv", content=bad)
    assert not result.ok and [p["column"] for p in result.as_dict()["problems"]] == ["claims", "program"]
    assert not monev_batches().exists()
