"""The forms of the addressees' reports and the semester narrative."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cakupan.common.forms import NikFreeForm
from cakupan.monev.forms import DocumentField, RegionChoiceField
from cakupan.monev.summary.models import AddresseeReport
from cakupan.regions.models import Region


class AddresseeReportForm(NikFreeForm):
    kind = forms.ChoiceField(label=_("Addressee"), choices=AddresseeReport.Kind.choices)
    addressee = forms.CharField(
        label=_("Office (e.g. Minister of Manpower, Governor of Nusa Tenggara Timur)"), max_length=300
    )
    region = RegionChoiceField(label=_("Region"), queryset=Region.objects.none())
    semester = forms.ChoiceField(label=_("Half-year"), choices=())
    text = forms.CharField(
        label=_("What was reported"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )
    document = DocumentField(label=_("Document (PDF, JPEG, PNG or DOCX)"), required=False)

    def __init__(
        self, *args: Any, regions: QuerySet[Region], semesters: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["semester"].choices = semesters  # type: ignore[attr-defined]


class SemesterNarrativeForm(NikFreeForm):
    obstacles = forms.CharField(
        label=_("Obstacles"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=20000
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=20000
    )
