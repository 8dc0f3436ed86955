"""Report batches killed mid-way: the job worker makes the Monev report of every province as its own file,
then one zip. A killed job is requeued once its heartbeat is stale, resumes from the reports already
written, and ends with the same zip a run never killed makes."""

from __future__ import annotations

import hashlib
import io
import pickle
import threading
import zipfile
from datetime import datetime, time
from pathlib import Path
from typing import Any

from tests.crash.harness import Ending, Work, fork_and_kill
from tests.crash.state import FREE, GROWS, Broken, Snapshot, differences, require, snapshot

PERIOD = "2024-06"
PROVINCES = ("51", "52", "53")
REQUEST = {"level": "provinsi", "period": PERIOD, "fmt": "xlsx", "lang": "id"}
# How often new figures are imported while a killed job waits to resume.
FIGURES_CHANGE = 0.25


class BatchWork(Work):
    name = "batch"
    # No chart drawing job after the figures are loaded: the worker runs the report batches only (each
    # report draws the charts of its page, once: they are kept in the chart store). A killed job
    # is requeued, not failed, for as many kills as the harness aims at one job.
    settings = {"CAKUPAN_CHART_PREDRAW_LANGUAGES": [], "CAKUPAN_JOB_MAX_ATTEMPTS": 10}
    # The worker also runs the periodic jobs that are due (retention), recording each run.
    policies = {"jobs.job": FREE, "jobs.periodicrun": GROWS}
    completed = frozenset({"done"})

    def prepare(self) -> None:
        from cakupan.regions.models import Region
        from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load

        regencies = Region.objects.filter(level=Region.Level.REGENCY, parent_id__in=PROVINCES)
        codes = sorted(regencies.values_list("code", flat=True))
        participation = [
            (code, PERIOD, segment, status, self.rng.randrange(100, 9000))
            for code in codes
            for segment in ("PU", "BPU", "JAKON", "PMI")
            for status in ("active", "inactive")
        ]
        workforce = []
        for code in codes:
            formal, informal = self.rng.randrange(5000, 90000), self.rng.randrange(5000, 90000)
            workforce += [
                (code, PERIOD, "total", formal + informal, "Sakernas"),
                (code, PERIOD, "formal", formal, "Sakernas"),
                (code, PERIOD, "informal", informal, "Sakernas"),
            ]
        load("participation", csv_bytes(PARTICIPATION_HEADER, participation))
        load("workforce", csv_bytes(WORKFORCE_HEADER, workforce))
        self.changing = codes[0]  # the regency whose figures change while a killed job waits
        self.changes = 0
        self.stale_parts = False
        self.jobs_done = 0
        self.references: dict[str, list[list[Any]]] = {}
        self.job_pk = self._ask()

    def _ask(self) -> int:
        """The batch, as a user asks for it; the one finished before is cleared away first (its files
        removed), so that the request is new work."""
        import shutil

        from cakupan.jobs.models import Job
        from cakupan.jobs.services import job_enqueue, job_existing, job_key
        from cakupan.reports.services import BATCH_KIND, batch_params

        params = batch_params(**REQUEST)
        done = job_existing(kind=BATCH_KIND, key=job_key(BATCH_KIND, params))
        if done is not None:
            shutil.rmtree(done.folder)
        job, created = job_enqueue(kind=BATCH_KIND, params=params)
        assert created and job.status == Job.Status.QUEUED
        return job.pk

    def _references(self, codes: list[str]) -> dict[str, list[list[Any]]]:
        """Each report as rendered by a run never killed: what every job's zip must hold. Rendered in a
        child too: a chart drawn here would start threads that the later forks would not carry over."""
        from django.conf import settings
        from django.contrib.auth.models import AnonymousUser

        from cakupan.reports.services import report_render

        path = Path(settings.DATA_DIR) / "crash-references.pickle"

        def render() -> None:
            reports = {
                code: report_render(user=AnonymousUser(), code=code, period=PERIOD, fmt="xlsx", lang="id")
                for code in codes
            }
            path.write_bytes(pickle.dumps({code: _xlsx_content(r.content) for code, r in reports.items()}))

        fork_and_kill(render, kill=None)
        references: dict[str, list[list[Any]]] = pickle.loads(path.read_bytes())
        return references

    def shape(self) -> str:
        return "report batch"

    def operate(self, attempt: int) -> None:
        from cakupan.jobs.worker import worker_run

        worker_run(stop=threading.Event(), once=True)

    def before(self, attempt: int) -> tuple[Snapshot, dict[Path, str]]:
        return snapshot(), self._files()

    def _files(self) -> dict[Path, str]:
        """The files the job shows under their final names, with their digests."""
        from cakupan.jobs.models import Job

        folder = Job.objects.get(pk=self.job_pk).folder
        if not folder.exists():
            return {}
        return {
            path: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.rglob("*")
            if path.is_file() and not path.name.endswith(".part")
        }

    def verify(self, attempt: int, before: Any, ending: Ending) -> str:
        from cakupan.jobs.models import Job
        from cakupan.jobs.services import jobs_requeue_stale

        tables, files = before
        require(differences(tables, snapshot(), self.policies))
        job = Job.objects.get(pk=self.job_pk)
        problems = self._files_whole(job)
        now = self._files()
        # A report made is kept and not made again when the job resumes; unless the figures changed since.
        lost = [path.name for path, digest in files.items() if now.get(path) != digest]
        if lost and not self.stale_parts:
            problems.append(f"files written before the run are gone or changed: {lost[:3]}")
        if Job.objects.exclude(pk=job.pk).exclude(status=Job.Status.DONE).exists():
            problems.append("another job is waiting or running")
        require(problems)
        if job.status == Job.Status.FAILED:
            raise Broken(f"job {job.pk} failed: {job.error}")
        if job.status == Job.Status.DONE:
            require(self._result(job))
            self.jobs_done += 1
            self.stale_parts = False
            self.job_pk = self._ask()
            return "done"
        if job.status == Job.Status.QUEUED:
            return "killed before the job was claimed"
        # Killed while running. It waits again, to resume: its worker's process has ended, so the check
        # finds it at once (elsewhere: once its heartbeat is stale) — made here, or by the next worker.
        how = self.rng.choice(("requeued here", "left to the next worker"))
        if how == "requeued here":
            requeued = jobs_requeue_stale()
            job.refresh_from_db()
            if requeued != 1 or job.status != Job.Status.QUEUED:
                raise Broken(f"the killed job {job.pk} was not requeued: {job.status}")
        made = any("parts" in path.parts for path in now)
        outcome = f"killed {'with' if made else 'before'} reports made, {how}"
        if self.rng.random() < FIGURES_CHANGE:
            self._change_figures()
            outcome += ", figures changed meanwhile"
        return outcome

    def _change_figures(self) -> None:
        """An import while the killed job waits: the reports it made before are of other figures now."""
        from tests.personas import PARTICIPATION_HEADER, csv_bytes, load

        self.changes += 1
        rows = [(self.changing, PERIOD, "PU", "active", 100_000 + self.changes)]
        load("participation", csv_bytes(PARTICIPATION_HEADER, rows), name=f"change-{self.changes}.csv")
        self.references = {}  # rendered again from the new figures
        self.stale_parts = True

    def _expected(self, job: Any) -> list[str]:
        from cakupan.reports.services import batch_regions

        params = job.params
        codes = batch_regions(params["level"], params["period"])
        return [f"monev-{code}-{params['period']}-{params['lang']}.{params['format']}" for code in codes]

    def _files_whole(self, job: Any) -> list[str]:
        """Every file visible under its final name is whole: each report, and the zip with every report."""
        problems = []
        folder = job.folder
        for report in (folder / "parts").rglob("*.xlsx") if folder.exists() else []:
            if not _whole_zip(report.read_bytes()):
                problems.append(f"report {report.name} is cut short")
        for bundle in folder.glob("*.zip") if folder.exists() else []:
            names = _members(bundle.read_bytes())
            if names is None:
                problems.append(f"zip {bundle.name} is cut short")
            elif sorted(names) != sorted(self._expected(job)):
                problems.append(f"zip {bundle.name} holds {len(names)} reports: {names[:3]}…")
        return problems

    def _result(self, job: Any) -> list[str]:
        """The finished job's zip: every report once, each the same as one rendered unkilled."""
        path = Path(job.result_path)
        if not job.result_name or not path.is_file():
            return [f"job {job.pk} is done without its zip"]
        if job.done != job.total:
            return [f"job {job.pk} is done at {job.done}/{job.total}"]
        problems = []
        with zipfile.ZipFile(path) as bundle:
            names = bundle.namelist()
            if not self.references:  # the first job drew the charts: the references read them back
                self.references = self._references([name.split("-")[1] for name in names])
            for name in names:
                if _xlsx_content(bundle.read(name)) != self.references.get(name.split("-")[1]):
                    problems.append(
                        f"{name} in the zip differs from the report an unkilled run makes of the figures now"
                    )
        return problems

    def finish(self) -> dict[str, Any]:
        return {"progress": self.jobs_done}


def _whole_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.testzip() is None
    except (zipfile.BadZipFile, OSError, EOFError):
        return False


def _members(data: bytes) -> list[str] | None:
    """The reports in a zip, each itself whole; None when the zip or one of them is cut short."""
    if not _whole_zip(data):
        return None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if not all(_whole_zip(archive.read(name)) for name in archive.namelist()):
            return None
        return archive.namelist()


def _xlsx_content(data: bytes) -> list[list[Any]]:
    """Every cell of every sheet; the moment the report was made (a time of day) left out."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    cells: list[list[Any]] = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells.append(["<made at>" if isinstance(v, datetime) and v.time() != time() else v for v in row])
    return cells
