"""Soak load (`python -m benchmarks.soak`): the public reading pages and the API, officers signed in reading
the registers and downloading reports. Every response's status and server-side time is recorded.

Bounded: the driver fixes users and minutes; the host is loopback only.
"""

from __future__ import annotations

import os
import random

import urllib3
from locust import HttpUser, between, task

from benchmarks.timings import record_to

REGENCIES = os.environ.get("CAKUPAN_SOAK_REGENCIES", "53.71").split(",")
PROVINCES = os.environ.get("CAKUPAN_SOAK_PROVINCES", "53").split(",")
PERIOD = os.environ.get("CAKUPAN_SOAK_PERIOD", "")
LOGIN = os.environ.get("CAKUPAN_SOAK_LOGIN", "demo:").split(":", 1)
HOST = os.environ.get("CAKUPAN_SOAK_HOST_HEADER", "")
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # the soak's own self-signed cert
record_to("CAKUPAN_SOAK_TIMINGS")


def _regency() -> str:
    return random.choice(REGENCIES)  # noqa: S311 (load pattern, not security)


def _province() -> str:
    return random.choice(PROVINCES)  # noqa: S311


class _Base(HttpUser):
    abstract = True

    def on_start(self) -> None:
        self.client.verify = False
        if HOST:
            self.client.headers["Host"] = HOST


class Public(_Base):
    """Anyone on the internet: the dashboards, the open data and the API."""

    weight = 4
    wait_time = between(1.0, 3.0)

    @task(3)
    def regency_page(self) -> None:
        code = _regency()
        self.client.get(f"/wilayah/{code}/?periode={PERIOD}", name="regency page")
        self.client.get(
            f"/wilayah/{code}/?periode={PERIOD}&bagian=grafik",
            name="regency charts (HTMX part)",
            headers={"HX-Request": "true"},
        )

    @task(2)
    def province_page(self) -> None:
        self.client.get(f"/wilayah/{_province()}/?periode={PERIOD}", name="province page")

    @task(1)
    def national_map(self) -> None:
        self.client.get(f"/?periode={PERIOD}&tampilan=peta", name="national map page")

    @task(1)
    def ranking(self) -> None:
        self.client.get(f"/peringkat/{_province()}/?periode={PERIOD}", name="ranking page")

    @task(1)
    def open_data(self) -> None:
        self.client.get("/data-terbuka/", name="open data page")

    @task(3)
    def api(self) -> None:
        code = _regency()
        self.client.get(f"/api/v1/indicators/{code}/{PERIOD}", name="API indicators")
        self.client.get(f"/api/v1/ranking/{_province()}/{PERIOD}", name="API ranking")
        self.client.get(f"/api/v1/trends/{code}", name="API trends")


class Officer(_Base):
    """A national analyst preparing a meeting: registers, compliance, a report download."""

    weight = 1
    wait_time = between(2.0, 5.0)

    def on_start(self) -> None:
        super().on_start()
        self.client.get("/akun/masuk/", name="login page")
        token = self.client.cookies.get("csrftoken", "")
        origin = f"https://{HOST}" if HOST else self.host
        self.client.post(
            "/akun/masuk/",
            data={"username": LOGIN[0], "password": LOGIN[1], "csrfmiddlewaretoken": token},
            headers={"Referer": f"{origin}/akun/masuk/", "Origin": origin},
            name="login",
        )

    @task(2)
    def compliance(self) -> None:
        self.client.get(f"/kepatuhan/wilayah/{_province()}/", name="compliance region page")

    @task(2)
    def monev(self) -> None:
        code = _province()
        self.client.get(f"/monev/skor/{code}/", name="scorecard page")
        self.client.get("/monev/rapat/", name="meetings page")

    @task(1)
    def summary(self) -> None:
        self.client.get("/monev/ringkasan/", name="national summary page")

    @task(1)
    def report(self) -> None:
        self.client.get(f"/laporan/{_regency()}/{PERIOD}.xlsx", name="regency report XLSX")

    @task(1)
    def jobs(self) -> None:
        self.client.get("/tugas/", name="jobs page")
