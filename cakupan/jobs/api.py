from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import Field, Router, Schema

from cakupan.common.api import WRITE_AUTH, Error, responses
from cakupan.jobs.models import Job
from cakupan.jobs.registry import kind_label
from cakupan.jobs.selectors import job_administers, job_get, job_result_get
from cakupan.jobs.views import result_file_response

router = Router(tags=["jobs"], auth=WRITE_AUTH)


class JobOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: str = Field(..., description="queued, running, done or failed")
    status_label: str
    done: int
    total: int
    percent: int
    message: str
    # A failed job's error text, for administrators only; everyone else quotes `error_reference`.
    error: str
    error_reference: str | None
    result_url: str | None


def job_out(job: Job, viewer: Any = None) -> dict[str, Any]:
    """The job as the API answers it; the error text only when `viewer` is an administrator."""
    failed = job.status == Job.Status.FAILED
    return {
        "id": job.pk,
        "kind": job.kind,
        "kind_label": kind_label(job.kind),
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "message": job.message,
        "error": job.error if failed and job_administers(viewer) else "",
        "error_reference": job.reference if failed else None,
        # Fetched with the same token as the job (the web pages link their own address).
        "result_url": f"/api/v1/jobs/{job.pk}/result"
        if job.status == Job.Status.DONE and job.result_name
        else None,
    }


@router.get(
    "/{job_id}",
    response=responses({200: JobOut, 404: Error}),
    summary="Progress and result of a background job",
)
def job_detail(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """A job the caller asked for (or may follow); the result is downloaded from `result_url`."""
    return job_out(job_get(request.user, pk=job_id), request.user)


RESULT_RESPONSES = {
    "200": {
        "description": "The file the job made, as an attachment",
        "content": {
            kind: {"schema": {"type": "string", "format": "binary"}}
            for kind in (
                "application/pdf",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/zip",
            )
        },
    }
}


@router.get(
    "/{job_id}/result",
    openapi_extra={"responses": RESULT_RESPONSES},
    response=responses({404: Error}),
    summary="The file a finished job made",
)
def job_result(request: HttpRequest, job_id: int) -> FileResponse:
    """The result of a job the caller may follow, when it holds nothing of regions outside the caller's
    (a token's) regions; 404 before the job is done, or for a job the caller may not follow."""
    _job, path = job_result_get(request.user, pk=job_id)
    return result_file_response(path)
