"""Every answer under /api/ has the one error shape, even when no operation was reached."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _error(response: Any) -> dict[str, Any]:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields", "problems"}
    return body["error"]


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/nothing", "/api/", "/api/v1/regions/53/x"])
def test_an_unknown_api_path_is_a_json_404(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and _error(response)["code"] == "not_found"


def test_a_method_an_operation_does_not_take_is_a_json_405_with_allow(client: Client) -> None:
    response = client.delete("/api/v1/regions/53")
    assert response.status_code == 405 and response["Allow"] == "GET"
    error = _error(response)
    assert error["code"] == "method_not_allowed" and "DELETE" in error["message"]
    assert client.post("/api/v1/regions/53").status_code == 405


def test_json_errors_of_operations_and_pages_outside_the_api_are_left_alone(client: Client) -> None:
    assert _error(client.get("/api/v1/regions/99"))["message"] != "No API operation at this path."
    assert client.get("/tidak-ada/")["Content-Type"].startswith("text/html")
    assert client.get("/api/docs")["Content-Type"].startswith("text/html")
