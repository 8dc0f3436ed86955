"""Load for `make bench`: 20 clients reading regency pages and the national map, over loopback only.

The server's own time per response comes from its `Server-Timing` header and is written, with the status
of every response, to the file named by CAKUPAN_BENCH_TIMINGS when the run ends.
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

from locust import HttpUser, between, events, task

REGENCIES = os.environ.get("CAKUPAN_BENCH_REGENCIES", "53.71").split(",")
PERIOD = os.environ.get("CAKUPAN_BENCH_PERIOD", "")
# 1: after each regency page, fetch its charts as a browser does; 0: the pages alone.
WITH_CHARTS = os.environ.get("CAKUPAN_BENCH_CHARTS", "1") == "1"
_timings: dict[str, list[float]] = {}
_errors: list[str] = []


@events.request.add_listener
def _record(request_type: str, name: str, response: Any, exception: Any, **kwargs: Any) -> None:
    if exception is not None or response is None or response.status_code != 200:
        _errors.append(f"{name}: {getattr(response, 'status_code', exception)}")
        return
    header = response.headers.get("Server-Timing", "")
    if header.startswith("app;dur="):
        _timings.setdefault(name, []).append(float(header.split("=", 1)[1]))


@events.quitting.add_listener
def _write(environment: Any, **kwargs: Any) -> None:
    path = os.environ.get("CAKUPAN_BENCH_TIMINGS")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"timings": _timings, "errors": _errors}, handle)


class Reader(HttpUser):
    wait_time = between(0.5, 2.0)  # an analyst clicking through pages before a meeting

    @task(3)
    def regency_page(self) -> None:
        code = random.choice(REGENCIES)  # noqa: S311 (load pattern, not security)
        self.client.get(f"/wilayah/{code}/?periode={PERIOD}", name="regency page")
        # What a browser does next: HTMX fetches the page's charts.
        if WITH_CHARTS:
            self.client.get(
                f"/wilayah/{code}/?periode={PERIOD}&bagian=grafik",
                name="regency charts (HTMX part)",
                headers={"HX-Request": "true"},
            )

    @task(1)
    def national_map(self) -> None:
        self.client.get(f"/?periode={PERIOD}&tampilan=peta", name="national map page")
