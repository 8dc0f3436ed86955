"""The Monev register's dated configuration and reference data, for national administrators: scorecard
weights, the funding-check tolerance and the Inpres 2/2021 instructions. Every change is audited."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from cakupan.common.dated import DatedValueAdmin
from cakupan.monev.models import MonevParameter, ScorecardWeight
from cakupan.monev.regulations.models import InpresInstruction
from cakupan.monev.scorecard.aspects import weight_choices


class ScorecardWeightForm(forms.ModelForm):
    """A weight is set under the weight key of a registered aspect (Monev's or another app's) only."""

    aspect = forms.ChoiceField(choices=weight_choices)

    class Meta:
        model = ScorecardWeight
        fields = ("aspect", "weight", "valid_from", "valid_to", "legal_basis", "note")


class ScorecardWeightAdmin(DatedValueAdmin):
    form = ScorecardWeightForm


admin.site.register(MonevParameter, DatedValueAdmin)
admin.site.register(ScorecardWeight, ScorecardWeightAdmin)


@admin.register(InpresInstruction)
class InpresInstructionAdmin(admin.ModelAdmin):
    list_display = ("order", "code", "addressee", "text_en", "legal_basis")
