from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cakupan.common.forms import NikFreeForm
from cakupan.compliance.models import PROGRAMS
from cakupan.compliance.transitions import MAX_FILES, MAX_LETTER_NUMBER, MAX_NOTE
from cakupan.compliance.validation import employer_key
from cakupan.imports.values import ValueProblem
from cakupan.regions.selectors import region_get


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class StepForm(NikFreeForm):
    letter_number = forms.CharField(
        label=_("Letter number"),
        max_length=MAX_LETTER_NUMBER,
        help_text=_("The number of the letter this step sends or records."),
    )
    letter_date = forms.DateField(
        label=_("Letter date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
        help_text=_("The date on the letter: the step's deadlines count from it."),
        error_messages={"invalid": _("Give the date as on the letter, e.g. 2026-03-13.")},
    )
    letter_file = forms.FileField(
        label=_("The letter (PDF or image)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done and on what basis."),
    )
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, JPEG or PNG; at most %(n)d files.") % {"n": MAX_FILES},
    )


class OpenCaseForm(NikFreeForm):
    note = forms.CharField(
        label=_("Note"), max_length=MAX_NOTE, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EmployerForm(NikFreeForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    region = forms.CharField(label=_("Region code"), max_length=13)
    npp = forms.CharField(label="NPP", max_length=20, required=False)
    nib = forms.CharField(label="NIB", max_length=13, required=False)

    def clean_region(self) -> Any:
        region = region_get(code=self.cleaned_data["region"])
        if region is None or region.code == "00":
            raise forms.ValidationError(_("Not a known region code."))
        return region

    def clean_npp(self) -> str:
        raw = self.cleaned_data["npp"]
        if not raw:
            return ""
        try:
            key, kind = employer_key(raw)
        except ValueProblem as exc:
            raise forms.ValidationError(str(exc)) from None
        if kind != "NPP":
            raise forms.ValidationError(_("A 13-digit number is a NIB, not an NPP."))
        return key

    def clean_nib(self) -> str:
        raw = self.cleaned_data["nib"]
        if not raw:
            return ""
        try:
            key, kind = employer_key(raw)
        except ValueProblem:
            kind, key = "", ""
        if kind != "NIB":
            raise forms.ValidationError(_("A NIB has 13 digits."))
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("npp") and not data.get("nib") and not self.errors:
            raise forms.ValidationError(_("An employer needs an NPP or a NIB."))
        return data


class PositionForm(NikFreeForm):
    reported_workers = forms.IntegerField(label=_("Workers reported"), min_value=0)
    registered_workers = forms.IntegerField(label=_("Workers registered"), min_value=0)
    reported_wages_idr = forms.IntegerField(label=_("Wage bill reported (Rp)"), min_value=0)
    registered_wages_idr = forms.IntegerField(label=_("Wage bill registered (Rp)"), min_value=0)
    programs = forms.MultipleChoiceField(
        label=_("Programs registered"),
        choices=[(p, p) for p in PROGRAMS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("registered_workers") == 0 and (data.get("registered_wages_idr") or 0) > 0:
            self.add_error("registered_wages_idr", _("a registered wage bill without registered workers"))
        if data.get("reported_workers") == 0 and (data.get("reported_wages_idr") or 0) > 0:
            self.add_error("reported_wages_idr", _("a reported wage bill without reported workers"))
        return data


class UploadForm(NikFreeForm):
    file = forms.FileField(label=_("Employers file (CSV or XLSX)"))


class LicensingForm(NikFreeForm):
    id = forms.CharField(label=_("NIB or NPP"), max_length=30)
