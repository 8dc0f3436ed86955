"""The pages of vulnerable-worker funding and the budget lines: parse the request, call the selector or
service, render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.common.http import AuthenticatedHttpRequest, HtmxHttpRequest
from cakupan.imports.models import ImportBatch
from cakupan.monev.funding import downloads, selectors
from cakupan.monev.funding.forms import BudgetLineEntryForm, FundingEntryForm
from cakupan.monev.importing import validate_monev_entry
from cakupan.monev.selectors import can_write, region_for_register, require_write
from cakupan.monev.services import monev_import_commit
from cakupan.reports.downloads import register_download, requested_format, requested_table


def funding(request: HtmxHttpRequest, code: str) -> HttpResponse:
    region = region_for_register(request.user, code=code)
    page = selectors.funding_page(request.user, region=region)
    if fmt := requested_format(request):
        table = requested_table(request, ("pendanaan", "riwayat"))
        rows = downloads.funding_rows(page) if table == "pendanaan" else downloads.funding_history_rows(page)
        return register_download(rows, name=f"{table}-{region.code}", fmt=fmt)
    context = {"page": page, "region": region, "can_write": can_write(request.user, region.code)}
    return TemplateResponse(request, "monev/funding.html", context)


@login_required
def funding_entry(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    return _register_entry(
        request,
        code=code,
        form_class=FundingEntryForm,
        dataset="vulnerable_funding",
        saved=_("Funding saved."),
        done_url="monev:funding",
        template="monev/funding_entry.html",
    )


def _register_entry(
    request: AuthenticatedHttpRequest,
    *,
    code: str,
    form_class: type[forms.Form],
    dataset: str,
    saved: str,
    done_url: str,
    template: str,
) -> HttpResponse:
    """One row of a Monev dataset typed in a form: validated and committed as a file's row would be."""
    region = region_for_register(request.user, code=code)
    require_write(request.user, region.code)
    form = form_class(request.POST or None)
    problems: list[object] = []
    if request.method == "POST" and form.is_valid():
        validation = validate_monev_entry(
            dataset_name=dataset,
            data=dict(form.cleaned_data) | {"region_code": region.code},
            scope=access.scope(request.user, Cap.WRITE_MONEV),
            label=_("entry form"),
        )
        if validation.ok:
            batch, _plan = monev_import_commit(
                validation=validation, by=request.user, source=ImportBatch.Source.ENTRY
            )
            if batch is None:
                messages.info(request, _("Nothing changed: the stored row is the same."))
            else:
                messages.success(request, saved)
            return redirect(done_url, code=region.code)
        problems = list(validation.problems)
    return TemplateResponse(request, template, {"form": form, "region": region, "problems": problems})


def budget(request: HtmxHttpRequest, code: str) -> HttpResponse:
    region = region_for_register(request.user, code=code)
    page = selectors.budget_page(request.user, region=region)
    if fmt := requested_format(request):
        table = requested_table(request, ("anggaran", "rincian", "riwayat"))
        rows = {
            "anggaran": downloads.budget_rows,
            "rincian": downloads.budget_detail_rows,
            "riwayat": downloads.budget_history_rows,
        }[table](page)
        return register_download(rows, name=f"{table}-{region.code}", fmt=fmt)
    context = {"page": page, "region": region, "can_write": can_write(request.user, region.code)}
    return TemplateResponse(request, "monev/budget.html", context)


@login_required
def budget_entry(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    return _register_entry(
        request,
        code=code,
        form_class=BudgetLineEntryForm,
        dataset="budget_lines",
        saved=_("Budget line saved."),
        done_url="monev:budget",
        template="monev/budget_entry.html",
    )
