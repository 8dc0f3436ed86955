"""A report batch interrupted, then resumed after new figures came in, zips reports of the new figures
only (it once zipped the reports made before the interruption with those made after, from two imports)."""

from __future__ import annotations

import threading
import zipfile
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from cakupan.jobs.models import Job
from cakupan.jobs.services import job_enqueue
from cakupan.jobs.worker import worker_run
from cakupan.reports import services
from cakupan.reports.services import BATCH_KIND, batch_params, report_render
from tests.crash.batch import _xlsx_content
from tests.personas import PARTICIPATION_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


def _figures(pu: int) -> None:
    rows = participation_rows("52.01", "2024-06", {"PU": pu}) + participation_rows(
        "53.01", "2024-06", {"PU": 7000}
    )
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows), f"peserta-{pu}.csv")


def test_a_batch_resumed_after_new_figures_makes_every_report_from_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _figures(5000)
    real = services.report_render

    def stopped_at_the_second(**kwargs: Any) -> Any:
        if kwargs["code"] == "53":
            raise KeyboardInterrupt  # the worker is stopped after the first report
        return real(**kwargs)

    monkeypatch.setattr(services, "report_render", stopped_at_the_second)
    job, _ = job_enqueue(
        kind=BATCH_KIND, params=batch_params(level="provinsi", period="2024-06", fmt="xlsx", lang="id")
    )
    with pytest.raises(KeyboardInterrupt):
        worker_run(stop=threading.Event(), once=True)
    monkeypatch.setattr(services, "report_render", real)

    _figures(9000)  # an import while the job waits to resume: province 52's report changes
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED)  # what the stale-job check does
    worker_run(stop=threading.Event(), once=True)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    with zipfile.ZipFile(job.result_path) as archive:
        assert sorted(archive.namelist()) == ["monev-52-2024-06-id.xlsx", "monev-53-2024-06-id.xlsx"]
        for code in ("52", "53"):
            now = report_render(user=AnonymousUser(), code=code, period="2024-06", fmt="xlsx", lang="id")
            assert _xlsx_content(archive.read(f"monev-{code}-2024-06-id.xlsx")) == _xlsx_content(now.content)
