from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.accounts import access
from cakupan.accounts.forms import TokenForm
from cakupan.accounts.models import ApiToken
from cakupan.accounts.roles import ROLE_CAPS, Cap, Role
from cakupan.accounts.tokens import token_create, token_revoke
from cakupan.common.http import AuthenticatedHttpRequest


def _api_roles(request: AuthenticatedHttpRequest) -> list[tuple[str, str]]:
    labels = dict(Role.choices)
    return [
        (role, str(labels[role]))
        for role, _w in access.grants(request.user)
        if Cap.USE_API in ROLE_CAPS[role]
    ]


@login_required
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's roles and regions, and their API tokens."""
    labels = dict(Role.choices)
    grants = [
        (labels[role], "nasional" if where.everything else ", ".join(sorted(where.roots)))
        for role, where in access.grants(request.user)
    ]
    roles = _api_roles(request)
    form = TokenForm(request.POST or None, roles=roles) if roles else None
    created = None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                token, plain = token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    role=form.cleaned_data["role"],
                    region_codes=form.cleaned_data["regions"],
                    days=form.cleaned_data["days"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                created = (token, plain)
                form = TokenForm(roles=roles)
    tokens = ApiToken.objects.filter(user=request.user).prefetch_related("regions")
    return TemplateResponse(
        request,
        "accounts/account.html",
        {"grants": grants, "form": form, "tokens": tokens, "created": created},
    )


@require_POST
@login_required
def token_revoke_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, pk=pk).first()
    if token is None:
        raise Http404
    token_revoke(token=token)
    messages.success(request, _("Token %(name)s is revoked.") % {"name": token.name})
    return redirect("accounts:account")
