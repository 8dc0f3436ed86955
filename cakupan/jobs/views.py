from __future__ import annotations

import mimetypes
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.template.response import TemplateResponse

from cakupan.common.http import AuthenticatedHttpRequest
from cakupan.jobs.selectors import job_administers, job_get, job_list


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
    job = job_get(request.user, pk=pk)
    path = Path(job.result_path) if job.result_path else None
    if job.status != job.Status.DONE or path is None or not path.is_file():
        raise Http404
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name, content_type=content_type)
