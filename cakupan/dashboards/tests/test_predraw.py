from __future__ import annotations

import threading
from typing import Any

import pytest
from django.test import Client

from cakupan import charts
from cakupan.dashboards.predraw import KIND, regions_to_draw
from cakupan.jobs.models import Job
from cakupan.jobs.worker import worker_run
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _drawn_ahead(settings: Any) -> None:
    # Off by default since the browser draws the pages' charts (docs/adr/0007-charts-in-the-page.md).
    settings.CAKUPAN_CHART_PREDRAW_LANGUAGES = ["id"]


def _import(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        load(
            "workforce",
            csv_bytes(
                WORKFORCE_HEADER,
                [("53.01", "2024-06", "total", "1000", ""), ("52.01", "2024-06", "total", "500", "")],
            ),
        )
        rows = participation_rows("53.01", "2024-05", {"PU": 300}) + participation_rows(
            "53.01", "2024-06", {"PU": 310}
        )
        load(
            "participation",
            csv_bytes(PARTICIPATION_HEADER, rows + participation_rows("52.01", "2024-06", {"PU": 50})),
        )


def test_each_import_queues_one_drawing_of_the_charts_for_its_figures(
    django_capture_on_commit_callbacks: Any,
) -> None:
    _import(django_capture_on_commit_callbacks)
    # Both imports committed before the callbacks ran: one version of the figures, one job.
    assert Job.objects.filter(kind=KIND).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        load(
            "participation",
            csv_bytes(PARTICIPATION_HEADER, participation_rows("53.01", "2024-07", {"PU": 1})),
        )
    queued = Job.objects.filter(kind=KIND, status=Job.Status.QUEUED)
    assert queued.count() == 2 and len({job.params["version"] for job in queued}) == 2


def test_the_worker_draws_every_region_chart_so_that_readers_never_wait_for_one(
    django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import(django_capture_on_commit_callbacks)
    assert list(regions_to_draw("2024-06")) == ["00", "53", "53.01", "52", "52.01"]
    worker_run(stop=threading.Event(), once=True)
    job = Job.objects.filter(kind=KIND).order_by("-pk").first()
    # Five regions' charts and, first, the fair rankings of the nation and the provinces.
    assert job is not None and job.status == Job.Status.DONE and job.done == job.total == 5 + 1

    # A reader in another process: nothing in memory, everything in the chart store.
    charts.cache_clear_memory()

    def no_drawing(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("a chart was drawn while a reader waited")

    import vl_convert

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", no_drawing)
    monkeypatch.setattr(vl_convert, "vegalite_to_vega", no_drawing)
    for url in ("/", "/wilayah/53/", "/wilayah/53.01/"):
        html = Client().get(f"{url}?bagian=grafik", HTTP_HX_REQUEST="true").content.decode()
        assert html.count('class="vega-chart"') == 2, url
        inline = Client().get(f"{url}?grafik=1").content.decode()
        assert inline.count('class="chart"') == 2, url
