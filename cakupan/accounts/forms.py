from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cakupan.regions.codes import CodeError, normalise


class TokenForm(forms.Form):
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
