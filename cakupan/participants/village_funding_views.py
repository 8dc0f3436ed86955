"""The page of 1 desa 100 pekerja rentan: budget-funded workers by village, the months of funding left, and
per regency the villages that reached 100, with a map."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cakupan.accounts import access
from cakupan.accounts.region_picker.picker import PickerFormMixin, PickRules, RegionField
from cakupan.accounts.roles import Cap
from cakupan.common import formatting
from cakupan.common.http import AuthenticatedHttpRequest
from cakupan.dashboards.downloads import download_response
from cakupan.imports.selectors import data_is_simulated
from cakupan.maps import svg
from cakupan.maps.selectors import boundaries_available, boundary_shapes
from cakupan.participants.forms import month_or_blank
from cakupan.participants.village_funding import (
    RegencyRow,
    VillageFundingReport,
    village_funding_report,
)
from cakupan.regions.models import Region
from cakupan.reports.downloads import requested_format, requested_table

MAX_PAGE_VILLAGES = 500  # more are in the download
SHARE_THRESHOLDS = (10, 25, 50)  # percent of a regency's villages that reached 100: where the bands start
TABLES = ("desa", "kabupaten")


class VillageFundingForm(PickerFormMixin, forms.Form):
    region = RegionField(label=_lazy("Region"), rules=PickRules(cap=Cap.VIEW_RESTRICTED))
    period = forms.CharField(
        label=_lazy("Month (YYYY-MM)"),
        max_length=20,
        required=False,
        help_text=_lazy("Leave empty for the latest month of the participant data."),
    )

    def clean_period(self) -> str:
        return month_or_blank(self.cleaned_data["period"])


@login_required
def village_funding(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Budget-funded workers by village in a region and month, and the villages that reached 100."""
    if not access.can(request.user, Cap.VIEW_RESTRICTED):
        raise PermissionDenied
    form = VillageFundingForm(request.GET or None, user=request.user)
    report = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        report = village_funding_report(
            request.user, region_code=data["region"].code, period=data["period"] or None
        )
        if report is None:  # the picker offers only the user's regions; checked here too
            raise PermissionDenied
        fmt = requested_format(request)
        if fmt is not None:
            table = requested_table(request, TABLES)
            rows = village_rows(report) if table == "desa" else regency_rows(report)
            stem = f"desa-100-{table}-{report.region.code.replace('.', '')}-{report.period or 'kosong'}"
            return download_response(rows, name=stem, fmt=fmt, simulated=data_is_simulated())
    drawn, caption = village_map(report) if report is not None and report.villages is not None else ("", "")
    context: dict[str, Any] = {
        "form": form,
        "report": report,
        "shown_villages": report.villages[:MAX_PAGE_VILLAGES] if report and report.villages else [],
        "max_villages": MAX_PAGE_VILLAGES,
        "map_svg": drawn,
        "map_caption": caption,
        "query": urlencode({"region": report.region.code, "period": report.period}) if report else "",
    }
    return TemplateResponse(request, "participants/village_funding.html", context)


def village_rows(report: VillageFundingReport) -> list[dict[str, Any]]:
    """The village table as a download: the contract's codes, counts (empty where hidden), whether the
    village reached 100 and the months of funding left (empty unless known)."""
    return [
        {
            "period": report.period,
            "village_code": row.code,
            "village_name": row.name,
            "regency_code": row.regency_code,
            "apbdes_workers": row.counts["apbdes"],
            "other_budget_workers": row.counts["other"],
            "funded_workers": row.counts["funded"],
            "active_funded_workers": row.counts["active"],
            "reached_100": row.reached,
            "funding_months_left": row.months_left,
            "funding_state": row.funding_state,
            "funded_until": row.funded_until,
            "funders": ";".join(sorted({f.funder for f in row.funding})),
        }
        for row in report.villages or []
    ]


def regency_rows(report: VillageFundingReport) -> list[dict[str, Any]]:
    return [
        {
            "period": report.period,
            "regency_code": row.code,
            "regency_name": row.name,
            "villages": row.villages,
            "villages_with_funded_workers": row.funded_villages,
            "villages_reached_100": row.reached,
        }
        for row in report.regencies
    ]


def _band(row: RegencyRow) -> str | None:
    """The band of the share of villages that reached 100; none without a budget-funded worker."""
    share = row.share
    if share is None or not row.funded_villages:
        return None
    bands = svg.BAND_ORDER
    return bands[sum(share >= t for t in SHARE_THRESHOLDS)]


def _item(row: RegencyRow, report: VillageFundingReport, lang: str) -> svg.MapItem:
    href = (
        reverse("participants:village-funding")
        + "?"
        + urlencode({"region": row.code, "period": report.period})
    )
    reached = _("%(reached)s of %(villages)s villages reached %(target)s") % {
        "reached": formatting.fmt_int(row.reached, lang),
        "villages": formatting.fmt_int(row.villages, lang) if row.villages else "–",
        "target": report.target,
    }
    funded = _("%(n)s villages with budget-funded workers") % {
        "n": formatting.fmt_int(row.funded_villages, lang)
    }
    return svg.MapItem(
        code=row.code,
        name=row.name or row.code,
        href=href,
        band=_band(row),
        coverage_text=f"{formatting.fmt_int(row.reached, lang)}/{formatting.fmt_int(row.villages, lang)}"
        if row.villages
        else formatting.fmt_int(row.reached, lang),
        tooltip_lines=(row.name or row.code, reached, funded),
        value_for_sort=row.share,
    )


def village_map(report: VillageFundingReport) -> tuple[SafeString | str, str]:
    """The regencies of a province coloured by the share of their villages that reached 100: their
    boundaries when every one has one, else sorted bars; the provinces' tiles for the whole country; no
    map below a province (its table has a row)."""
    if report.region.level > Region.Level.PROVINCE:
        return "", ""
    lang = get_language() or "id"
    bands = svg.legend_for(SHARE_THRESHOLDS, lang=lang).entries
    legend = svg.Legend(
        title=_("Share of the villages that reached %(target)s") % {"target": report.target},
        entries=(
            *(svg.LegendEntry(entry.band, entry.range_text) for entry in bands if entry.band),
            svg.LegendEntry(None, _("No funded workers")),
        ),
    )
    title = _("Villages of %(name)s that reached %(target)s funded active workers, %(month)s") % {
        "name": report.region.name,
        "target": report.target,
        "month": formatting.fmt_month(report.period, lang),
    }
    if report.region.level == Region.Level.NATIONAL:
        items = [_item(row, report, lang) for row in _provinces(report)]
        return (
            svg.tile_grid_svg(items, title=title, legend=legend),
            _("Each square is a province, placed roughly where it lies. Click one to open it."),
        )
    items = [_item(row, report, lang) for row in report.regencies]
    if boundaries_available(parent_code=report.region.code):
        shapes = boundary_shapes(codes=[row.code for row in report.regencies])
        return (
            svg.choropleth_svg(items, shapes, title=title, legend=legend),
            _("Click a regency to open it. Boundaries: cahyadsn/wilayah_boundaries (MIT)."),
        )
    return (
        svg.bars_svg(items, title=title, legend=legend),
        _("Highest share first. Click a bar to open the regency."),
    )


def _provinces(report: VillageFundingReport) -> list[RegencyRow]:
    """The regencies' figures added up by province, with every village of the province in the list."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    villages = dict(
        Region.objects.filter(level=Region.Level.VILLAGE)
        .annotate(province=Substr("code", 1, 2))
        .values("province")
        .annotate(n=Count("code"))
        .values_list("province", "n")
    )
    names = dict(Region.objects.filter(level=Region.Level.PROVINCE).values_list("code", "name"))
    funded: dict[str, int] = {}
    reached: dict[str, int] = {}
    for row in report.regencies:
        funded[row.code[:2]] = funded.get(row.code[:2], 0) + row.funded_villages
        reached[row.code[:2]] = reached.get(row.code[:2], 0) + row.reached
    return [
        RegencyRow(code, name, funded.get(code, 0), reached.get(code, 0), villages.get(code) or None)
        for code, name in sorted(names.items())
    ]
