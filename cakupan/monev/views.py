"""The Monev register's own pages: its index and the upload of its datasets (check, preview, store). The
pages of each sub-domain are in its package; each view parses, calls a selector or service, and renders,
and every form works without JavaScript (plain POST and redirect)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.common.http import AuthenticatedHttpRequest, HtmxHttpRequest
from cakupan.common.nik_guard import upload_name
from cakupan.imports import staging
from cakupan.imports.file_templates import import_guides
from cakupan.imports.models import ImportBatch
from cakupan.indicators.params import ParameterMissing
from cakupan.monev import selectors, services
from cakupan.monev.forms import DatasetUploadForm
from cakupan.monev.funding.services import funding_check
from cakupan.monev.importing import MonevValidation, validate_monev_file
from cakupan.monev.summary.selectors import summary_allowed
from cakupan.regions.models import Region

# Monev uploads wait apart from the figures' uploads (a token of one page is never found by the other).
STAGING_AREA = "monev-staging"


def index(request: HtmxHttpRequest) -> HttpResponse:
    user = request.user
    scope = selectors.records_scope(user)
    provinces = list(Region.objects.filter(level=Region.Level.PROVINCE).order_by("code"))
    context = {
        "record_codes": {p.code for p in provinces if scope.covers(p.code)},
        "can_import": bool(selectors.importable_datasets(user)),
        "can_read_records": not scope.is_empty,
        "can_summary": summary_allowed(user),
        "provinces": provinces,
    }
    return TemplateResponse(request, "monev/index.html", context)


# --- regulations ---------------------------------------------------------------------------------------


# --- meetings and follow-ups ---------------------------------------------------------------------------


# --- vulnerable-worker funding -------------------------------------------------------------------------


# --- the budget register -------------------------------------------------------------------------------


# --- dataset imports (vulnerable_funding, benefits) ----------------------------------------------------


@login_required
def dataset_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    datasets = selectors.importable_datasets(request.user)
    if not datasets:
        raise PermissionDenied
    initial = {"dataset": request.GET.get("dataset")} if request.method == "GET" else None
    form = DatasetUploadForm(request.POST or None, request.FILES or None, datasets=datasets, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dataset, content = form.cleaned_data["dataset"], upload.read()
        upload.name = upload_name(upload.name, kind=dataset)  # a NIK in the name is never kept or shown
        # A refused file is answered at once and never kept: it may hold what must not be stored (a NIK
        # in the wrong file). Only a valid file is staged for its preview.
        validation = validate_monev_file(
            dataset_name=dataset,
            file_name=upload.name,
            content=content,
            scope=selectors.import_scope(request.user, dataset),
        )
        if not validation.ok:
            refused = {"staged": {"file_name": upload.name, "dataset": dataset}, "validation": validation}
            return TemplateResponse(request, "monev/dataset_preview.html", refused, status=422)
        token = staging.stage(
            area=STAGING_AREA,
            dataset=dataset,
            file_name=upload.name,
            user_id=request.user.pk,
            content=content,
        )
        return redirect("monev:dataset-preview", token=token)
    batches = ImportBatch.objects.filter(uploaded_by=request.user, dataset__in=datasets)[:20]
    context = {"form": form, "batches": batches, "datasets": datasets, "guides": import_guides(datasets)}
    return TemplateResponse(request, "monev/dataset_upload.html", context)


def _staged_validation(
    request: AuthenticatedHttpRequest, token: str
) -> tuple[staging.Staged, MonevValidation]:
    staged = staging.load(token=token, user_id=request.user.pk, area=STAGING_AREA)
    if staged is None:
        raise Http404
    scope = selectors.import_scope(request.user, staged.dataset)
    if scope.is_empty:
        raise PermissionDenied
    validation = validate_monev_file(
        dataset_name=staged.dataset, file_name=staged.file_name, content=staged.content, scope=scope
    )
    return staged, validation


@login_required
def dataset_preview(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    staged, validation = _staged_validation(request, token)
    plan = services.monev_import_plan(validation=validation) if validation.ok else None
    checks = []
    missing: list[tuple[object, str]] = []
    if validation.ok and staged.dataset == "vulnerable_funding":
        for row in validation.rows:
            v = row.values
            try:
                check = funding_check(
                    workers=v["workers"], months=v["months"], amount_idr=v["amount_idr"], year=v["year"]
                )
            except ParameterMissing as exc:
                missing.append((row, str(exc)))
                continue
            if not check.agrees:
                checks.append((row, check))
    context = {
        "staged": staged,
        "validation": validation,
        "plan": plan,
        "warnings": checks,
        "unchecked": missing,
    }
    return TemplateResponse(request, "monev/dataset_preview.html", context)


@require_POST
@login_required
def dataset_confirm(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    _staged, validation = _staged_validation(request, token)
    if not validation.ok:
        return redirect("monev:dataset-preview", token=token)
    batch, _plan = services.monev_import_commit(
        validation=validation,
        by=request.user,
        source=ImportBatch.Source.WEB,
    )
    staging.discard(token=token, area=STAGING_AREA)
    if batch is None:
        messages.info(request, _("Nothing changed: every row in the file equals the stored one."))
        return redirect("monev:dataset-upload")
    messages.success(
        request,
        _("Imported %(file)s as Monev batch #%(id)d.") % {"file": batch.file_name, "id": batch.pk},
    )
    return redirect("imports:batch", pk=batch.pk)  # the one batch page of every dataset


# --- benefits -------------------------------------------------------------------------------------------


# --- targets --------------------------------------------------------------------------------------------


# --- non-ASN staff and village officials ---------------------------------------------------------------


# --- scorecard ------------------------------------------------------------------------------------------


# --- six-monthly national summary ------------------------------------------------------------------------
