"""The Monev register's dated configuration and reference data, for national administrators: scorecard
weights, the funding-check tolerance and the Inpres 2/2021 instructions. Every change is audited."""

from __future__ import annotations

from django.contrib import admin

from cakupan.monev.models import InpresInstruction, MonevParameter, ScorecardWeight


@admin.register(MonevParameter)
class MonevParameterAdmin(admin.ModelAdmin):
    list_display = ("key", "value", "valid_from", "valid_to", "legal_basis")
    list_filter = ("key",)


@admin.register(ScorecardWeight)
class ScorecardWeightAdmin(admin.ModelAdmin):
    list_display = ("aspect", "weight", "valid_from", "valid_to", "legal_basis")
    list_filter = ("aspect",)


@admin.register(InpresInstruction)
class InpresInstructionAdmin(admin.ModelAdmin):
    list_display = ("order", "code", "addressee", "text_en", "legal_basis")
