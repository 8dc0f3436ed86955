from __future__ import annotations

import mimetypes
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.template.response import TemplateResponse

from cakupan.common.http import AuthenticatedHttpRequest
from cakupan.common.stored_files import stored_file_response
from cakupan.jobs.selectors import job_administers, job_get, job_list, job_result_get


@login_required
def job_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    return TemplateResponse(request, "jobs/list.html", {"jobs": job_list(request.user)})


@login_required
def job_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = job_get(request.user, pk=pk)
    # HTMX polls the progress part until the job has finished.
    template = "jobs/_status.html" if request.GET.get("bagian") == "status" else "jobs/detail.html"
    return TemplateResponse(request, template, {"job": job, "administers": job_administers(request.user)})


@login_required
def job_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    _job, path = job_result_get(request.user, pk=pk)
    return result_file_response(path)


def result_file_response(path: Path) -> FileResponse:
    """A job's file (a zip of 552 reports runs to hundreds of MB), streamed from disk."""
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return stored_file_response(path, content_type=content_type, file_name=path.name)
