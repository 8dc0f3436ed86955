"""The migrations that made the five dated models refuse overlaps (indicators 0009, monev 0012,
compliance 0007) resolve the overlaps they find by one stated rule, and print them: the row that starts
later wins; the earlier row's span is cut to end the day before. Rows that overlap nothing are unchanged."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection

from cakupan.common.dated import DatedValue
from cakupan.common.dated_migrations import cut_overlaps
from cakupan.compliance.models import ProgramRequirement, Setting
from cakupan.indicators.models import Parameter
from cakupan.monev.models import MonevParameter, ScorecardWeight

pytestmark = pytest.mark.django_db

MIGRATIONS = {
    Parameter: ("cakupan.indicators.migrations.0009_dated_values_without_overlaps", "cut_parameter_overlaps"),
    MonevParameter: ("cakupan.monev.migrations.0012_dated_values_without_overlaps", "cut_monev_overlaps"),
    ScorecardWeight: ("cakupan.monev.migrations.0012_dated_values_without_overlaps", "cut_monev_overlaps"),
    Setting: ("cakupan.compliance.migrations.0007_dated_values_without_overlaps", "cut_compliance_overlaps"),
    ProgramRequirement: (
        "cakupan.compliance.migrations.0007_dated_values_without_overlaps",
        "cut_compliance_overlaps",
    ),
}
CONSTRAINTS = {
    Parameter: "parameter_no_overlap",
    MonevParameter: "monev_parameter_no_overlap",
    ScorecardWeight: "scorecard_weight_no_overlap",
    Setting: "compliance_setting_no_overlap",
    ProgramRequirement: "program_requirement_no_overlap",
}
KEYS: dict[type[DatedValue], list[dict[str, object]]] = {
    Parameter: [{"key": "ucj_target_pct", "value": Decimal(1)}, {"key": "bpu_jkm_idr", "value": Decimal(1)}],
    MonevParameter: [
        {"key": "funding_tolerance_pct", "value": Decimal(1)},
        {"key": "commitment_pace_months", "value": Decimal(1)},
    ],
    ScorecardWeight: [
        {"aspect": "budget", "weight": Decimal(1)},
        {"aspect": "non_asn", "weight": Decimal(1)},
    ],
    Setting: [{"key": "open_days", "value": Decimal(1)}, {"key": "act_days", "value": Decimal(1)}],
    ProgramRequirement: [
        {"size_class": "SMALL", "program": "JKP"},
        {"size_class": "LARGE", "program": "JKP"},
    ],
}


@pytest.fixture(params=list(MIGRATIONS), ids=[m.__name__ for m in MIGRATIONS])
def model(request: pytest.FixtureRequest) -> Iterator[type[DatedValue]]:
    """A dated model as it was before its migration: overlaps possible (on PostgreSQL the constraint is
    dropped inside the test's transaction, which puts it back), and no rows."""
    found: type[DatedValue] = request.param
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {found._meta.db_table} DROP CONSTRAINT {CONSTRAINTS[found]}")
    found._default_manager.all().delete()
    yield found


def _row(model: type[DatedValue], key: dict[str, object], start: date, end: date | None) -> DatedValue:
    row = model(**key, valid_from=start, valid_to=end, legal_basis="Uji")
    row.save()
    return row


def _spans(model: type[DatedValue], key: dict[str, object]) -> list[tuple[date, date | None]]:
    match = {name: key[name] for name in model.KEY_FIELDS}
    return list(
        model._default_manager.filter(**match).order_by("valid_from").values_list("valid_from", "valid_to")
    )


def _migrate(model: type[DatedValue]) -> None:
    module, function = MIGRATIONS[model]
    getattr(importlib.import_module(module), function)(apps, None)


def test_the_later_start_wins_and_the_earlier_row_ends_the_day_before(
    model: type[DatedValue], capsys: pytest.CaptureFixture[str]
) -> None:
    key, _other = KEYS[model]
    _row(model, key, date(2024, 1, 1), None)  # open-ended, overlapped by both later rows
    _row(model, key, date(2025, 1, 1), date(2025, 12, 31))
    _row(model, key, date(2025, 6, 1), None)
    _migrate(model)
    assert _spans(model, key) == [
        (date(2024, 1, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 5, 31)),
        (date(2025, 6, 1), None),
    ]
    printed = capsys.readouterr().out
    assert "it now ends on 2024-12-31" in printed
    assert "it now ends on 2025-05-31" in printed


def test_rows_that_overlap_nothing_are_left_unchanged(
    model: type[DatedValue], capsys: pytest.CaptureFixture[str]
) -> None:
    key, other = KEYS[model]
    _row(model, key, date(2024, 1, 1), date(2024, 12, 31))
    _row(model, key, date(2025, 1, 1), None)  # adjacent, not overlapping
    _row(model, other, date(2024, 6, 1), None)  # another key on the same days
    spans = [_spans(model, key), _spans(model, other)]
    _migrate(model)
    assert [_spans(model, key), _spans(model, other)] == spans
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("seeded", list(MIGRATIONS), ids=[m.__name__ for m in MIGRATIONS])
def test_the_seeded_rows_overlap_nothing_so_the_rule_leaves_them_unchanged(seeded: type[DatedValue]) -> None:
    rows = list(seeded._default_manager.values_list(*seeded.KEY_FIELDS, "valid_from", "valid_to"))
    assert rows, "the migrations seed every dated model"
    assert cut_overlaps(seeded, seeded.KEY_FIELDS) == []
    assert list(seeded._default_manager.values_list(*seeded.KEY_FIELDS, "valid_from", "valid_to")) == rows
