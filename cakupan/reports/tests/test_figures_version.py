"""A figures version per region and month (issue 15 §2): a correction of the figures behind a report or a
batch changes it, an import of another month does not; a batch made before a correction says so on its
page and offers to make it again."""

from __future__ import annotations

import io
import threading
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from cakupan.indicators.versions import month_version, region_version
from cakupan.jobs.models import Job
from cakupan.jobs.services import job_enqueue
from cakupan.jobs.worker import worker_run
from cakupan.reports.content import report_content
from cakupan.reports.pdf import report_html
from cakupan.reports.services import BATCH_KIND, batch_params
from cakupan.reports.xlsx import report_xlsx
from tests.personas import PARTICIPATION_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db
DATED_TABLES = ("indicators_parameter", "monev_monevparameter", "monev_scorecardweight", "compliance_setting")


def _correct(code: str, period: str, active: int) -> None:
    rows = participation_rows(code, period, {"PU": active})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))


def test_a_correction_changes_the_version_of_its_region_and_the_months_that_show_it(figures: None) -> None:
    ntt, ntb = region_version("53", "2024-06"), region_version("52", "2024-06")
    assert region_version("53", "2024-06") == ntt  # the same figures, the same version
    june, may = month_version("2024-06"), month_version("2024-05")
    _correct("53.01", "2024-06", 299_999)
    assert region_version("53", "2024-06") != ntt and month_version("2024-06") != june
    assert region_version("52", "2024-06") == ntb  # another province's report still shows current figures
    assert month_version("2024-05") == may  # an earlier month's batch too
    corrected = region_version("53", "2024-06")
    _correct("53.01", "2024-05", 298_500)  # May is June's "last month": June's change moves with it
    assert region_version("53", "2024-06") != corrected


def test_the_report_carries_the_version_it_was_made_from(client: Client, figures: None) -> None:
    content = report_content(AnonymousUser(), code="53", period="2024-06", lang="en")
    version = region_version("53", "2024-06")
    assert content.figures_version == version
    assert f'data-figure="figures_version">{version}<' in report_html(content)
    summary = load_workbook(io.BytesIO(report_xlsx(content)))["Summary"]
    assert ("Figures version", version, "figures_version") in list(summary.iter_rows(values_only=True))
    page = client.get("/wilayah/53/?periode=2024-06").content.decode()
    assert f'data-figure="figures_version" data-value="{version}"' in page


def test_a_batch_made_before_a_correction_offers_to_be_made_again(
    client: Client, figures: None, personas: Any
) -> None:
    client.force_login(personas.officer_a)
    params = batch_params(level="provinsi", period="2024-06", fmt="xlsx", lang="en")
    job, _ = job_enqueue(kind=BATCH_KIND, params=params, by=personas.officer_a)
    worker_run(stop=threading.Event(), once=True)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert 'data-figure="outdated"' not in client.get(f"/tugas/{job.pk}/").content.decode()

    _correct("53.01", "2024-07", 1)  # a later month: the batch still shows June's figures as they are
    assert 'data-figure="outdated"' not in client.get(f"/tugas/{job.pk}/").content.decode()

    _correct("53.01", "2024-06", 299_999)
    page = client.get(f"/tugas/{job.pk}/").content.decode()
    assert 'data-figure="outdated"' in page
    fields = {"periode": "2024-06", "tingkat": "provinsi", "format": "xlsx", "bahasa": "en"}
    for name, value in fields.items():
        assert f'name="{name}" value="{value}"' in page
    assert 'action="/laporan/batch/"' in page
    remade = client.post("/laporan/batch/", fields)
    assert remade.status_code == 302 and remade["Location"] != f"/tugas/{job.pk}/"  # a new job


def test_a_report_made_outside_a_request_reads_the_figures_version_once(figures: None) -> None:
    with CaptureQueriesContext(connection) as queries:
        report_content(AnonymousUser(), code="53", period="2024-06", lang="id", with_charts=False)
    assert len([q for q in queries if 'FROM "imports_importbatch" ORDER BY' in q["sql"]]) == 1


def test_a_report_made_outside_a_request_reads_each_dated_table_once(figures: None) -> None:
    with CaptureQueriesContext(connection) as queries:
        report_content(AnonymousUser(), code="53", period="2024-06", lang="id", with_charts=False)
    for table in DATED_TABLES:
        read = [q["sql"] for q in queries if f'FROM "{table}" WHERE' in q["sql"]]
        assert not read, read  # a row chosen by a query of its own
    monev = [q for q in queries if 'FROM "monev_monevparameter"' in q["sql"]]
    assert len(monev) == 1  # the province's scorecard, funding and commitments ask it for four keys


def test_a_request_reads_each_dated_table_once(client: Client, figures: None) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/monev/skor/53/").status_code == 200
    for table in DATED_TABLES:
        read = [q["sql"] for q in queries if f'FROM "{table}" WHERE' in q["sql"]]
        assert not read, read
    monev = [q for q in queries if 'FROM "monev_monevparameter"' in q["sql"]]
    assert len(monev) == 1  # the scorecard's coverage, budget and regulation aspects share one reading
