from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.accounts import access
from cakupan.accounts.forms import EmailPreferenceForm, TokenForm
from cakupan.accounts.models import ApiToken
from cakupan.accounts.roles import ROLE_CAPS, Cap, Role
from cakupan.accounts.services import (
    email_enabled,
    email_preference_of,
    email_preference_set,
    email_verification_send,
    email_verify,
)
from cakupan.accounts.tokens import token_create, token_revoke
from cakupan.common.http import AuthenticatedHttpRequest

logger = logging.getLogger(__name__)


def _api_roles(request: AuthenticatedHttpRequest) -> list[tuple[str, str]]:
    labels = dict(Role.choices)
    return [
        (role, str(labels[role]))
        for role, _w in access.grants(request.user)
        if Cap.USE_API in ROLE_CAPS[role]
    ]


def _email_context(
    request: AuthenticatedHttpRequest, form: EmailPreferenceForm | None = None
) -> dict[str, Any]:
    preference = email_preference_of(request.user)
    if form is None:
        form = EmailPreferenceForm(
            initial={
                "address": request.user.email,
                "digest": preference.digest,
                "language": preference.language if preference.pk else request.LANGUAGE_CODE,
            }
        )
    return {
        "email_form": form,
        "email_on": email_enabled(),
        "email_verified": preference.is_verified_for(request.user.email),
        "digest_hour": settings.CAKUPAN_DIGEST_HOUR,
    }


@login_required
def account(request: AuthenticatedHttpRequest, email_form: EmailPreferenceForm | None = None) -> HttpResponse:
    """The user's roles and regions, their email address and digest, and their API tokens."""
    labels = dict(Role.choices)
    grants = [
        (labels[role], "nasional" if where.everything else ", ".join(sorted(where.roots)))
        for role, where in access.grants(request.user)
    ]
    roles = _api_roles(request)
    form = TokenForm(request.POST or None, roles=roles) if roles else None
    created = None
    if request.method == "POST" and email_form is None:
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
        {
            "grants": grants,
            "form": form,
            "tokens": tokens,
            "created": created,
            **_email_context(request, email_form),
        },
        status=400 if email_form is not None else 200,
    )


def _send_link(request: AuthenticatedHttpRequest) -> None:
    try:
        email_verification_send(user=request.user)
    except (OSError, smtplib.SMTPException):
        logger.exception("the email verification link could not be sent")
        messages.error(request, _("The message could not be sent: try again later."))
    else:
        messages.success(
            request,
            _("A link was sent to %(address)s: open it to verify the address.")
            % {"address": request.user.email},
        )


@require_POST
@login_required
def email_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Save the email address, the digest choice and the language; a new address gets its link."""
    form = EmailPreferenceForm(request.POST)
    if not form.is_valid():
        if form.has_error("address", code="nik"):
            # The reason says why; the refused value is not shown back.
            form.data = {**form.data.dict(), "address": ""}  # type: ignore[attr-defined]
        return account(request, email_form=form)
    before = request.user.email
    try:
        preference = email_preference_set(
            user=request.user,
            address=form.cleaned_data["address"],
            digest=form.cleaned_data["digest"],
            language=form.cleaned_data["language"],
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return account(request, email_form=form)
    messages.success(request, _("Your email settings are saved."))
    if request.user.email and request.user.email != before and email_enabled():
        _send_link(request)
    elif request.user.email and not preference.is_verified_for(request.user.email) and not email_enabled():
        messages.warning(request, _("Email is off on this server: the address cannot be verified yet."))
    return redirect("accounts:account")


@require_POST
@login_required
def email_resend(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send the verification link again (the address is still unverified)."""
    if not email_enabled() or not request.user.email:
        messages.error(request, _("Email is off on this server: no message can be sent."))
    elif email_preference_of(request.user).is_verified_for(request.user.email):
        messages.info(request, _("Your email address is verified already."))
    else:
        _send_link(request)
    return redirect("accounts:account")


def email_verify_view(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent by email: opened, it verifies the address (no sign-in needed: the signed link proves
    the reader holds the mailbox)."""
    try:
        user = email_verify(token=token)
    except ValidationError as exc:
        return TemplateResponse(
            request, "accounts/email_verified.html", {"error": " ".join(exc.messages)}, status=400
        )
    return TemplateResponse(request, "accounts/email_verified.html", {"address": user.email})


@require_POST
@login_required
def token_revoke_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, pk=pk).first()
    if token is None:
        raise Http404
    token_revoke(token=token)
    messages.success(request, _("Token %(name)s is revoked.") % {"name": token.name})
    return redirect("accounts:account")
