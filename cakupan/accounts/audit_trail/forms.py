"""The filters of the audit page (GET). Nothing here writes: the trail is never edited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cakupan.accounts.audit_trail.selectors import AuditFilters
from cakupan.audit.choices import Action, Source
from cakupan.common.forms import NikFreeForm
from cakupan.core.codes import CodeError, normalise


class DateInput(forms.DateInput):
    input_type = "date"


class AuditFilterForm(NikFreeForm):
    siapa = forms.CharField(label=_("User"), required=False, max_length=150)
    sumber = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("all")), *Source.choices])
    aksi = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("all")), *Action.choices])
    jenis = forms.ChoiceField(label=_("Record type"), required=False)
    wilayah = forms.CharField(label=_("Region code"), required=False, max_length=16)
    dari = forms.DateField(label=_("From"), required=False, widget=DateInput(format="%Y-%m-%d"))
    sampai = forms.DateField(label=_("Until"), required=False, widget=DateInput(format="%Y-%m-%d"))

    def __init__(self, *args: Any, entity_types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["jenis"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("all")), *((t, t) for t in entity_types)]

    def clean_wilayah(self) -> str:
        raw = str(self.cleaned_data.get("wilayah") or "").strip()
        if not raw:
            return ""
        try:
            return normalise(raw)
        except CodeError:
            raise forms.ValidationError(_("Not a region code (e.g. 53 or 53.01).")) from None

    def filters(self) -> AuditFilters:
        """The valid filters; an invalid one is left out (and shown with its error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return AuditFilters(
            who=data.get("siapa") or "",
            source=data.get("sumber") or "",
            action=data.get("aksi") or "",
            entity_type=data.get("jenis") or "",
            region=data.get("wilayah") or "",
            date_from=data.get("dari"),
            date_to=data.get("sampai"),
        )
