"""The audit page for administrators: read-only. There is no view that edits or deletes an event."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from cakupan.accounts.access import can
from cakupan.accounts.audit_trail.forms import AuditFilterForm
from cakupan.accounts.audit_trail.selectors import audit_entity_types, audit_event_get, audit_event_list
from cakupan.accounts.roles import Cap
from cakupan.common.http import AuthenticatedHttpRequest

PER_PAGE = 100


def _require_audit_reader(request: AuthenticatedHttpRequest) -> None:
    if not can(request.user, Cap.VIEW_AUDIT):
        raise PermissionDenied


@require_safe
@login_required
def audit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_audit_reader(request)
    form = AuditFilterForm(request.GET or None, entity_types=audit_entity_types(request.user))
    events = audit_event_list(request.user, filters=form.filters())
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("halaman"))
    return TemplateResponse(request, "audit/list.html", {"form": form, "page": page})


@require_safe
@login_required
def audit_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_audit_reader(request)
    event = audit_event_get(request.user, pk=pk)
    if event is None:
        raise Http404
    return TemplateResponse(request, "audit/detail.html", {"event": event, "changes": event.field_changes()})
