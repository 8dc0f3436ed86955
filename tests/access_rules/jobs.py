"""Access rules for the background-job routes: a job is seen by whoever asked for it and by
administrators (and, for kinds that say so, by whoever may ask for the same work); nobody else learns
that it exists."""

from __future__ import annotations

import threading

from cakupan.jobs.services import job_enqueue
from cakupan.jobs.tests import kinds  # noqa: F401  (registers the test job kind)
from cakupan.jobs.worker import worker_run
from tests.access_rules import Check, split
from tests.personas import Personas


def rules(personas: Personas) -> dict[str, list[Check]]:
    job, _ = job_enqueue(kind="test.count", params={"items": 2}, by=personas.officer_a)
    worker_run(stop=threading.Event(), once=True)
    mine = {"officer_a", "national_admin"}
    return {
        "jobs:list": [
            Check(
                "GET",
                "/tugas/",
                split(set(), 200, 200, 302),
                forbidden_text={"officer_b": f"/tugas/{job.pk}/"},
                required_text={"officer_a": f"/tugas/{job.pk}/"},
            )
        ],
        "jobs:detail": [Check("GET", f"/tugas/{job.pk}/", split(mine, 200, 404, 302))],
        "jobs:download": [Check("GET", f"/tugas/{job.pk}/unduh/", split(mine, 200, 404, 302))],
    }
