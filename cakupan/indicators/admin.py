"""The indicator parameters (targets, contributions, bands, windows), for national administrators. A change
is a new row valid from a later day, the earlier row ending the day before; every change is audited."""

from __future__ import annotations

from django.contrib import admin

from cakupan.common.dated import DatedValueAdmin
from cakupan.indicators.models import Parameter

admin.site.register(Parameter, DatedValueAdmin)
