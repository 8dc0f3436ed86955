"""One language per API answer (issue 19 §6): English unless the client asks for Indonesian with
Accept-Language or chose it with the site's language switch; the message and the reasons alike."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _error(response: Any) -> dict[str, Any]:
    return response.json()["error"]


def test_api_errors_speak_english_by_default_and_indonesian_when_asked(client: Client) -> None:
    assert _error(client.get("/api/v1/regions/99"))["message"] == "Unknown region 99."
    assert _error(client.post("/api/v1/imports"))["message"] == "A valid token or login is needed."
    assert _error(client.get("/api/v1/nothing-here"))["message"] == "No API operation at this path."
    asked = {"HTTP_ACCEPT_LANGUAGE": "id-ID,id;q=0.9,en;q=0.5"}
    unknown = client.get("/api/v1/regions/99", **asked)
    assert unknown["Content-Language"] == "id"
    assert _error(unknown)["message"] == "Wilayah 99 tidak dikenal."
    assert "token" in _error(client.post("/api/v1/imports", **asked))["message"]
    assert _error(client.post("/api/v1/imports", **asked))["message"] != "A valid token or login is needed."
    preferred = client.get("/api/v1/regions/99", HTTP_ACCEPT_LANGUAGE="fr, en;q=0.8, id;q=0.9")
    assert preferred["Content-Language"] == "id"


def test_the_language_chosen_on_the_site_is_the_apis_too(client: Client) -> None:
    client.cookies["cakupan_lang"] = "id"
    assert _error(client.get("/api/v1/regions/99", HTTP_ACCEPT_LANGUAGE="en"))["message"] == (
        "Wilayah 99 tidak dikenal."
    )
    # The pages keep ignoring Accept-Language: Indonesian unless the switch says otherwise.
    assert Client().get("/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "id"
