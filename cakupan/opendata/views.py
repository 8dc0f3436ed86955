"""Open data: coverage tables and their downloads, for everyone, without logging in."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control

from cakupan.core.codes import NATIONAL, CodeError, normalise
from cakupan.core.periods import PeriodError, parse_period
from cakupan.opendata.downloads import download_name, suppression_rule, table_csv, table_json
from cakupan.opendata.selectors import OpenTable, opendata_table

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _period_param(request: HttpRequest) -> str | None:
    raw = request.GET.get("periode", "")
    try:
        return parse_period(raw) if raw else None
    except PeriodError:
        return None  # a malformed month shows the latest


def _table(request: HttpRequest, code: str) -> OpenTable:
    table = opendata_table(request.user, code=code, period=_period_param(request))
    if table is None:
        raise Http404
    return table


def _keep_private(response: HttpResponse, table: OpenTable) -> None:
    """Figures a role unlocked must not be kept by a shared cache."""
    if table.suppression_applies and not table.suppressed:
        patch_cache_control(response, private=True, no_store=True)


def _with_query(url: str, request: HttpRequest) -> str:
    return f"{url}?{request.GET.urlencode()}" if request.GET else url


def _render(request: HttpRequest, table: OpenTable) -> HttpResponse:
    context = {
        "table": table,
        "rule": suppression_rule(table.k) if table.suppressed else "",
    }
    response = TemplateResponse(request, "opendata/table.html", context)
    _keep_private(response, table)
    return response


def opendata_index(request: HttpRequest) -> HttpResponse:
    """The national table: the provinces, with the national totals."""
    return _render(request, _table(request, NATIONAL))


def opendata_region(request: HttpRequest, code: str) -> HttpResponse:
    """The table of a province's regencies, a regency's districts or a district's villages."""
    try:
        dotted = normalise(code)
    except CodeError:
        raise Http404 from None
    if dotted == NATIONAL:
        return redirect(_with_query(reverse("opendata:index"), request))
    table = _table(request, dotted)
    if dotted != code:  # one address per region
        return redirect(_with_query(reverse("opendata:region", args=[dotted]), request))
    return _render(request, table)


def opendata_download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The table of a region's children as CSV or JSON; `00` is the national table."""
    if fmt not in FORMATS:
        raise Http404
    table = _table(request, code)
    if fmt == "csv":
        body = table_csv(table)
    else:
        body = json.dumps(table_json(table), ensure_ascii=False, indent=2).encode("utf-8")
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{download_name(table, fmt)}"'
    _keep_private(response, table)
    return response
