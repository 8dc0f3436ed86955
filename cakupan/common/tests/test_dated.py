"""Dated values: a row of a key may not share a day with another row of the same key (model validation,
the admin's form and, on PostgreSQL, the database itself), adjacent spans are accepted, and the one reader
picks the row valid on each boundary day. For each of the five dated models."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from cakupan.common.dated import (
    DatedValue,
    ParameterMissing,
    dated_value_add,
    dated_values_held,
    rows_on,
    value_on,
    values_on,
    values_on_days,
)
from cakupan.compliance.models import ProgramRequirement, Setting
from cakupan.indicators.models import Parameter
from cakupan.monev.models import MonevParameter, ScorecardWeight

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    model: type[DatedValue]
    key: dict[str, str]
    value: dict[str, Any] = field(default_factory=dict)
    admin_path: str = ""

    def make(self, valid_from: date, valid_to: date | None = None, **value: Any) -> DatedValue:
        return self.model(
            **self.key, **(value or self.value), valid_from=valid_from, valid_to=valid_to, legal_basis="Test"
        )

    def create(self, valid_from: date, valid_to: date | None = None, **value: Any) -> DatedValue:
        row = self.make(valid_from, valid_to, **value)
        row.save()
        return self.model._default_manager.get(pk=row.pk)  # as read back (a decimal's places)


CASES = [
    Case(Parameter, {"key": "ucj_target_pct"}, {"value": Decimal(95)}, "/admin/indicators/parameter/"),
    Case(
        MonevParameter,
        {"key": "funding_tolerance_pct"},
        {"value": Decimal(5)},
        "/admin/monev/monevparameter/",
    ),
    Case(ScorecardWeight, {"aspect": "budget"}, {"weight": Decimal(10)}, "/admin/monev/scorecardweight/"),
    Case(Setting, {"key": "open_days"}, {"value": Decimal(10)}, "/admin/compliance/setting/"),
    Case(
        ProgramRequirement,
        {"size_class": "SMALL", "program": "JKP"},
        {},
        "/admin/compliance/programrequirement/",
    ),
]
IDS = [c.model.__name__ for c in CASES]

JAN_1, JUN_30, JUL_1, DEC_31 = date(2030, 1, 1), date(2030, 6, 30), date(2030, 7, 1), date(2030, 12, 31)


@pytest.fixture(params=CASES, ids=IDS)
def case(request: pytest.FixtureRequest) -> Case:
    found: Case = request.param
    found.model._default_manager.all().delete()  # the seeded rows: each test writes its own
    return found


def test_a_span_that_overlaps_another_of_its_key_is_refused_naming_the_other_row(case: Case) -> None:
    first = case.create(JAN_1, DEC_31)
    with pytest.raises(ValidationError) as refused:
        case.make(JUL_1).full_clean()
    message = " ".join(refused.value.messages)
    assert str(first) in message
    assert "2030-01-01 – 2030-12-31" in message


def test_an_open_ended_row_overlaps_every_later_start(case: Case) -> None:
    case.create(JAN_1)
    with pytest.raises(ValidationError):
        case.make(date(2031, 1, 1), date(2031, 1, 31)).full_clean()
    with pytest.raises(ValidationError):
        case.make(date(2029, 1, 1), JAN_1).full_clean()  # its last day is the other's first


def test_adjacent_spans_are_accepted_and_a_row_may_be_saved_again(case: Case) -> None:
    first = case.create(JAN_1, JUN_30)
    case.make(JUL_1).full_clean()
    case.make(date(2029, 1, 1), date(2029, 12, 31)).full_clean()
    first.full_clean()  # its own span is no overlap


def test_another_key_may_share_the_days(case: Case) -> None:
    case.create(JAN_1)
    other = dict(case.key)
    name = next(iter(other))
    choices = dict(getattr(case.model._meta.get_field(name), "choices", None) or ())
    other[name] = next((v for v in choices if v != other[name]), f"{other[name]}_2")  # plain key: any other
    case.model(**other, **case.value, valid_from=JAN_1, legal_basis="Test").full_clean()


def test_a_last_day_before_the_first_is_refused(case: Case) -> None:
    with pytest.raises(ValidationError) as refused:
        case.make(JUL_1, JUN_30).full_clean()
    assert "valid_to" in refused.value.message_dict


@pytest.mark.parametrize("held", [False, True], ids=["read-each-time", "held"])
def test_the_reader_picks_the_row_valid_on_each_boundary_day(case: Case, held: bool) -> None:
    value_field = case.model.VALUE_FIELD
    first = case.create(JAN_1, JUN_30, **({value_field: Decimal(1)} if value_field else {}))
    second = case.create(JUL_1, DEC_31, **({value_field: Decimal(2)} if value_field else {}))
    key = tuple(case.key.values())
    dated_key = key[0] if len(key) == 1 else key
    expected = {
        date(2029, 12, 31): None,
        JAN_1: first,
        JUN_30: first,
        JUL_1: second,
        DEC_31: second,
        date(2031, 1, 1): None,
    }
    other = dict(case.key)  # another key's row covering every day, which no answer may give
    name = next(iter(other))
    choices = dict(getattr(case.model._meta.get_field(name), "choices", None) or ())
    other[name] = next((v for v in choices if v != other[name]), f"{other[name]}_2")
    case.model(**other, **case.value, valid_from=date(2000, 1, 1), legal_basis="Test").save()
    with dated_values_held() if held else nullcontext():
        for day, row in expected.items():
            assert value_on(case.model, *key, day=day, required=False) == row, day
            assert values_on(case.model, day).get(dated_key) == row, day
        by_day = values_on_days(case.model, expected)
        assert {day: rows.get(dated_key) for day, rows in by_day.items()} == expected
    rows = list(case.model._default_manager.all())
    assert {day: rows_on(rows, day).get(dated_key) for day in expected} == expected


def test_within_a_held_block_each_models_rows_are_read_once_and_again_after_a_row_is_saved_or_deleted(
    case: Case,
) -> None:
    key = tuple(case.key.values())
    first = case.create(JAN_1, JUN_30)
    with dated_values_held():
        with CaptureQueriesContext(connection) as queries:
            for day in (JAN_1, JUN_30, JUL_1):
                value_on(case.model, *key, day=day, required=False)
                values_on(case.model, day)
            values_on_days(case.model, [JAN_1, JUL_1])
        assert len(queries) == 1
        second = case.create(JUL_1)
        assert value_on(case.model, *key, day=JUL_1) == second  # saved within the block: read anew
        second.delete()
        assert value_on(case.model, *key, day=JUL_1, required=False) is None
        with dated_values_held(), CaptureQueriesContext(connection) as queries:  # nested: the same memo
            assert value_on(case.model, *key, day=JAN_1) == first
        assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        value_on(case.model, *key, day=JAN_1)
        value_on(case.model, *key, day=JAN_1)
    assert len(queries) == 2  # after the block: read every time


def test_a_key_given_as_a_choice_finds_its_row_when_held() -> None:
    MonevParameter.objects.all().delete()
    row = MonevParameter.objects.create(
        key=MonevParameter.Key.FUNDING_TOLERANCE_PCT, value=Decimal(5), valid_from=JAN_1, legal_basis="Test"
    )
    with dated_values_held():  # the enum hashes by its name, equals its value
        assert value_on(MonevParameter, MonevParameter.Key.FUNDING_TOLERANCE_PCT, day=JUL_1) == row


@pytest.mark.parametrize("held", [False, True], ids=["read-each-time", "held"])
def test_a_missing_value_fails_loudly_naming_the_key_the_day_and_where_to_add_it(
    case: Case, held: bool
) -> None:
    key = tuple(case.key.values())
    with pytest.raises(ParameterMissing) as missing, dated_values_held() if held else nullcontext():
        value_on(case.model, *key, day=JAN_1)
    assert all(part in str(missing.value) for part in key)
    assert "2030-01-01" in str(missing.value)
    assert case.model.ADMIN_PLACE in str(missing.value)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint is PostgreSQL's")
def test_postgresql_refuses_an_overlapping_row_inserted_past_django(case: Case) -> None:
    row = case.create(JAN_1, DEC_31)
    table = case.model._meta.db_table
    columns = [f.column for f in case.model._meta.concrete_fields if not f.primary_key]
    values = [getattr(row, f.attname) for f in case.model._meta.concrete_fields if not f.primary_key]
    values[columns.index("valid_from")] = JUL_1
    values[columns.index("valid_to")] = None
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    with (
        pytest.raises(IntegrityError, match="no_overlap"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, values)
    values[columns.index("valid_from")] = date(2031, 1, 1)  # adjacent: accepted
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def _admin_form(case: Case, valid_from: date, valid_to: date | None) -> dict[str, str]:
    form = {
        **case.key,
        "valid_from": valid_from.isoformat(),
        "valid_to": valid_to.isoformat() if valid_to else "",
    }
    form.update({name: str(v) for name, v in case.value.items()})
    form["legal_basis"] = "Peraturan uji"
    return form


def test_the_admin_form_refuses_an_overlap_and_accepts_the_adjacent_span(
    case: Case, personas: Any, client: Any
) -> None:
    first = case.create(JAN_1)
    client.force_login(personas.national_admin)
    refused = client.post(f"{case.admin_path}add/", _admin_form(case, JUL_1, None))
    assert refused.status_code == 200
    assert str(first) in refused.content.decode()
    assert case.model._default_manager.count() == 1
    first.valid_to = JUN_30
    first.save()
    accepted = client.post(f"{case.admin_path}add/", _admin_form(case, JUL_1, None))
    assert accepted.status_code == 302
    assert case.model._default_manager.count() == 2


def test_the_admin_lists_key_value_span_and_basis(case: Case, personas: Any, client: Any) -> None:
    case.create(JAN_1, JUN_30)
    client.force_login(personas.national_admin)
    page = client.get(case.admin_path).content.decode()
    assert "2030-01-01 – 2030-06-30" in page
    assert "Test" in page


def test_only_the_national_administrator_opens_the_admin_of_dated_values(
    case: Case, personas: Any, client: Any
) -> None:
    client.force_login(personas.officer_b)
    assert client.get(case.admin_path).status_code == 302  # to the admin's login
    client.force_login(personas.officer_a)
    assert client.get(case.admin_path).status_code == 302
    client.force_login(personas.national_admin)
    assert client.get(case.admin_path).status_code == 200


def test_an_admin_change_is_audited(case: Case, personas: Any, client: Any) -> None:
    from cakupan.audit.models import AuditEvent

    client.force_login(personas.national_admin)
    assert client.post(f"{case.admin_path}add/", _admin_form(case, JAN_1, None)).status_code == 302
    row = case.model._default_manager.get()
    event = AuditEvent.objects.get(entity_type=case.model._meta.label_lower, entity_id=str(row.pk))
    assert event.actor == personas.national_admin
    assert event.after is not None
    assert event.after["valid_from"] == "2030-01-01"


def test_a_new_value_from_a_day_ends_the_row_that_covered_it_the_day_before(case: Case) -> None:
    first = case.create(JAN_1, DEC_31)
    later = case.create(date(2031, 1, 1))
    added = dated_value_add(model=case.model, **case.key, **case.value, valid_from=JUL_1, legal_basis="Baru")
    spans = list(
        case.model._default_manager.order_by("valid_from").values_list("pk", "valid_from", "valid_to")
    )
    assert spans == [(first.pk, JAN_1, JUN_30), (added.pk, JUL_1, DEC_31), (later.pk, date(2031, 1, 1), None)]
