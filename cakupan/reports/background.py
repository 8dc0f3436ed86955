"""One region's report made in the background: a PDF with charts takes seconds (11 s for a province),
too long behind a plain link. The page asks for it, follows its progress and offers the file when it is
there; the direct address (`reports:download`) still answers with the file for scripts.

A report is made as the user who asked for it (the pages' region scope applies), so a job is followed
only by that user; the public's reports are the same for everyone and shared."""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils.translation import gettext_lazy

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.indicators.versions import month_version
from cakupan.jobs.models import Job
from cakupan.jobs.registry import job_kind
from cakupan.jobs.runner import JobContext
from cakupan.jobs.services import job_enqueue
from cakupan.regions.scope import NOTHING, RegionScope
from cakupan.reports.services import FORMATS, ReportError, report_render

REPORT_KIND = "reports.one"


def _asker(user: Any) -> int | None:
    return user.pk if getattr(user, "is_authenticated", False) else None


def report_job_params(*, user: Any, code: str, period: str, fmt: str, lang: str) -> dict[str, Any]:
    if fmt not in FORMATS:
        raise ReportError(f"unknown format {fmt!r}: pdf or xlsx")
    # The figures version makes new figures new work; the same request on the same figures is served the
    # file already made.
    return {
        "code": code,
        "period": period,
        "format": fmt,
        "lang": lang,
        "asker": _asker(user),
        "version": month_version(period),
    }


def report_job_enqueue(*, user: Any, code: str, period: str, fmt: str, lang: str) -> Job:
    params = report_job_params(user=user, code=code, period=period, fmt=fmt, lang=lang)
    job, _created = job_enqueue(kind=REPORT_KIND, params=params, by=user)
    return job


def report_job_get(user: Any, *, pk: int) -> Job:
    """The report job, for the user who asked for it only (the public's for the public); Http404 else."""
    job = Job.objects.filter(pk=pk, kind=REPORT_KIND).first()
    if job is None or job.params.get("asker") != _asker(user):
        raise Http404
    return job


def _describe(params: dict[str, Any]) -> str:
    language = "English" if params.get("lang") == "en" else "Bahasa Indonesia"
    return " · ".join([str(params.get("code", "")), str(params.get("period", "")), language])


def _holds(params: dict[str, Any]) -> RegionScope:
    """A report is made as its asker: restricted figures of the region and below, where the asker saw
    them."""
    asker_pk = params.get("asker")
    asker = get_user_model().objects.filter(pk=asker_pk).first() if asker_pk is not None else None
    if asker is None:
        return NOTHING  # the public's report
    return RegionScope.of([params["code"]]).intersect(access.scope(asker, Cap.VIEW_RESTRICTED))


@job_kind(REPORT_KIND, label=gettext_lazy("Monev report of a region"), describe=_describe, holds=_holds)
def report_one(context: JobContext) -> None:
    params = context.params
    asker = params.get("asker")
    user = get_user_model().objects.filter(pk=asker).first() if asker is not None else None
    # Stages by count (the page names them in the reader's language): 0 figures and charts, 1 the file.
    context.start(2)
    rendered = report_render(
        user=user or AnonymousUser(),
        code=params["code"],
        period=params["period"],
        fmt=params["format"],
        lang=params["lang"],
    )
    context.advance(force=True)
    target = context.folder / rendered.file_name
    temporary = target.with_suffix(target.suffix + ".part")
    temporary.write_bytes(rendered.content)
    os.replace(temporary, target)
    context.advance(message=rendered.file_name, force=True)
    context.finish(result_name=rendered.file_name)
