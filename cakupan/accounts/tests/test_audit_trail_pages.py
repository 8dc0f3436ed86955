from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cakupan.accounts.models import RoleAssignment
from cakupan.accounts.roles import Role
from cakupan.audit.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.urls("cakupan.accounts.tests.audit_trail_urls")]


def _at(day: str, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(day).replace(hour=hour))


def _event(entity_id: str, **values: object) -> AuditEvent:
    fields: dict[str, object] = {
        "source": "web",
        "action": "update",
        "entity_type": "indicators.target",
        "actor_label": "someone",
        "at": _at("2025-03-10"),
    }
    event = AuditEvent(entity_id=entity_id, **{**fields, **values})
    event.save()
    return event


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("root", password="a-long-passphrase"))
    return client


@pytest.fixture
def events() -> dict[str, AuditEvent]:
    return {
        "siti": _event("siti", actor_label="siti.rahma", source="web", region_code="53.71"),
        "cli": _event("cli", actor_label="root@server", source="cli", action="create", region_code="53"),
        "kupang": _event("kupang", region_code="53.71.01", entity_type="indicators.parameter"),
        "bali": _event("bali", region_code="51", action="delete", at=_at("2025-03-12", 23)),
        "early": _event("early", region_code="52.01", at=_at("2025-03-01", 0)),
    }


def _ids(client: Client, **params: str) -> set[str]:
    response = client.get(reverse("audit:list"), params)
    assert response.status_code == 200
    page = response.context["page"]
    # Creating the test's users and roles writes events too: only the fixture's records count here.
    return {e.entity_id for e in page.object_list if e.entity_type.startswith("indicators.")}


def test_anonymous_visitors_are_sent_to_the_login(client: Client) -> None:
    response = client.get(reverse("audit:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.get(reverse("audit:detail", args=[1])).status_code == 302


def test_a_user_without_the_capability_is_refused(client: Client, events: dict[str, AuditEvent]) -> None:
    user = User.objects.create_user("analis", password="a-long-passphrase")
    RoleAssignment.objects.create(user=user, role=Role.NATIONAL_ANALYST, region_id="00")
    client.force_login(user)
    assert client.get(reverse("audit:list")).status_code == 403
    assert client.get(reverse("audit:detail", args=[events["siti"].pk])).status_code == 403


def test_a_national_administrator_reads_the_trail(client: Client, events: dict[str, AuditEvent]) -> None:
    user = User.objects.create_user("admin.nasional", password="a-long-passphrase")
    RoleAssignment.objects.create(user=user, role=Role.NATIONAL_ADMIN, region_id="00")
    client.force_login(user)
    assert _ids(client) == set(events)


def test_a_superuser_sees_the_list_newest_first(admin_client: Client, events: dict[str, AuditEvent]) -> None:
    response = admin_client.get(reverse("audit:list"))
    assert response.status_code == 200
    listed = [
        e.entity_id for e in response.context["page"].object_list if e.entity_type.startswith("indicators.")
    ]
    assert listed[0] == "bali" and listed[-1] == "early"
    html = response.content.decode()
    assert "siti.rahma" in html and "<script>" not in html and "style=" not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"siapa": "SITI"}, {"siti"}),
        ({"sumber": "cli"}, {"cli"}),
        ({"aksi": "delete"}, {"bali"}),
        ({"jenis": "indicators.parameter"}, {"kupang"}),
        ({"wilayah": "53"}, {"siti", "cli", "kupang"}),
        ({"wilayah": "5371"}, {"siti", "kupang"}),
        ({"wilayah": "53.71.01"}, {"kupang"}),
        ({"dari": "2025-03-10"}, {"siti", "cli", "kupang", "bali"}),
        ({"sampai": "2025-03-09"}, {"early"}),
        ({"dari": "2025-03-12", "sampai": "2025-03-12"}, {"bali"}),
        ({"wilayah": "53", "aksi": "create"}, {"cli"}),
    ],
)
def test_each_filter_narrows_the_list(
    admin_client: Client, events: dict[str, AuditEvent], params: dict[str, str], expected: set[str]
) -> None:
    assert _ids(admin_client, **params) == expected


def test_an_invalid_filter_is_shown_and_left_out(admin_client: Client, events: dict[str, AuditEvent]) -> None:
    response = admin_client.get(reverse("audit:list"), {"wilayah": "Kupang", "aksi": "delete"})
    assert response.status_code == 200 and "wilayah" in response.context["form"].errors
    assert {e.entity_id for e in response.context["page"].object_list} == {"bali"}


def test_the_list_is_paginated_by_a_hundred_keeping_the_filters(admin_client: Client) -> None:
    for n in range(105):
        _event(f"e{n}", source="cli")
    first = admin_client.get(reverse("audit:list"), {"sumber": "cli"})
    assert len(first.context["page"].object_list) == 100
    assert "sumber=cli&amp;halaman=2" in first.content.decode()
    second = admin_client.get(reverse("audit:list"), {"sumber": "cli", "halaman": "2"})
    assert len(second.context["page"].object_list) == 5


def test_the_detail_shows_before_and_after_side_by_side(admin_client: Client) -> None:
    event = _event(
        "9", before={"value": "67.28", "source": "Surat"}, after={"value": "60", "source": "Surat"}
    )
    response = admin_client.get(reverse("audit:detail", args=[event.pk]))
    assert response.status_code == 200
    rows = {(c.field, c.before, c.after, c.changed) for c in response.context["changes"]}
    assert rows == {("value", "67.28", "60", True), ("source", "Surat", "Surat", False)}
    assert "<del>67.28</del>" in response.content.decode()
    assert admin_client.get(reverse("audit:detail", args=[event.pk + 1000])).status_code == 404


def test_no_page_writes_to_the_trail(admin_client: Client, events: dict[str, AuditEvent]) -> None:
    before = AuditEvent.objects.count()
    for url in (reverse("audit:list"), reverse("audit:detail", args=[events["siti"].pk])):
        assert admin_client.post(url, {"note": "x"}).status_code == 405
    assert AuditEvent.objects.count() == before
    assert AuditEvent.objects.get(pk=events["siti"].pk).note == ""


def test_the_admin_lists_events_read_only(admin_client: Client, events: dict[str, AuditEvent]) -> None:
    changelist = admin_client.get("/admin/audit/auditevent/")
    assert changelist.status_code == 200 and "siti.rahma" in changelist.content.decode()
    assert admin_client.get("/admin/audit/auditevent/add/").status_code == 403
    delete_url = f"/admin/audit/auditevent/{events['siti'].pk}/delete/"
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=events["siti"].pk).exists()
