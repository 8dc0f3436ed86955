"""Load for `make bench`: 20 clients reading regency pages and the national map, over loopback only.

The server's own time per response comes from its `Server-Timing` header and is written, with the status
of every response, to the file named by CAKUPAN_BENCH_TIMINGS when the run ends.
"""

from __future__ import annotations

import os
import random

from locust import HttpUser, between, task

from benchmarks.timings import record_to

REGENCIES = os.environ.get("CAKUPAN_BENCH_REGENCIES", "53.71").split(",")
PERIOD = os.environ.get("CAKUPAN_BENCH_PERIOD", "")
# 1: after each regency page, fetch its charts as a browser does; 0: the pages alone.
WITH_CHARTS = os.environ.get("CAKUPAN_BENCH_CHARTS", "1") == "1"
record_to("CAKUPAN_BENCH_TIMINGS")


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
