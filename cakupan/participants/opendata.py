"""Open data of the poverty linkage (issue 21 §4): the latest poverty list matched, as published (regency
level and above, deciles 1–4 grouped, small counts hidden across the whole list), for everyone, with a CSV
(header first, a `simulated` column). Published under /data-terbuka/kemiskinan/ through the open-data
pages registry (cakupan.opendata.pages), from ParticipantsConfig.ready()."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from cakupan.core.codes import CodeError, normalise
from cakupan.core.periods import PeriodError, parse_period
from cakupan.opendata.downloads import suppression_rule
from cakupan.opendata.pages import opendata_pages_register
from cakupan.participants.poverty import PovertySummary, poverty_public_summary
from cakupan.participants.poverty_views import POVERTY_CSV, _csv_response, group_label, poverty_csv_rows


def _summary(request: HttpRequest, code: str) -> PovertySummary:
    raw = request.GET.get("periode", "")
    try:
        period = parse_period(raw) if raw else None
    except PeriodError:
        period = None
    summary = poverty_public_summary(code=code, period=period)
    if summary is None:
        raise Http404
    return summary


def opendata_poverty(request: HttpRequest, code: str) -> HttpResponse:
    """The poorest deciles' protection in a region (the nation: `00`) and the regions one level below."""
    try:
        dotted = normalise(code)
    except CodeError:
        raise Http404 from None
    if dotted != code:
        return redirect(reverse("opendata:poverty", args=[dotted]))
    summary = _summary(request, dotted)
    context = {
        "summary": summary,
        "groups": [(group_label(line.group), line) for line in summary.groups],
        "rule": suppression_rule(summary.linkage.k),
    }
    return TemplateResponse(request, "participants/opendata_poverty.html", context)


def opendata_poverty_csv(request: HttpRequest, code: str) -> HttpResponse:
    summary = _summary(request, code)
    stem = f"kemiskinan-{code.replace('.', '')}-{summary.linkage.period}"
    return _csv_response(
        POVERTY_CSV,
        poverty_csv_rows(summary),
        stem + ("-simulasi" if summary.linkage.simulated else "") + ".csv",
    )


opendata_pages_register(
    "poverty",
    [
        path("kemiskinan/<str:code>/", opendata_poverty, name="poverty"),
        path("kemiskinan/<str:code>/unduh.csv", opendata_poverty_csv, name="poverty-download"),
    ],
)
