"""The Monev register's dated configuration and reference data, for national administrators: scorecard
weights, the funding-check tolerance and the Inpres 2/2021 instructions. Every change is audited."""

from __future__ import annotations

from django.contrib import admin

from cakupan.common.dated import DatedValueAdmin
from cakupan.monev.models import InpresInstruction, MonevParameter, ScorecardWeight

admin.site.register(MonevParameter, DatedValueAdmin)
admin.site.register(ScorecardWeight, DatedValueAdmin)


@admin.register(InpresInstruction)
class InpresInstructionAdmin(admin.ModelAdmin):
    list_display = ("order", "code", "addressee", "text_en", "legal_basis")
