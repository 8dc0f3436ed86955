"""The API and the login form answer 429 past their limits, per token and per address, counting in the
database; exempt addresses and other keys are not affected, and a new minute starts afresh."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cakupan.throttle.models import RateWindow
from cakupan.throttle.services import rate_hit, token_key
from tests.personas import Personas

pytestmark = pytest.mark.django_db

OUTSIDE = "203.0.113.7"  # a documentation address: not the test client's exempt 127.0.0.1


@pytest.fixture
def limits(settings: Any) -> Any:
    settings.CAKUPAN_RATE_API_TOKEN_PER_MINUTE = 3
    settings.CAKUPAN_RATE_API_ADDRESS_PER_MINUTE = 5
    settings.CAKUPAN_RATE_LOGIN_PER_MINUTE = 2
    settings.CAKUPAN_RATE_EXEMPT = ["198.51.100.1"]
    return settings


def _api(client: Client, token: str | None = None, address: str = OUTSIDE) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get("/api/v1/regions/53", REMOTE_ADDR=address, **headers)


def test_a_token_past_its_limit_gets_429_with_retry_after_and_the_json_error(
    client: Client, limits: Any
) -> None:
    limits.CAKUPAN_RATE_API_ADDRESS_PER_MINUTE = 100
    codes = [_api(client, "ckp_1_secret").status_code for _ in range(4)]
    assert 429 not in codes[:3] and codes[3] == 429
    refused = _api(client, "ckp_1_secret")
    assert refused.json()["error"]["code"] == "rate_limited" and 1 <= int(refused["Retry-After"]) <= 60
    assert _api(client, "ckp_2_other").status_code != 429  # another token counts apart …


def test_an_address_past_its_limit_is_refused_whatever_token_it_sends(client: Client, limits: Any) -> None:
    for n in range(5):
        assert _api(client, f"ckp_{n}_x").status_code != 429
    assert _api(client, "ckp_9_fresh").status_code == 429
    assert _api(client, address="192.0.2.9").status_code != 429  # … and so does another address


def test_an_exempt_address_is_never_limited(client: Client, limits: Any) -> None:
    assert all(_api(client, "ckp_1_s", address="198.51.100.1").status_code != 429 for _ in range(10))


def test_the_login_form_is_limited_per_address_in_words(client: Client, limits: Any) -> None:
    form = {"username": "nobody", "password": "wrong"}
    login = reverse("accounts:login")
    codes = [client.post(login, form, REMOTE_ADDR=OUTSIDE).status_code for _ in range(3)]
    assert codes[2] == 429 and 429 not in codes[:2]
    refused = client.post(login, form, REMOTE_ADDR=OUTSIDE, HTTP_ACCEPT_LANGUAGE="id")
    assert "Terlalu banyak permintaan" in refused.content.decode()
    assert client.get(login, REMOTE_ADDR=OUTSIDE).status_code == 200  # reading the form is not limited


def test_a_new_minute_starts_afresh_and_old_windows_are_deleted() -> None:
    start = dt.datetime(2026, 12, 5, 9, 0, 30, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        assert [rate_hit(key="k")[0] for _ in range(3)] == [1, 2, 3]
        assert rate_hit(key="k")[1] == 30
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        assert rate_hit(key="k")[0] == 1
    assert RateWindow.objects.count() == 1


def test_a_token_is_counted_by_a_fingerprint_never_by_its_secret(personas: Personas) -> None:
    key = token_key("Bearer ckp_12_verysecret")
    assert key is not None and "verysecret" not in key and key.startswith("token:")
    assert token_key("Basic abc") is None and token_key("Bearer ") is None
