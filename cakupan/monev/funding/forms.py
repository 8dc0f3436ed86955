"""The forms of vulnerable-worker funding and the budget lines."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cakupan.common.forms import NikFreeForm
from cakupan.monev.funding.models import BudgetLine, VulnerableFunding


class FundingEntryForm(NikFreeForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    funder = forms.ChoiceField(label=_("Funder"), choices=VulnerableFunding.Funder.choices)
    workers = forms.IntegerField(
        label=_("Workers"), min_value=0, required=False, help_text=_("Leave empty for a village programme.")
    )
    months = forms.IntegerField(label=_("Months"), min_value=1, max_value=12)
    amount_idr = forms.IntegerField(label=_("Amount (Rp)"), min_value=0)
    villages = forms.IntegerField(label=_("Villages (village programme)"), min_value=1, required=False)
    workers_per_village = forms.IntegerField(label=_("Workers per village"), min_value=1, required=False)
    start_period = forms.CharField(
        label=_("First funded month (YYYY-MM)"),
        max_length=20,
        required=False,
        help_text=_("In the year or before; leave empty when not known."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        villages, per_village = data.get("villages"), data.get("workers_per_village")
        if data.get("workers") is None:
            if villages is None or per_village is None:
                raise ValidationError(_("Give the workers, or villages and workers per village."))
            data["workers"] = villages * per_village
        return data


class BudgetLineEntryForm(NikFreeForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    line = forms.ChoiceField(label=_("Budget line"), choices=BudgetLine.Line.choices)
    allocation_idr = forms.IntegerField(label=_("Allocation (Rp)"), min_value=0)
    realisation_idr = forms.IntegerField(
        label=_("Realisation (Rp)"),
        min_value=0,
        required=False,
        help_text=_("Leave empty until it is known."),
    )
