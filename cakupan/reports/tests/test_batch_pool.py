from __future__ import annotations

import io
import threading
import zipfile
from typing import Any

import pytest
from pypdf import PdfReader

from cakupan.jobs.models import Job
from cakupan.jobs.services import job_enqueue
from cakupan.jobs.worker import worker_run
from cakupan.reports import printing, services
from cakupan.reports.services import BATCH_KIND, batch_params

pytestmark = pytest.mark.django_db

CODES = ["52", "53", "52.01", "53.01", "53.71"]


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The regions whose report content the batch reads, in order (each is one report made)."""
    made: list[str] = []
    real = services.report_content

    def counting(user: Any, **kwargs: Any) -> Any:
        made.append(kwargs["code"])
        return real(user, **kwargs)

    monkeypatch.setattr(services, "report_content", counting)
    monkeypatch.setattr(printing, "PROCESSES", 2)
    monkeypatch.setattr(printing.os, "cpu_count", lambda: 2)
    return made


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_pdf_batch_made_by_a_pool_of_processes_holds_every_report_once(
    figures: None, made: list[str]
) -> None:
    job, _ = job_enqueue(
        kind=BATCH_KIND, params=batch_params(level="semua", period="2024-06", fmt="pdf", lang="id")
    )
    worker_run(stop=threading.Event(), once=True)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert made == CODES
    assert (job.done, job.total) == (5, 5)
    with zipfile.ZipFile(job.result_path) as archive:
        assert archive.namelist() == [f"monev-{code}-2024-06-id.pdf" for code in CODES]
        ntt = _text(archive.read("monev-53-2024-06-id.pdf"))
        kupang = _text(archive.read("monev-53.71-2024-06-id.pdf"))
    assert "Nusa Tenggara Timur" in ntt and "Kota Kupang" in kupang


def test_a_pdf_batch_stopped_in_the_middle_resumes_making_only_the_reports_not_written(
    figures: None, made: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = services.report_content

    def stopped_once(user: Any, **kwargs: Any) -> Any:
        if kwargs["code"] == "53.01" and "53.01" not in made:
            made.append("53.01")
            raise KeyboardInterrupt  # the process is stopped while the pool makes the reports before
        return real(user, **kwargs)

    monkeypatch.setattr(services, "report_content", stopped_once)
    job, _ = job_enqueue(
        kind=BATCH_KIND, params=batch_params(level="semua", period="2024-06", fmt="pdf", lang="id")
    )
    with pytest.raises(KeyboardInterrupt):
        worker_run(stop=threading.Event(), once=True)
    job.refresh_from_db()
    written = sorted(p.name for p in job.folder.glob("parts/*/*.pdf"))
    # The reports begun before the stop are finished and written, and counted.
    assert written == sorted(f"monev-{code}-2024-06-id.pdf" for code in ["52", "53", "52.01"])
    assert not list(job.folder.glob("parts/*/*.part"))
    assert job.done == 3
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED)  # what the stale-job check does
    worker_run(stop=threading.Event(), once=True)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert made == ["52", "53", "52.01", "53.01", "53.01", "53.71"]  # the missing ones only
    with zipfile.ZipFile(job.result_path) as archive:
        assert sorted(archive.namelist()) == sorted(f"monev-{code}-2024-06-id.pdf" for code in CODES)
        assert all(archive.read(name)[:5] == b"%PDF-" for name in archive.namelist())
