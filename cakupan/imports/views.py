from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.common.http import AuthenticatedHttpRequest
from cakupan.common.nik_guard import upload_name
from cakupan.imports import file_templates, registry, staging, stores
from cakupan.imports.datasets import upload_datasets
from cakupan.imports.forms import UploadForm
from cakupan.imports.models import ImportBatch
from cakupan.imports.selectors import (
    batch_changes,
    batch_in_your_regions,
    batch_list,
    batch_read,
    batch_region_codes,
    import_scope,
    importable_datasets,
    replaced_figures,
)
from cakupan.imports.services import import_commit, import_plan
from cakupan.imports.validation import Validation, validate_file

PROBLEMS_PER_PAGE = 200
# A refused file is not kept, so its problems are shown on one page; more than this is a wrong file.
REFUSED_PROBLEMS_SHOWN = 2000


def _importable(request: AuthenticatedHttpRequest) -> list[str]:
    """The datasets this user may import; none is a 403."""
    allowed = importable_datasets(request.user, upload_datasets())
    if not allowed:
        raise PermissionDenied
    return allowed


def _validate(request: AuthenticatedHttpRequest, staged: staging.Staged) -> Validation:
    scope = import_scope(request.user, staged.dataset)
    if scope.is_empty:
        raise PermissionDenied
    return validate_file(
        dataset_name=staged.dataset, file_name=staged.file_name, content=staged.content, scope=scope
    )


@login_required
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    allowed = _importable(request)
    form = UploadForm(request.POST or None, request.FILES or None, datasets=allowed)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dataset, content = form.cleaned_data["dataset"], upload.read()
        upload.name = upload_name(upload.name, kind=dataset)  # a NIK in the name is never kept or shown
        refused = _refused(request, dataset=dataset, file_name=upload.name, content=content)
        if refused is not None:
            return refused
        token = staging.stage(
            dataset=dataset, file_name=upload.name, user_id=request.user.pk, content=content
        )
        return redirect("imports:preview", token=token)
    return TemplateResponse(
        request,
        "imports/upload.html",
        {
            "form": form,
            "datasets": {n: registry.get(n) for n in allowed},
            "guides": file_templates.import_guides(allowed),
            "batches": batch_list(request.user)[:20],
        },
    )


def _refused(
    request: AuthenticatedHttpRequest, *, dataset: str, file_name: str, content: bytes
) -> HttpResponse | None:
    """A refused file is answered at once and never kept: it may hold what must not be stored (a NIK in
    the wrong file). Only a valid file is staged for its preview."""
    validation = validate_file(
        dataset_name=dataset,
        file_name=file_name,
        content=content,
        scope=import_scope(request.user, dataset),
    )
    if validation.ok:
        return None
    shown = validation.problems[:REFUSED_PROBLEMS_SHOWN]
    return TemplateResponse(
        request,
        "imports/preview.html",
        {
            "staged": {"file_name": file_name, "dataset": dataset},
            "validation": validation,
            "problems": shown,
            "more_problems": len(validation.problems) - len(shown),
        },
        status=422,
    )


@login_required
def import_preview(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    staged = staging.load(token=token, user_id=request.user.pk)
    if staged is None:
        raise Http404
    validation = _validate(request, staged)
    plan = import_plan(validation=validation) if validation.ok else None
    problems = Paginator(validation.problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("halaman"))
    replaced = replaced_figures(request.user, plan) if plan is not None else []
    return TemplateResponse(
        request,
        "imports/preview.html",
        {
            "staged": staged,
            "validation": validation,
            "plan": plan,
            "problems": problems,
            "replaced": replaced,
        },
    )


@require_POST
@login_required
def import_confirm(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    staged = staging.load(token=token, user_id=request.user.pk)
    if staged is None:
        raise Http404
    # Validated again: the stored figures, the region master or the user's roles may have changed.
    validation = _validate(request, staged)
    if not validation.ok:
        return redirect("imports:preview", token=token)
    batch, _plan = import_commit(validation=validation, by=request.user, source=ImportBatch.Source.WEB)
    staging.discard(token=token)
    if batch is None:
        messages.info(request, _("Nothing changed: every figure in the file equals the stored one."))
        return redirect("imports:upload")
    messages.success(
        request, _("Imported %(file)s as batch #%(id)d.") % {"file": batch.file_name, "id": batch.pk}
    )
    return redirect("imports:batch", pk=batch.pk)


@login_required
def import_batch_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One batch of any dataset, and what it replaced in the regions the reader may see."""
    batch = batch_read(request.user, pk=pk)
    changes = Paginator(batch_changes(request.user, batch), 200).get_page(request.GET.get("halaman"))
    store = stores.store_for(batch.dataset) if batch.dataset in stores.stored_datasets() else None
    context = {
        "batch": batch,
        "in_yours": batch_in_your_regions(request.user, batch),
        "region_codes": batch_region_codes(request.user, batch),
        "changes": changes,
        "changes_template": store.changes_template if store else "",
        "label": registry.get(batch.dataset).label if batch.dataset in registry.names() else batch.dataset,
    }
    return TemplateResponse(request, "imports/batch.html", context)


@login_required
def import_template(request: AuthenticatedHttpRequest, dataset: str, kind: str) -> HttpResponse:
    """A blank file of a dataset to fill in: XLSX (data, example and instructions sheets), or CSV of the
    header alone (`csv`) or of the header and an example row (`contoh.csv`)."""
    if dataset not in registry.names() or kind.rpartition(".")[2] not in registry.get(dataset).has_templates:
        raise Http404
    spec = registry.get(dataset)
    if kind == "xlsx":
        body = file_templates.template_xlsx(spec)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        name = f"templat-{dataset}.xlsx"
    elif kind in ("csv", "contoh.csv"):
        body = file_templates.template_csv(spec, example=kind == "contoh.csv")
        content_type = "text/csv; charset=utf-8"
        name = f"{'contoh' if kind == 'contoh.csv' else 'templat'}-{dataset}.csv"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
