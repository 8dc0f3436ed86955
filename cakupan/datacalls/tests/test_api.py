from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from cakupan.datacalls.tests.helpers import (
    DUE,
    KUPANG_CITY,
    LAST_MONTH,
    meeting_ahead,
    submit_workforce,
)

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_api_creates_lists_and_accepts_a_call_and_region_b_sees_none_of_it(personas: Any) -> None:
    m = meeting_ahead(personas.officer_a)
    host = _client(personas.officer_a)
    body = {
        "meeting": m.pk,
        "regions": ["5371"],
        "datasets": ["workforce"],
        "periods": [LAST_MONTH],
        "due_on": DUE.isoformat(),
    }
    assert _post(_client(personas.officer_b), "/api/v1/datacalls", body).status_code == 404
    assert _post(_client(personas.bpjs_officer_a), "/api/v1/datacalls", body).status_code == 404  # not theirs
    assert (
        _post(_client(personas.compliance_a), "/api/v1/datacalls", body).status_code == 403
    )  # reads, not hosts
    assert _post(host, "/api/v1/datacalls", body | {"datasets": ["targets"]}).status_code == 422
    created = _post(host, "/api/v1/datacalls", body)
    assert created.status_code == 201, created.content
    call = created.json()
    assert call["regions"] == [KUPANG_CITY] and [c["status"] for c in call["cells"]] == ["requested"]

    submit_workforce(KUPANG_CITY)
    accept = {"region": KUPANG_CITY, "dataset": "workforce", "period": LAST_MONTH}
    b = _client(personas.officer_b)
    assert b.get("/api/v1/datacalls").json() == []
    assert b.get(f"/api/v1/datacalls/{call['id']}").status_code == 404
    assert _post(b, f"/api/v1/datacalls/{call['id']}/accept", accept).status_code == 404
    assert (
        _post(_client(personas.bpjs_officer_a), f"/api/v1/datacalls/{call['id']}/accept", accept).status_code
        == 403
    )
    done = _post(host, f"/api/v1/datacalls/{call['id']}/accept", accept)
    assert done.status_code == 200 and done.json()["cells"][0]["status"] == "accepted"
    listed = host.get(f"/api/v1/datacalls?meeting={m.pk}").json()
    assert [c["id"] for c in listed] == [call["id"]] and listed[0]["counts"] == {"accepted": 1}
    assert Client().get("/api/v1/datacalls").status_code == 401
