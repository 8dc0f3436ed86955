"""The entry form of non-ASN staff coverage."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cakupan.common.forms import NikFreeForm
from cakupan.monev.forms import MonthField
from cakupan.monev.staff.models import StaffCoverage


class StaffCoverageForm(NikFreeForm):
    period = MonthField()
    group = forms.ChoiceField(label=_("Group"), choices=StaffCoverage.Group.choices)
    agency = forms.CharField(label=_("Agency (OPD, village or election body)"), max_length=200)
    staff = forms.IntegerField(label=_("Staff"), min_value=0)
    covered = forms.IntegerField(label=_("Covered by BPJS Ketenagakerjaan"), min_value=0)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("staff") is not None
            and data.get("covered") is not None
            and data["covered"] > data["staff"]
        ):
            self.add_error("covered", _("Covered staff cannot exceed the staff."))
        return data
