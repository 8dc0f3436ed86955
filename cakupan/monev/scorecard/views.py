"""The scorecard page."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from cakupan.common.http import HtmxHttpRequest
from cakupan.monev import scorecard as monev_scorecard
from cakupan.monev.scorecard import downloads
from cakupan.monev.selectors import region_public
from cakupan.reports.downloads import register_download, requested_format, requested_table


def scorecard(request: HtmxHttpRequest, code: str) -> HttpResponse:
    region = region_public(code=code)
    raw = request.GET.get("tahun", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year - 1
    card = monev_scorecard.scorecard(request.user, region=region, year=year)
    if fmt := requested_format(request):
        table = requested_table(request, ("peringkat", "aspek"))
        rows = downloads.ranking_rows(card) if table == "peringkat" else downloads.aspect_rows(card)
        return register_download(rows, name=f"skor-{table}-{region.code}-{card.year}", fmt=fmt)
    return TemplateResponse(request, "monev/scorecard.html", {"card": card, "region": region})
