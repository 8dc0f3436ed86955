"""The users' administration pages: roles given under the rules of `role_assign`, and password resets
that work and are audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from cakupan.accounts.models import RoleAssignment
from cakupan.audit.models import AuditEvent
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _change_form(user: User, role: str, region: str = "", office: str = "") -> dict[str, Any]:
    """The user change page's POST with one new role row."""
    return {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "08:00:00",
        "assignments-TOTAL_FORMS": "1",
        "assignments-INITIAL_FORMS": "0",
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
        "assignments-0-role": role,
        "assignments-0-region": region,
        "assignments-0-office": office,
        "assignments-0-user": str(user.pk),
    }


@pytest.fixture
def admin_client(personas: Personas) -> Client:
    client = Client()
    client.cookies["cakupan_lang"] = "en"
    client.force_login(personas.national_admin)
    return client


def test_a_national_role_cannot_be_given_a_regional_scope(admin_client: Client) -> None:
    user = User.objects.create_user("baru", password="a-long-passphrase-1")
    response = admin_client.post(
        f"/admin/auth/user/{user.pk}/change/", _change_form(user, "NATIONAL_ANALYST", region="53")
    )
    assert response.status_code == 200
    assert "A national role is held for the whole country" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_a_role_given_on_the_admin_site_goes_through_role_assign(admin_client: Client) -> None:
    user = User.objects.create_user("baru", password="a-long-passphrase-1")
    response = admin_client.post(
        f"/admin/auth/user/{user.pk}/change/", _change_form(user, "NATIONAL_ANALYST")
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.get(user=user).region_id == "00"
    # A national administrator is a superuser, as `role_assign` makes every one.
    other = User.objects.create_user("kepala", password="a-long-passphrase-2")
    admin_client.post(f"/admin/auth/user/{other.pk}/change/", _change_form(other, "NATIONAL_ADMIN"))
    other.refresh_from_db()
    assert other.is_superuser and other.is_staff
    assert RoleAssignment.objects.get(user=other).role == "NATIONAL_ADMIN"


def test_a_regional_role_needs_a_region_or_an_office(admin_client: Client) -> None:
    user = User.objects.create_user("baru", password="a-long-passphrase-1")
    response = admin_client.post(
        f"/admin/auth/user/{user.pk}/change/", _change_form(user, "REGIONAL_OFFICER")
    )
    assert response.status_code == 200 and not RoleAssignment.objects.filter(user=user).exists()


def test_an_administrator_resets_a_password_that_then_works_and_is_audited(
    admin_client: Client, personas: Personas
) -> None:
    user = User.objects.create_user("lupa", password="the-forgotten-one-1")
    page = admin_client.get(f"/admin/auth/user/{user.pk}/password/")
    assert page.status_code == 200
    new = "kata-sandi-baru-2026"
    response = admin_client.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302
    login = Client().post("/akun/masuk/", {"username": "lupa", "password": new})
    assert login.status_code == 302
    event = AuditEvent.objects.get(entity_type="auth.user", entity_id=str(user.pk), action="update")
    assert event.actor == personas.national_admin and event.source == "web"
    assert new not in str(event.after) and "pbkdf2" not in str(event.after) and "md5" not in str(event.after)


def test_the_add_office_page_finds_regions_as_one_types_instead_of_listing_them_all(
    admin_client: Client,
) -> None:
    page = admin_client.get("/admin/accounts/office/add/").content.decode()
    assert "admin-autocomplete" in page
    assert "Kota Kupang" not in page  # no <option> per region
    found = admin_client.get(
        "/admin/autocomplete/",
        {"term": "kota kupang", "app_label": "accounts", "model_name": "office", "field_name": "regions"},
    ).json()
    assert [r["text"] for r in found["results"]] == ["53.71 Kota Kupang"]
