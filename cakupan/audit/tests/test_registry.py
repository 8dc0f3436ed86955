from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.utils import timezone

from cakupan.accounts.models import ApiToken, Office, RoleAssignment
from cakupan.accounts.roles import Role
from cakupan.audit.context import audit_context
from cakupan.audit.models import AuditEvent
from cakupan.audit.registry import BULK_AUDITED, DERIVED, NOT_DOMAIN, REGISTERED
from cakupan.indicators.models import Parameter
from cakupan.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seeded_threshold_ends_in_2029() -> None:
    """The seeded threshold ends before the test's rows start (spans of a key never overlap); a queryset
    update sends no signal, so it writes no event."""
    Parameter.objects.filter(key="ucj_target_pct", valid_to=None).update(valid_to=dt.date(2029, 12, 31))


def _events(entity_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(entity_type=entity_type).order_by("id"))


def _parameter(**values: object) -> Parameter:
    fields: dict[str, object] = {
        "key": "ucj_target_pct",
        "value": Decimal("90"),
        "valid_from": dt.date(2030, 1, 1),
        "legal_basis": "Inpres 2/2021",
    }
    return Parameter.objects.create(**{**fields, **values})


def test_it_records_who_created_a_parameter_and_its_values() -> None:
    user = User.objects.create_user("analis", password="a-long-passphrase")
    with audit_context(source="web", actor=user, ip="192.0.2.1"):
        parameter = _parameter()
    [event] = _events("indicators.parameter")
    assert (event.action, event.entity_id, event.source, event.ip) == (
        "create",
        str(parameter.pk),
        "web",
        "192.0.2.1",
    )
    assert (event.actor, event.actor_label, event.before) == (user, "analis", None)
    assert event.after == {
        "id": parameter.pk,
        "key": "ucj_target_pct",
        "value": "90",
        "valid_from": "2030-01-01",
        "valid_to": None,
        "legal_basis": "Inpres 2/2021",
        "note": "",
    }


def test_it_records_who_changed_a_parameter_with_only_the_changed_fields() -> None:
    parameter = _parameter()
    parameter.value = Decimal("95.5")
    parameter.note = "revisi"
    with audit_context(source="cli", actor_label="root@server"):
        parameter.save()
    event = _events("indicators.parameter")[-1]
    assert (event.action, event.source, event.actor_label) == ("update", "cli", "root@server")
    assert event.before == {"value": "90", "note": ""}
    assert event.after == {"value": "95.5", "note": "revisi"}


def test_a_save_that_changes_nothing_writes_no_event() -> None:
    parameter = _parameter(value=Decimal("95.000000"))
    parameter.refresh_from_db()
    parameter.save()
    parameter.value = "95"  # the same number, as a form might hand it over
    parameter.save()
    assert len(_events("indicators.parameter")) == 1


def test_it_records_a_deleted_parameter_with_its_last_values() -> None:
    parameter = _parameter()
    pk = parameter.pk
    parameter.delete()
    event = _events("indicators.parameter")[-1]
    assert (event.action, event.entity_id, event.after) == ("delete", str(pk), None)
    assert (event.before or {}).get("legal_basis") == "Inpres 2/2021"


def test_a_queryset_delete_records_every_row() -> None:
    _parameter(valid_from=dt.date(2030, 1, 1), valid_to=dt.date(2030, 12, 31))
    _parameter(valid_from=dt.date(2031, 1, 1))
    Parameter.objects.filter(valid_from__year__gte=2030).delete()
    assert [e.action for e in _events("indicators.parameter")] == ["create", "create", "delete", "delete"]


def test_passwords_are_never_written() -> None:
    user = User.objects.create_user("rahasia", password="first-secret-passphrase")
    user.set_password("second-secret-passphrase")
    user.save()
    user.delete()
    events = _events("auth.user")
    assert [e.action for e in events] == ["create", "delete"]  # a new password alone is no event
    for event in events:
        text = f"{event.before} {event.after}"
        assert "password" not in text and "pbkdf2" not in text and "argon2" not in text


def test_a_login_writes_no_event_but_a_change_of_the_user_does() -> None:
    user = User.objects.create_user("pengguna", password="a-long-passphrase")
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    user.is_staff = True
    user.save()
    assert [(e.action, e.after) for e in _events("auth.user")][1:] == [("update", {"is_staff": True})]


def test_a_token_used_by_the_api_writes_no_event_but_its_revocation_does() -> None:
    user = User.objects.create_user("mesin", password="a-long-passphrase")
    token = ApiToken.objects.create(
        user=user,
        name="etl",
        key_id="abc123",
        key_hash="h" * 64,
        role=Role.REGIONAL_OFFICER,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    before = AuditEvent.objects.count()
    token.last_used_at = timezone.now()
    token.save(update_fields=["last_used_at"])
    token.last_used_at = timezone.now() + dt.timedelta(minutes=5)
    token.save()
    assert AuditEvent.objects.count() == before
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    event = _events("accounts.apitoken")[-1]
    assert event.action == "update" and list(event.after) == ["revoked_at"]
    create = _events("accounts.apitoken")[0]
    assert set(create.after or {}).isdisjoint({"key_hash", "last_used_at"})


def test_a_role_assignment_carries_its_region() -> None:
    user = User.objects.create_user("petugas", password="a-long-passphrase")
    assignment = RoleAssignment.objects.create(user=user, role=Role.REGIONAL_OFFICER, region_id="53.71")
    assignment.delete()
    events = _events("accounts.roleassignment")
    assert [(e.action, e.region_code) for e in events] == [("create", "53.71"), ("delete", "53.71")]
    assert (events[0].after or {}).get("region") == "53.71" and (events[0].after or {}).get("user") == user.pk


def test_an_update_of_named_fields_compares_only_those_fields() -> None:
    user = User.objects.create_user("petugas2", password="a-long-passphrase")
    assignment = RoleAssignment.objects.create(user=user, role=Role.REGIONAL_OFFICER, region_id="53.71")
    assignment.region_id = "53.01"
    assignment.role = Role.BPJS_OFFICER  # changed in memory, but not saved: not recorded
    assignment.save(update_fields=["region_id"])
    event = _events("accounts.roleassignment")[-1]
    assert (event.action, event.before, event.after) == ("update", {"region": "53.71"}, {"region": "53.01"})
    assert event.region_code == "53.01"


def test_a_region_change_is_recorded_under_its_own_code() -> None:
    region = Region.objects.get(code="53.71")
    region.name = "KOTA KUPANG (baru)"
    region.save()
    [event] = _events("regions.region")
    assert (event.entity_id, event.region_code, event.action) == ("53.71", "53.71", "update")
    assert event.after == {"name": "KOTA KUPANG (baru)"}


def test_bulk_writes_still_work_and_write_no_per_row_events() -> None:
    Region.objects.filter(code="53.71").update(name="X")
    Region.objects.bulk_update(
        [Region(code="53.01", name="Y", level=2, kind="kabupaten", parent_id="53")], ["name"]
    )
    assert Region.objects.get(code="53.01").name == "Y"
    assert _events("regions.region") == []


def test_many_to_many_changes_are_recorded_as_updates_of_the_field() -> None:
    office = Office.objects.create(name="Kanwil Nusa Tenggara", kind=Office.Kind.BPJS_KANWIL)
    ntb, ntt = Region.objects.get(code="52"), Region.objects.get(code="53")
    office.regions.set([ntt, ntb])
    office.regions.remove(ntb)
    office.regions.add(ntt)  # already there: no event
    office.regions.clear()
    changes = [(e.before, e.after) for e in _events("accounts.office") if e.action == "update"]
    assert changes == [
        ({"regions": []}, {"regions": ["52", "53"]}),
        ({"regions": ["52", "53"]}, {"regions": ["53"]}),
        ({"regions": ["53"]}, {"regions": []}),
    ]


def test_a_many_to_many_change_from_the_other_side_is_recorded_on_the_owner() -> None:
    user = User.objects.create_user("anggota", password="a-long-passphrase")
    group = Group.objects.create(name="Analis")
    group.user_set.add(user)
    event = _events("auth.user")[-1]
    assert (event.action, event.entity_id, event.after) == ("update", str(user.pk), {"groups": [group.pk]})


def test_a_deleted_office_keeps_its_regions_in_the_event() -> None:
    office = Office.objects.create(name="Cabang Kupang", kind=Office.Kind.BPJS_BRANCH)
    office.regions.set([Region.objects.get(code="53.71")])
    office.delete()
    event = _events("accounts.office")[-1]
    assert event.action == "delete" and (event.before or {}).get("regions") == ["53.71"]


def test_deleting_a_user_keeps_their_events_with_their_name() -> None:
    user = User.objects.create_user("pergi", password="a-long-passphrase")
    with audit_context(source="web", actor=user):
        parameter = _parameter()
    user.delete()
    event = AuditEvent.objects.get(entity_type="indicators.parameter", entity_id=str(parameter.pk))
    assert (event.actor_id, event.actor_label) == (None, "pergi")


def test_every_model_of_the_project_has_an_audit_rule() -> None:
    registered = {model._meta.label_lower for model in REGISTERED}
    allowed = {**BULK_AUDITED, **DERIVED, **NOT_DOMAIN}
    assert all(reason.strip() for reason in allowed.values())
    assert not registered & set(allowed), "a model is both registered and allow-listed"
    missing = [
        model._meta.label
        for config in apps.get_app_configs()
        if config.name.startswith("cakupan.")
        for model in config.get_models()
        if model._meta.label_lower not in registered | set(allowed)
    ]
    assert missing == [], "register these with audit_model() or allow-list them in cakupan/audit/registry.py"
    stale = set(allowed) - {m._meta.label_lower for m in apps.get_models()}
    assert stale == set(), "allow-listed models that no longer exist"


def test_the_user_model_and_the_projects_writable_models_are_registered() -> None:
    labels = {model._meta.label_lower for model in REGISTERED}
    assert {
        "indicators.parameter",
        "indicators.target",
        "regions.region",
        "accounts.office",
        "accounts.roleassignment",
        "accounts.apitoken",
        "auth.user",
    } <= labels
