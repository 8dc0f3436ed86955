"""The benefits page of a region."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.response import TemplateResponse

from cakupan.common.http import HtmxHttpRequest
from cakupan.core.periods import PeriodError, parse_period
from cakupan.monev.benefits import downloads, selectors
from cakupan.monev.selectors import import_scope
from cakupan.reports.downloads import register_download, requested_format, requested_table


def benefits(request: HtmxHttpRequest, code: str) -> HttpResponse:
    raw = request.GET.get("periode", "")
    try:
        period = parse_period(raw) if raw else None
    except PeriodError:
        period = None
    data = selectors.region_benefits(request.user, code=code, period=period)
    if fmt := requested_format(request):
        table = requested_table(request, ("program", "tren"))
        rows = (
            downloads.benefit_program_rows(data) if table == "program" else downloads.benefit_trend_rows(data)
        )
        return register_download(rows, name=f"manfaat-{table}-{data.region.code}-{data.period}", fmt=fmt)
    template = "monev/_region_benefits.html" if request.htmx else "monev/benefits.html"
    context = {
        "benefits": data,
        "region": data.region,
        "can_import": import_scope(request.user, "benefits").covers(data.region.code),
    }
    return TemplateResponse(request, template, context)
