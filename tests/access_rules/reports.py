"""Access rules for the reports: a report reads like its region page (public down to the regencies,
districts only with a role there); batches are asked for and followed by users with a role; the API
operations follow the same rules with tokens or sessions."""

from __future__ import annotations

from cakupan.jobs.runner import job_execute
from cakupan.jobs.services import job_claim, job_enqueue
from cakupan.reports.background import report_job_enqueue
from cakupan.reports.services import BATCH_KIND, batch_params
from tests.access_rules import LOGGED_IN, SEES_A_DETAIL, Check, everyone, split
from tests.personas import Personas


def rules(personas: Personas) -> dict[str, list[Check]]:
    district = "53.71.01"
    job, _ = job_enqueue(
        kind=BATCH_KIND,
        # PDF: not the batch the route checks below ask for, which would serve it to every persona.
        params=batch_params(level="provinsi", period="2024-06", fmt="pdf", lang="id"),
        by=personas.officer_a,
    )
    batch = lambda: {"periode": "2024-06", "tingkat": "provinsi", "format": "xlsx"}  # noqa: E731
    # A report made in the background for officer A: followed and taken by officer A alone.
    made = report_job_enqueue(user=personas.officer_a, code="53", period="2024-06", fmt="xlsx", lang="id")
    claimed = job_claim(worker="access-matrix", pk=made.pk)
    assert claimed is not None
    job_execute(claimed)
    return {
        "reports:download": [
            Check("GET", "/laporan/53/2024-06.xlsx", everyone(200)),
            Check("GET", f"/laporan/{district}/2024-06.xlsx", split(SEES_A_DETAIL, 200, 403, 403)),
        ],
        # Asking for a report in the background: as the page (public down to the regencies).
        "reports:make": [
            Check("POST", "/laporan/53/2024-06.xlsx/buat/", everyone(302)),
            Check("POST", f"/laporan/{district}/2024-06.xlsx/buat/", split(SEES_A_DETAIL, 302, 403, 403)),
        ],
        "reports:made": [
            Check("GET", f"/laporan/dibuat/{made.pk}/", split({"officer_a"}, 200, 404, 404)),
        ],
        "reports:made-download": [
            Check("GET", f"/laporan/dibuat/{made.pk}/unduh/", split({"officer_a"}, 200, 404, 404)),
        ],
        "reports:table": [
            Check("GET", "/laporan/53/2024-06/anak.csv", everyone(200)),
            Check("GET", "/laporan/53/2024-06/peta.geojson", everyone(200)),
            Check("GET", f"/laporan/{district}/2024-06/tren.json", split(SEES_A_DETAIL, 200, 403, 403)),
        ],
        # Every persona of the matrix holds a role; the public is sent to log in.
        "reports:batch": [
            Check("GET", "/laporan/batch/", split(set(LOGGED_IN), 200, 200, 302)),
            Check("POST", "/laporan/batch/", split(set(LOGGED_IN), 302, 302, 302), data=batch),
        ],
        "api:report_file": [
            Check("GET", "/api/v1/reports/53/2024-06?format=xlsx", everyone(200)),
            Check("GET", f"/api/v1/reports/{district}/2024-06", split(SEES_A_DETAIL, 200, 403, 403)),
        ],
        "api:batch_create": [
            Check(
                "POST",
                "/api/v1/reports/batch",
                split(set(LOGGED_IN), 202, 202, 401),
                data=lambda: {"level": "provinsi", "period": "2024-06", "format": "xlsx"},
                json=True,
            ),
        ],
        "api:summary_file": [
            Check(
                "GET",
                "/api/v1/reports/summary/2024/2?format=xlsx",
                split({"national_admin", "national_analyst"}, 200, 403, 401),
            )
        ],
        # A job is followed by who asked for it, whom an identical request of theirs was given it, and the
        # administrators; nobody else learns of it.
        "api:job_detail": [
            Check("GET", f"/api/v1/jobs/{job.pk}", split({"officer_a", "national_admin"}, 200, 404, 401))
        ],
        # Its file: for whoever may follow the job and sees every region whose restricted figures it holds.
        "api:job_result": [
            Check(
                "GET", f"/api/v1/jobs/{made.pk}/result", split({"officer_a", "national_admin"}, 200, 404, 401)
            )
        ],
    }
