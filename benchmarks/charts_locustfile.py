"""Load for `benchmarks.charts`: readers opening regency and national pages, each followed by the request
for its charts that HTMX makes, over loopback. Records, per request name, the server's own time (its
`Server-Timing` header) and the time the client waited, written as JSON to CAKUPAN_BENCH_TIMINGS at exit.
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

from locust import HttpUser, between, events, task

REGENCIES = os.environ.get("CAKUPAN_BENCH_REGENCIES", "53.71").split(",")
PERIOD = os.environ.get("CAKUPAN_BENCH_PERIOD", "")
HTMX = {"HX-Request": "true"}

_server: dict[str, list[float]] = {}
_client: dict[str, list[float]] = {}
_errors: list[str] = []


@events.request.add_listener
def _record(name: str, response: Any, exception: Any, response_time: float, **kwargs: Any) -> None:
    status = getattr(response, "status_code", 0)
    if exception is not None or status != 200:
        _errors.append(f"{name}: {status or exception}")
        return
    header = response.headers.get("Server-Timing", "")
    if header.startswith("app;dur="):
        _server.setdefault(name, []).append(float(header.split("=", 1)[1]))
    _client.setdefault(name, []).append(float(response_time))


@events.quitting.add_listener
def _write(environment: Any, **kwargs: Any) -> None:
    path = os.environ.get("CAKUPAN_BENCH_TIMINGS")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"server": _server, "client": _client, "errors": _errors}, handle)


class Reader(HttpUser):
    wait_time = between(0.5, 2.0)  # an analyst clicking through pages before a meeting

    def _page_and_charts(self, address: str, name: str) -> None:
        self.client.get(f"{address}?periode={PERIOD}", name=f"{name} page")
        self.client.get(f"{address}?periode={PERIOD}&bagian=grafik", name=f"{name} charts", headers=HTMX)

    @task(3)
    def regency(self) -> None:
        self._page_and_charts(f"/wilayah/{random.choice(REGENCIES)}/", "regency")  # noqa: S311 (load pattern)

    @task(1)
    def national(self) -> None:
        self._page_and_charts("/", "national")
