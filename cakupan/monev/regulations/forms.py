"""The forms of regulations, their documents and the Inpres 2/2021 matrix."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cakupan.monev.forms import DATE, DocumentField, RegionChoiceField, RegionForm
from cakupan.monev.regulations.models import InpresInstruction, Regulation
from cakupan.regions.models import Region


class InstructionsField(forms.ModelMultipleChoiceField):
    """Inpres instructions by number: a number too large for the database is not one of them (it is
    refused as an invalid value, never sent to the database, where it overflows)."""

    def clean(self, value: Any) -> QuerySet[Any]:
        for pk in value if isinstance(value, list | tuple) else ():
            if not str(pk).isdigit() or int(pk) > 2**31 - 1:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super().clean(value)


class RegulationForm(RegionForm):
    region = RegionChoiceField(label=_("Region"), queryset=Region.objects.none())
    kind = forms.ChoiceField(label=_("Type"), choices=Regulation.Kind.choices)
    number = forms.CharField(label=_("Number"), max_length=100)
    issued_on = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=500)
    topics = forms.MultipleChoiceField(
        label=_("What it covers"),
        choices=Regulation.Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    acts_on = InstructionsField(
        label=_("Inpres 2/2021 instructions it acts on"),
        queryset=InpresInstruction.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    document = DocumentField(label=_("Document (PDF, JPEG, PNG or DOCX)"), required=False)
