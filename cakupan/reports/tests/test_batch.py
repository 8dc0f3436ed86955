from __future__ import annotations

import threading
import zipfile
from typing import Any

import pytest

from cakupan.jobs.models import Job
from cakupan.jobs.services import job_enqueue
from cakupan.jobs.worker import worker_run
from cakupan.reports import services
from cakupan.reports.services import BATCH_KIND, ReportError, batch_params, batch_regions

pytestmark = pytest.mark.django_db


def test_a_level_is_the_regions_of_that_level_with_figures(figures: None) -> None:
    assert batch_regions("provinsi", "2024-06") == ["52", "53"]
    assert batch_regions("kabupaten", "2024-06") == ["52.01", "53.01", "53.71"]
    assert batch_regions("semua", "2024-06") == ["52", "53", "52.01", "53.01", "53.71"]
    with pytest.raises(ReportError):
        batch_regions("desa", "2024-06")


def test_the_batch_makes_one_zip_with_a_report_per_region(figures: None, personas: Any) -> None:
    params = batch_params(level="provinsi", period="2024-06", fmt="xlsx", lang="id")
    job, created = job_enqueue(kind=BATCH_KIND, params=params, by=personas.officer_a)
    assert created
    worker_run(stop=threading.Event(), once=True)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    with zipfile.ZipFile(job.result_path) as archive:
        assert sorted(archive.namelist()) == ["monev-52-2024-06-id.xlsx", "monev-53-2024-06-id.xlsx"]
        assert archive.read("monev-53-2024-06-id.xlsx")[:2] == b"PK"
    # The progress counts the reports the zip holds (it said "3 of 3" for two: the zipping was a step).
    assert (job.done, job.total) == (2, 2)


def test_a_second_user_asking_for_the_same_batch_gets_the_one_already_made(
    figures: None, personas: Any
) -> None:
    params = batch_params(level="provinsi", period="2024-06", fmt="xlsx", lang="id")
    first, _ = job_enqueue(kind=BATCH_KIND, params=params, by=personas.officer_a)
    worker_run(stop=threading.Event(), once=True)
    again, created = job_enqueue(kind=BATCH_KIND, params=params, by=personas.officer_b)
    assert not created and again.pk == first.pk and again.status == Job.Status.DONE


def test_an_interrupted_batch_resumes_without_making_the_finished_reports_again(
    figures: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    real = services.report_render

    def flaky(**kwargs: Any) -> Any:
        if kwargs["code"] == "53.01" and "53.01" not in made:
            made.append("53.01")
            raise KeyboardInterrupt  # the process is stopped in the middle
        made.append(kwargs["code"])
        return real(**kwargs)

    monkeypatch.setattr(services, "report_render", flaky)
    params = batch_params(level="semua", period="2024-06", fmt="xlsx", lang="id")
    job, _ = job_enqueue(kind=BATCH_KIND, params=params)
    with pytest.raises(KeyboardInterrupt):
        worker_run(stop=threading.Event(), once=True)
    assert made == ["52", "53", "52.01", "53.01"]
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED)  # what the stale-job check does
    worker_run(stop=threading.Event(), once=True)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert made == ["52", "53", "52.01", "53.01", "53.01", "53.71"]  # only the missing ones
    with zipfile.ZipFile(job.result_path) as archive:
        assert len(archive.namelist()) == 5 == job.done == job.total


def test_new_figures_make_a_new_batch(figures: None) -> None:
    from tests.personas import PARTICIPATION_HEADER, csv_bytes, load, participation_rows

    before = batch_params(level="provinsi", period="2024-06", fmt="pdf", lang="id")
    load("participation", csv_bytes(PARTICIPATION_HEADER, participation_rows("53.01", "2024-06", {"PU": 1})))
    assert batch_params(level="provinsi", period="2024-06", fmt="pdf", lang="id") != before
