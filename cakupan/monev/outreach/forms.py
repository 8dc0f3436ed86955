from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cakupan.accounts.region_picker.picker import PickerFormMixin, PickRules, RegionField
from cakupan.accounts.roles import Cap
from cakupan.common.forms import NikFreeForm
from cakupan.monev.forms import DATE, MonthField, RegionChoiceField, RegionForm
from cakupan.monev.outreach.models import Agent
from cakupan.regions.models import Region


class AgentForm(PickerFormMixin, RegionForm):
    region = RegionChoiceField(label=_("Region"), queryset=Region.objects.none())
    village = RegionField(
        label=_("Village (an agent placed in a village, e.g. a BUMDes in its own)"),
        rules=PickRules(cap=Cap.WRITE_MONEV, min_level=Region.Level.VILLAGE),
        required=False,
    )
    name = forms.CharField(label=_("Name of the agent or partner"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Agent.Kind.choices)
    since = forms.DateField(label=_("Agent since"), widget=DATE, required=False)


class AgentFigureForm(NikFreeForm):
    period = MonthField()
    enrolled = forms.IntegerField(label=_("Participants enrolled so far"), min_value=0)
    active = forms.IntegerField(label=_("Of them still active"), min_value=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("enrolled") is not None
            and data.get("active") is not None
            and data["active"] > data["enrolled"]
        ):
            self.add_error("active", _("Participants kept active cannot exceed those enrolled."))
        return data


class SocialisationForm(RegionForm):
    region = RegionChoiceField(label=_("Region"), queryset=Region.objects.none())
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=300)
    audience = forms.CharField(label=_("Audience"), max_length=300)
    attendees = forms.IntegerField(label=_("Attendees"), min_value=0, required=False)
    organiser = forms.CharField(label=_("Organiser"), max_length=200, required=False)
