from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from cakupan.accounts.models import RoleAssignment
from cakupan.accounts.roles import NATIONAL_ROLES
from cakupan.common.forms import NikFreeForm
from cakupan.core.codes import NATIONAL, CodeError, normalise
from cakupan.regions.models import Region


class TokenForm(NikFreeForm):
    name = forms.CharField(label=_("Name (what uses it)"), max_length=100)
    role = forms.ChoiceField(label=_("Role"))
    regions = forms.CharField(
        label=_("Region codes, separated by commas"), max_length=2000, help_text=_("e.g. 53, 53.71")
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=366, initial=90)

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles  # type: ignore[attr-defined]

    def clean_regions(self) -> list[str]:
        codes = []
        for raw in self.cleaned_data["regions"].split(","):
            if not raw.strip():
                continue
            try:
                codes.append(normalise(raw))
            except CodeError:
                raise forms.ValidationError(
                    _("%(code)s is not a region code.") % {"code": raw.strip()}
                ) from None
        if not codes:
            raise forms.ValidationError(_("Name at least one region."))
        return codes


class EmailPreferenceForm(NikFreeForm):
    address = forms.EmailField(label=_("Email address"), required=False, max_length=254)
    digest = forms.BooleanField(label=_("Send me the daily digest of what waits for me"), required=False)
    language = forms.ChoiceField(label=_("Language of the emails"), choices=settings.LANGUAGES)


class RoleAssignmentForm(forms.ModelForm):
    """A role given on the administration site, under the rules of `role_assign` (which then stores it):
    national roles for the whole country only, every other role for a region or an office's regions."""

    class Meta:
        model = RoleAssignment
        fields = ("role", "region", "office")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, region, office = data.get("role"), data.get("region"), data.get("office")
        if role in NATIONAL_ROLES:
            if office is not None or (region is not None and region.code != NATIONAL):
                raise forms.ValidationError(
                    _("A national role is held for the whole country: leave the region and the office empty.")
                )
            data["region"] = Region.objects.get(code=NATIONAL)
        elif role and region is None and office is None:
            raise forms.ValidationError(_("A role is held for a region or for an office's regions."))
        return data


class AuditedPasswordChangeForm(AdminPasswordChangeForm):
    """The administration site's password reset, written to the audit trail (never the password itself:
    the trail leaves the password field out, so the change would otherwise go unrecorded)."""

    def save(self, commit: bool = True) -> Any:
        from cakupan.accounts.services import password_set_record

        user = super().save(commit=commit)
        if commit:
            password_set_record(user=user, where="the administration site")
        return user
