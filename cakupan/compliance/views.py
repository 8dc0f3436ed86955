from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.common.http import AuthenticatedHttpRequest
from cakupan.common.nik_guard import upload_name
from cakupan.common.stored_files import stored_file_response
from cakupan.compliance import downloads, selectors
from cakupan.compliance.evidence import evidence_path
from cakupan.compliance.forms import (
    EmployerForm,
    LicensingForm,
    OpenCaseForm,
    PositionForm,
    StepForm,
    UploadForm,
)
from cakupan.compliance.models import Case, EmployerPosition, Rule
from cakupan.compliance.services import (
    employer_update,
    employers_commit,
    employers_plan_checked,
    position_correct,
)
from cakupan.compliance.transitions import (
    CASE_OPENERS,
    STEPS,
    TransitionRefused,
    acting_role,
    allowed_steps,
    case_open,
    case_transition,
    role_refusal,
)
from cakupan.compliance.validation import EmployerValidation, validate_employers
from cakupan.compliance.workdays import holidays_known
from cakupan.imports import staging
from cakupan.imports.file_templates import import_guides
from cakupan.imports.models import ImportBatch
from cakupan.regions.models import Region
from cakupan.regions.selectors import region_get
from cakupan.reports.downloads import register_download, requested_format, requested_table

PER_PAGE = 50
MAX_UPLOAD = 50 * 1024 * 1024
CASE_VIEWS = ("open", "overdue", "week", "all")
# A refused letter is shown at the field it concerns.
LETTER_FIELDS = {
    "letter_number": "letter_number",
    "letter_future": "letter_date",
    "letter_old": "letter_date",
    "letter_order": "letter_date",
}


def _region(request: AuthenticatedHttpRequest, code: str) -> Region:
    region = region_get(code=code)
    if region is None:
        raise Http404
    if not selectors.can_view(request.user, region.code):
        raise PermissionDenied
    return region


def _details_region(request: AuthenticatedHttpRequest, code: str) -> Region:
    """A region whose working file (shortfalls) the user sees: not the licensing office's."""
    region = _region(request, code)
    if not selectors.sees_details(request.user, region.code):
        raise PermissionDenied
    return region


def _refused(request: AuthenticatedHttpRequest, message: str, back: str) -> HttpResponse:
    """A refused step: 403 with the reason in words."""
    return TemplateResponse(
        request, "compliance/refused.html", {"message": message, "back": back}, status=403
    )


def _can_open(request: AuthenticatedHttpRequest, region_code: str) -> bool:
    return acting_role(request.user, CASE_OPENERS, region_code) is not None


def _rule_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Rule.choices}


@login_required
def compliance_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = selectors.view_scope(request.user)
    if scope.is_empty:
        raise PermissionDenied
    roots = ["00"] if scope.everything else sorted(scope.roots)
    regions = Region.objects.filter(code__in=roots).order_by("code")
    next_year = timezone.localdate().year + 1
    return TemplateResponse(
        request,
        "compliance/index.html",
        {
            "regions": regions,
            "can_import": not selectors.import_scope(request.user).is_empty,
            "holidays_missing": next_year
            if selectors.works_cases(request.user) and not holidays_known(next_year)
            else None,
        },
    )


@login_required
def region_home(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    summary = selectors.region_summary(request.user, region_code=region.code)
    if (fmt := requested_format(request)) and summary is not None:
        table = requested_table(request, ("ringkasan", "tahap"))
        rows = downloads.summary_rows(summary) if table == "ringkasan" else downloads.stage_rows(summary)
        return register_download(rows, name=f"kepatuhan-{table}-{region.code}", fmt=fmt)
    children = Region.objects.filter(parent=region).order_by("code") if region.level < 2 else []
    return TemplateResponse(
        request, "compliance/region.html", {"region": region, "summary": summary, "children": children}
    )


@login_required
def employer_list(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    query = request.GET.get("q", "")[:100]
    if fmt := requested_format(request):
        found = selectors.employer_list(request.user, region_code=region.code, query=query)
        rows = list(downloads.employer_rows(found.iterator(chunk_size=downloads.CHUNK)))
        return register_download(rows, name=f"pemberi-kerja-{region.code}", fmt=fmt)
    page = Paginator(
        selectors.employer_list(request.user, region_code=region.code, query=query), PER_PAGE
    ).get_page(request.GET.get("halaman"))
    return TemplateResponse(
        request,
        "compliance/employer_list.html",
        {
            "region": region,
            "page": page,
            "query": query,
            "keep": urlencode({"q": query}) + "&" if query else "",
        },
    )


def _employer_or_404(request: AuthenticatedHttpRequest, pk: int) -> Any:
    employer = selectors.employer_get(request.user, pk=pk)
    if employer is None:
        raise Http404
    return employer


@login_required
def employer_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    employer = _employer_or_404(request, pk)
    finding = getattr(employer, "finding", None)
    # The licensing office sees identity, status and its letters: no finding figures, positions or wages.
    details = selectors.sees_details(request.user, employer.region_id)
    return TemplateResponse(
        request,
        "compliance/employer_detail.html",
        {
            "employer": employer,
            "details": details,
            "positions": selectors.employer_positions(employer)[:36] if details else [],
            "changes": employer.changes.select_related("changed_by")[:50] if details else [],
            "finding": finding,
            "cases": employer.cases.order_by("-opened_at"),
            "status": selectors.licensing_status(request.user, employer),
            "can_edit": selectors.can_edit(request.user, employer.region_id),
            "can_open": _can_open(request, employer.region_id),
            "rule_labels": _rule_labels(),
        },
    )


@login_required
def employer_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    employer = _employer_or_404(request, pk)
    if not selectors.can_edit(request.user, employer.region_id):
        raise PermissionDenied
    initial = {"name": employer.name, "region": employer.region_id, "npp": employer.npp, "nib": employer.nib}
    form = EmployerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        region = form.cleaned_data["region"]
        if not selectors.can_edit(request.user, region.code):
            form.add_error("region", _("You may not move an employer to a region outside yours."))
        else:
            try:
                _employer, changed = employer_update(employer=employer, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if changed:
                    messages.success(request, _("The employer's data were corrected."))
                return redirect("compliance:employer", pk=employer.pk)
    return TemplateResponse(request, "compliance/employer_edit.html", {"employer": employer, "form": form})


@login_required
def position_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    position = EmployerPosition.objects.select_related("employer").filter(pk=pk).first()
    if position is None or selectors.employer_get(request.user, pk=position.employer_id) is None:
        raise Http404
    if not selectors.can_edit(request.user, position.employer.region_id):
        raise PermissionDenied
    initial = {
        "reported_workers": position.reported_workers,
        "registered_workers": position.registered_workers,
        "reported_wages_idr": position.reported_wages_idr,
        "registered_wages_idr": position.registered_wages_idr,
        "programs": position.program_list,
    }
    form = PositionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        data["programs"] = ";".join(p for p in ("JKK", "JKM", "JHT", "JP", "JKP") if p in data["programs"])
        _position, changed = position_correct(position=position, by=request.user, reason=reason, figures=data)
        if changed:
            messages.success(request, _("The position was corrected and checked again."))
        return redirect("compliance:employer", pk=position.employer_id)
    return TemplateResponse(request, "compliance/position_edit.html", {"position": position, "form": form})


def _sort(request: AuthenticatedHttpRequest) -> tuple[str, bool]:
    sort = request.GET.get("urut", "kekurangan_iuran")
    if sort not in selectors.SORTS:
        sort = "kekurangan_iuran"
    return sort, request.GET.get("arah", "turun") != "naik"


@login_required
def candidate_list(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    region = _details_region(request, code)
    sort, descending = _sort(request)
    if fmt := requested_format(request):
        return _candidates_download(request, region, sort=sort, descending=descending, fmt=fmt)
    page = Paginator(
        selectors.candidate_list(request.user, region_code=region.code, sort=sort, descending=descending),
        PER_PAGE,
    ).get_page(request.GET.get("halaman"))
    cases = selectors.open_cases_by_employer([f.employer_id for f in page.object_list])
    rows = [(f, cases.get(f.employer_id), _can_open(request, f.region_id)) for f in page.object_list]
    columns = [
        ("nama", _("Employer")),
        ("wilayah", _("Region")),
        ("periode", _("Month")),
        ("kekurangan_pekerja", _("Workers not registered")),
        ("kekurangan_iuran", _("Estimated monthly contribution shortfall")),
    ]
    return TemplateResponse(
        request,
        "compliance/candidate_list.html",
        {
            "region": region,
            "page": page,
            "rows": rows,
            "sort": sort,
            "descending": descending,
            "columns": columns,
            "keep": urlencode({"urut": sort, "arah": "turun" if descending else "naik"}) + "&",
        },
    )


def _candidates_download(
    request: AuthenticatedHttpRequest, region: Region, *, sort: str, descending: bool, fmt: str
) -> HttpResponse:
    """Every candidate of the region (all pages), in the page's order, as the API gives them."""
    found = selectors.candidate_list(request.user, region_code=region.code, sort=sort, descending=descending)
    rows = [downloads.candidate_row(f) for f in found.iterator(chunk_size=downloads.CHUNK)]
    return register_download(rows, name=f"kandidat-{region.code}", fmt=fmt)


@login_required
def candidate_csv(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The address the CSV had before every table could be downloaded (`?unduh=csv`): kept for links."""
    region = _details_region(request, code)
    sort, descending = _sort(request)
    return _candidates_download(request, region, sort=sort, descending=descending, fmt="csv")


@require_POST
@login_required
def case_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    employer = _employer_or_404(request, pk)
    form = OpenCaseForm(request.POST)
    note = form.data.get("note", "").strip() if form.is_valid() else ""
    finding = getattr(employer, "finding", None)
    if not note and finding is not None:
        note = _("Opened from the candidates list: %(rules)s in %(period)s.") % {
            "rules": ", ".join(finding.rule_list),
            "period": finding.period,
        }
    try:
        case = case_open(employer=employer, by=request.user, note=note or "-")
    except TransitionRefused as exc:
        if exc.code == "role":
            return _refused(request, str(exc), reverse("compliance:employer", kwargs={"pk": employer.pk}))
        messages.error(request, str(exc))
        return redirect("compliance:employer", pk=employer.pk)
    messages.success(request, _("Case #%(id)d opened.") % {"id": case.pk})
    return redirect("compliance:case", pk=case.pk)


@login_required
def case_list(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    view = request.GET.get("tampil", "open")
    if view not in CASE_VIEWS:
        view = "open"
    today = timezone.localdate()
    cases = selectors.case_list(request.user, region_code=region.code, view=view, today=today)
    if fmt := requested_format(request):
        rows = list(
            downloads.case_rows(cases.iterator(chunk_size=downloads.CHUNK), today=today, user=request.user)
        )
        return register_download(rows, name=f"kasus-{view}-{region.code}", fmt=fmt)
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("halaman"))
    views = [("open", _("Open")), ("overdue", _("Overdue")), ("week", _("Due this week")), ("all", _("All"))]
    return TemplateResponse(
        request,
        "compliance/case_list.html",
        {"region": region, "page": page, "view": view, "views": views, "today": today},
    )


def _case_or_404(request: AuthenticatedHttpRequest, pk: int) -> Case:
    case = selectors.case_get(request.user, pk=pk)
    if case is None:
        raise Http404
    return case


def _case_page(
    request: AuthenticatedHttpRequest, case: Case, forms: dict[str, StepForm] | None = None, error: str = ""
) -> HttpResponse:
    today = timezone.localdate()
    steps = [
        (step, problem, (forms or {}).get(step.action) or StepForm(auto_id=f"id_{step.action}_%s"))
        for step, problem in allowed_steps(case, request.user, today)
    ]
    return TemplateResponse(
        request,
        "compliance/case_detail.html",
        {
            "case": case,
            "events": selectors.case_timeline(request.user, case),
            "details": selectors.sees_details(request.user, case.region_id),
            "step_date": selectors.case_step_date(case),
            "steps": steps,
            "today": today,
            "overdue": case.is_open and case.due_date is not None and case.due_date < today,
            "rule_labels": _rule_labels(),
            "error": error,
        },
        status=400 if forms else 200,
    )


@login_required
def case_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, _case_or_404(request, pk))


@require_POST
@login_required
def case_step(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    case = _case_or_404(request, pk)
    if action not in STEPS:
        raise Http404
    refused = role_refusal(case, STEPS[action], request.user)
    if refused is not None:
        return _refused(request, str(refused), reverse("compliance:case", kwargs={"pk": case.pk}))
    form = StepForm(request.POST, request.FILES, auto_id=f"id_{action}_%s")
    if not form.is_valid():
        return _case_page(request, case, {action: form})
    try:
        case = case_transition(
            case=case,
            action=action,
            by=request.user,
            note=form.cleaned_data["note"],
            letter_number=form.cleaned_data["letter_number"],
            letter_date=form.cleaned_data["letter_date"],
            letter_file=form.cleaned_data["letter_file"],
            files=form.cleaned_data["evidence"],
        )
    except TransitionRefused as exc:
        if exc.code == "role":
            return _refused(request, str(exc), reverse("compliance:case", kwargs={"pk": case.pk}))
        form.add_error(LETTER_FIELDS.get(exc.code), str(exc))
        return _case_page(request, case, {action: form}, error=str(exc))
    messages.success(
        request,
        _("Case #%(id)d is now at “%(status)s”.") % {"id": case.pk, "status": case.get_status_display()},
    )
    return redirect("compliance:case", pk=case.pk)


@login_required
def evidence_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    item = selectors.evidence_get(request.user, pk=pk)
    if item is None:
        raise Http404
    return stored_file_response(
        evidence_path(item.stored_name), content_type=item.content_type, file_name=item.file_name
    )


@login_required
def licensing_check(request: AuthenticatedHttpRequest) -> HttpResponse:
    if selectors.view_scope(request.user).is_empty:
        raise PermissionDenied
    form = LicensingForm(request.GET or None)
    employer = status = None
    ambiguous: list[Any] = []
    searched = False
    if form.is_valid():
        searched = True
        try:
            employer = selectors.employer_find(request.user, identifier=form.cleaned_data["id"])
        except selectors.EmployerAmbiguous as exc:
            ambiguous = exc.employers
        status = selectors.licensing_status(request.user, employer) if employer is not None else None
    return TemplateResponse(
        request,
        "compliance/licensing.html",
        {
            "form": form,
            "employer": employer,
            "status": status,
            "searched": searched,
            "ambiguous": ambiguous,
            "rule_labels": _rule_labels(),
        },
    )


@login_required
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An employers file: refused at once with every problem, or staged for its preview."""
    scope = selectors.import_scope(request.user)
    if scope.is_empty:
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        upload.name = upload_name(upload.name, kind="employers")  # a NIK in the name is never kept or shown
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("The file is larger than 50 MB."))
        else:
            content = upload.read()
            validation = validate_employers(file_name=upload.name, content=content, scope=scope)
            if validation.ok:
                employers_plan_checked(validation=validation)
            if not validation.ok:
                return _file_refused(request, form, validation)
            token = staging.stage(
                area=STAGING_AREA,
                dataset="employers",
                file_name=upload.name,
                user_id=request.user.pk,
                content=content,
            )
            return redirect("compliance:import-preview", token=token)
    return TemplateResponse(
        request,
        "compliance/import_upload.html",
        {
            "form": form,
            "imports": selectors.import_list(request.user)[:20],
            "guides": import_guides(["employers"]),
        },
    )


STAGING_AREA = "compliance-staging"
REFUSED_PROBLEMS_SHOWN = 500


def _file_refused(
    request: AuthenticatedHttpRequest, form: UploadForm, validation: EmployerValidation
) -> HttpResponse:
    """A refused file is answered at once with every problem and never kept: it may hold what must not be
    stored (a NIK in the wrong file)."""
    problems = validation.problems[:REFUSED_PROBLEMS_SHOWN]
    return TemplateResponse(
        request,
        "compliance/import_upload.html",
        {
            "form": form,
            "validation": validation,
            "problems": problems,
            "more_problems": len(validation.problems) - len(problems),
            "imports": selectors.import_list(request.user)[:20],
            "guides": import_guides(["employers"]),
        },
        status=422,
    )


def _staged(request: AuthenticatedHttpRequest, token: str) -> tuple[staging.Staged, EmployerValidation]:
    """The staged file validated again: the stored employers, the regions or the user's roles may have
    changed since it was sent."""
    staged = staging.load(token=token, user_id=request.user.pk, area=STAGING_AREA)
    if staged is None:
        raise Http404
    scope = selectors.import_scope(request.user)
    if scope.is_empty:
        raise PermissionDenied
    validation = validate_employers(file_name=staged.file_name, content=staged.content, scope=scope)
    return staged, validation


@login_required
def import_preview(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """What the file holds, how it was read and what storing it would change, before anything is stored."""
    staged, validation = _staged(request, token)
    plan = employers_plan_checked(validation=validation) if validation.ok else None
    problems = validation.problems[:REFUSED_PROBLEMS_SHOWN]
    context = {
        "staged": staged,
        "validation": validation,
        "plan": plan,
        "problems": problems,
        "more_problems": len(validation.problems) - len(problems),
    }
    return TemplateResponse(request, "compliance/import_preview.html", context)


@require_POST
@login_required
def import_confirm(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    staged, validation = _staged(request, token)
    with transaction.atomic():  # the plan and the commit see the same stored data
        plan = employers_plan_checked(validation=validation) if validation.ok else None
        if plan is None or not validation.ok:
            return redirect("compliance:import-preview", token=token)
        batch, _plan, _findings = employers_commit(
            validation=validation, by=request.user, source=ImportBatch.Source.WEB, plan=plan
        )
    staging.discard(token=token, area=STAGING_AREA)
    if batch is None:
        messages.info(request, _("Nothing changed: every position in the file equals the stored one."))
        return redirect("compliance:import-upload")
    messages.success(
        request,
        _("Imported %(file)s as employers import #%(id)d.") % {"file": staged.file_name, "id": batch.pk},
    )
    return redirect("imports:batch", pk=batch.pk)


@login_required
def import_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The page of an employers import recorded before every dataset shared one batch page, by its old
    number: sent on to the batch it became."""
    if selectors.view_scope(request.user).is_empty and selectors.import_scope(request.user).is_empty:
        raise PermissionDenied
    batch = selectors.import_legacy_get(request.user, legacy_id=pk)
    if batch is None:
        raise Http404
    return redirect("imports:batch", pk=batch.pk)
