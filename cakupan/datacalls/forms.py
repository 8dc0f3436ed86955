from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cakupan.common.forms import NikFreeForm
from cakupan.core.periods import PeriodError, parse_period, span
from cakupan.core.periods import index as month_index
from cakupan.datacalls.selectors import requestable_datasets
from cakupan.datacalls.services import MAX_PERIODS
from cakupan.regions.models import Region

MONTH = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})


class DataCallForm(NikFreeForm):
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions asked"), queryset=Region.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    datasets = forms.MultipleChoiceField(label=_("Datasets"), choices=(), widget=forms.CheckboxSelectMultiple)
    first_month = forms.CharField(label=_("From month"), max_length=7, widget=MONTH)
    last_month = forms.CharField(label=_("To month"), max_length=7, widget=MONTH)
    due_on = forms.DateField(
        label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Message to the regions"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = regions  # type: ignore[attr-defined]
        self.fields["datasets"].choices = [(d.name, d.label) for d in requestable_datasets()]  # type: ignore[attr-defined]

    def _month(self, name: str) -> str:
        try:
            return parse_period(self.cleaned_data.get(name) or "")
        except PeriodError:
            raise forms.ValidationError(_("Write the month as YYYY-MM.")) from None

    def clean_first_month(self) -> str:
        return self._month("first_month")

    def clean_last_month(self) -> str:
        return self._month("last_month")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_month"), data.get("last_month")
        if first and last:
            months = month_index(last) - month_index(first) + 1
            if months < 1:
                self.add_error("last_month", _("The last month is before the first."))
            elif months > MAX_PERIODS:
                self.add_error("last_month", _("A call asks for at most %(n)d months.") % {"n": MAX_PERIODS})
            else:
                data["periods"] = span(last, months)
        return data
