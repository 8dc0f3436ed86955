from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from fractions import Fraction

import pytest

from cakupan.audit.context import audit_context
from cakupan.audit.services import audit_bulk, audit_record, jsonable

pytestmark = pytest.mark.django_db


def test_values_are_made_safe_for_json() -> None:
    value = {
        "rate": Decimal("95.000000"),
        "big": Decimal("1E+3"),
        "share": Fraction(1, 3),
        "day": dt.date(2024, 6, 30),
        "at": dt.datetime(2024, 6, 30, 8, 0, tzinfo=dt.UTC),
        "id": uuid.UUID(int=1),
        "codes": {"53", "52"},
        "pair": (1, 2.5),
        "nan": float("nan"),
    }
    assert jsonable(value) == {
        "rate": "95",
        "big": "1000",
        "share": "1/3",
        "day": "2024-06-30",
        "at": "2024-06-30T08:00:00+00:00",
        "id": "00000000-0000-0000-0000-000000000001",
        "codes": ["52", "53"],
        "pair": [1, 2.5],
        "nan": "nan",
    }


def test_a_record_takes_who_and_where_from_the_context() -> None:
    with audit_context(source="cli", actor_label="root@server", batch_id=12):
        event = audit_record(
            action="update", entity_type="x.y", entity_id="5", before={"v": Decimal("1.50")}, after={"v": 2}
        )
    event.refresh_from_db()
    assert (event.source, event.actor_label, event.batch_id, event.actor_id) == (
        "cli",
        "root@server",
        12,
        None,
    )
    assert (event.before, event.after) == ({"v": "1.5"}, {"v": 2})


def test_an_unknown_action_is_refused() -> None:
    with pytest.raises(ValueError, match="action"):
        audit_record(action="rename", entity_type="x.y", entity_id="1")


def test_a_bulk_write_is_one_event_with_its_summary() -> None:
    event = audit_bulk(
        entity_type="regions.region", summary={"created": 3, "updated": 1}, note="region master"
    )
    assert (event.action, event.entity_id, event.after, event.source) == (
        "import",
        "",
        {"created": 3, "updated": 1},
        "system",
    )
