"""Pages of the poverty linkage (issue 21 §4) and of the sectors (§5): published aggregates only, for the
regions the reader may see, with CSV downloads (header first, a `simulated` column)."""

from __future__ import annotations

import csv
import io
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from cakupan.accounts import access
from cakupan.accounts.region_picker.picker import PickerFormMixin, PickRules, RegionField
from cakupan.accounts.roles import Cap
from cakupan.analytics.nik import KeyProblem
from cakupan.common.forms import NikFreeForm
from cakupan.common.http import AuthenticatedHttpRequest
from cakupan.common.nik_guard import upload_name
from cakupan.common.spreadsheet import neutralise
from cakupan.participants.forms import MAX_LIST_BYTES, month_or_blank
from cakupan.participants.models import PovertyLinkage
from cakupan.participants.poverty import (
    TOTAL,
    PovertyLine,
    PovertySummary,
    poverty_linkage_create,
    poverty_linkages,
    poverty_region_summary,
)
from cakupan.participants.sectors import SectorReport, section_names, sector_report

PROBLEMS_SHOWN = 500


class PovertyForm(PickerFormMixin, forms.Form):
    region = RegionField(label=gettext_lazy("Region"), rules=PickRules(cap=Cap.VIEW_RESTRICTED, max_level=2))
    period = forms.CharField(
        label=gettext_lazy("Month (YYYY-MM)"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Leave empty for the latest list matched."),
    )

    def clean_period(self) -> str:
        return month_or_blank(self.cleaned_data["period"])


class PovertyUploadForm(NikFreeForm):
    name = forms.CharField(label=gettext_lazy("Name of the list"), max_length=200)
    period = forms.CharField(
        label=gettext_lazy("Month of the participants (YYYY-MM)"),
        max_length=7,
        required=False,
        help_text=gettext_lazy("Leave empty for the latest month of the participant data."),
    )
    file = forms.FileField(
        label=gettext_lazy("Poverty list (CSV or Parquet)"),
        help_text=gettext_lazy(
            "Columns: nik_hash (or nik, with pseudonymisation), region_code, desil, list, period; "
            "optional age and working."
        ),
    )
    pseudonymise = forms.BooleanField(
        label=gettext_lazy("The file has a raw NIK column: replace it by its keyed hash as it is read"),
        required=False,
    )

    def __init__(self, *args: Any, raw_nik: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not raw_nik:
            del self.fields["pseudonymise"]

    def clean_period(self) -> str:
        return month_or_blank(self.cleaned_data["period"])

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_LIST_BYTES:
            raise forms.ValidationError(
                gettext_lazy("The file is larger than 20 MB: use the command line for it.")
            )
        return upload


GROUP_HEADS = {TOTAL: gettext_lazy("All deciles"), "1-4": gettext_lazy("Deciles 1–4")}


def group_label(group: str) -> str:
    return str(GROUP_HEADS.get(group) or _("Decile %(n)s") % {"n": group})


@login_required
def poverty(request: AuthenticatedHttpRequest) -> HttpResponse:
    """How many people of a poverty list are active participants, in a region and the regions below."""
    if not access.can(request.user, Cap.VIEW_RESTRICTED):
        raise PermissionDenied
    form = PovertyForm(request.GET or None, user=request.user)
    summary: PovertySummary | None = None
    linkages: list[PovertyLinkage] = []
    asked = False
    if request.GET and form.is_valid():
        asked = True
        region = form.cleaned_data["region"]
        if not access.can(request.user, Cap.VIEW_RESTRICTED, region.code):
            raise PermissionDenied  # the picker offers only the user's regions; checked here too
        period = form.cleaned_data["period"] or None
        linkage_id = _int(request.GET.get("daftar"))
        summary = poverty_region_summary(request.user, code=region.code, period=period, linkage_id=linkage_id)
        linkages = poverty_linkages(request.user, code=region.code, period=period)
        if summary is not None and request.GET.get("unduh") == "csv":
            return _poverty_csv(summary)
    context = {
        "form": form,
        "summary": summary,
        "linkages": linkages,
        "asked": asked,
        "can_upload": access.can(request.user, Cap.IMPORT_PARTICIPATION),
        "group_label": group_label,
        "groups": [(group_label(line.group), line) for line in summary.groups] if summary else [],
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "participants/poverty.html", context)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def _csv_response(header: list[str], rows: list[list[object]], name: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


POVERTY_CSV = [
    "region_code",
    "region_name",
    "decile_group",
    "listed",
    "active",
    "not_active",
    "workers",
    "active_workers",
    "workers_not_active",
    "rate_percent",
    "list_name",
    "period",
    "suppression_k",
    "simulated",
]


def poverty_csv_rows(summary: PovertySummary) -> list[list[object]]:
    """The rows of a published linkage for a region and the regions below (hidden cells empty)."""
    lines: list[PovertyLine] = list(summary.groups)
    for pair in summary.children:
        lines.extend(line for line in pair if line is not None)
    linkage = summary.linkage
    rows: list[list[object]] = []
    for line in lines:
        rate = line.rate
        rows.append(
            [
                line.code,
                line.name,
                "all" if line.group == TOTAL else line.group,
                *(line.cells.get(m) for m in POVERTY_CSV[3:9]),
                f"{float(rate * 100):.2f}" if rate is not None and linkage.with_work else "",
                linkage.name,
                linkage.period,
                linkage.k,
                linkage.simulated,
            ]
        )
    return rows


def _poverty_csv(summary: PovertySummary) -> HttpResponse:
    code = summary.region.code.replace(".", "")
    stem = f"kemiskinan-{code}-{summary.linkage.period}" + ("-simulasi" if summary.linkage.simulated else "")
    return _csv_response(POVERTY_CSV, poverty_csv_rows(summary), f"{stem}.csv")


@csrf_exempt
def poverty_upload(request: HttpRequest) -> HttpResponse:
    """Match a poverty list through the web: held in memory (a list of raw NIKs never reaches a temporary
    file), only the aggregates kept."""
    # The participant pages' module brings the engine (pyarrow, ibis): imported when a list is sent, not
    # with the open data and the report sections that import this module at start-up.
    from cakupan.participants.views import _InMemoryUpload

    request.upload_handlers = [_InMemoryUpload(request)]
    return _poverty_upload(cast(AuthenticatedHttpRequest, request))


@csrf_protect
@login_required
def _poverty_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can(request.user, Cap.IMPORT_PARTICIPATION, "00"):
        raise PermissionDenied
    from cakupan.participants.services import nik_key_configured

    try:
        key = nik_key_configured()
        key_state = "ok" if key is not None else "missing"
    except KeyProblem:
        key, key_state = None, "unusable"
    form = PovertyUploadForm(request.POST or None, request.FILES or None, raw_nik=key is not None)
    problems = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        name = upload_name(upload.name, kind="poverty-list")
        outcome = poverty_linkage_create(
            name=data["name"],
            list_path=name,
            content=upload.read(),
            file_name=name,
            user=request.user,
            period=data["period"] or None,
            pseudonymise_key=key if data.get("pseudonymise") else None,
        )
        if outcome.linkage is not None:
            return redirect(f"{_poverty_url()}?region=00&daftar={outcome.linkage.pk}")
        problems = outcome.problems[:PROBLEMS_SHOWN]
    return TemplateResponse(
        request,
        "participants/poverty_upload.html",
        {"form": form, "problems": problems, "key_state": key_state},
    )


def _poverty_url() -> str:
    from django.urls import reverse

    return reverse("participants:poverty")


class SectorForm(PickerFormMixin, forms.Form):
    region = RegionField(label=gettext_lazy("Region"), rules=PickRules(cap=Cap.VIEW_RESTRICTED))
    period = forms.CharField(
        label=gettext_lazy("Month (YYYY-MM)"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Leave empty for the latest month of the participant data."),
    )

    def clean_period(self) -> str:
        return month_or_blank(self.cleaned_data["period"])


@login_required
def sectors(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Active participants by KBLI 2020 section, in a region and the areas below it."""
    if not access.can(request.user, Cap.VIEW_RESTRICTED):
        raise PermissionDenied
    form = SectorForm(request.GET or None, user=request.user)
    report: SectorReport | None = None
    if request.GET and form.is_valid():
        region = form.cleaned_data["region"]
        report = sector_report(
            request.user, region_code=region.code, period=form.cleaned_data["period"] or None
        )
        if report is None:
            raise PermissionDenied
        if report.grid is not None and request.GET.get("unduh") == "csv":
            return _sectors_csv(report)
    names = section_names()
    context = {
        "form": form,
        "report": report,
        "names": names,
        "sections": [(key, names.get(key) or _("Unknown"), value) for key, value in report.by_section]
        if report
        else [],
        "heads": [*(report.grid.columns if report and report.grid else ()), _("All")],
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "participants/sectors.html", context)


SECTOR_CSV = [
    "region_code",
    "region_name",
    "kbli_section",
    "section_name",
    "active",
    "period",
    "suppression_k",
    "simulated",
]


def _sectors_csv(report: SectorReport) -> HttpResponse:
    assert report.grid is not None
    from cakupan.participants.services import latest_ingest

    names = section_names()
    ingest = latest_ingest(report.period)
    simulated = bool(ingest is not None and ingest.batch is not None and ingest.batch.simulated)
    rows: list[list[object]] = []
    keys = report.grid.keys
    for row in [*report.grid.areas, None]:
        code, name = (row.code, row.name) if row else (report.region.code, report.region.name)
        cells = row.cells if row else report.grid.totals
        for key in keys:
            label = names.get(key, "")
            section = "all" if key == keys[-1] else key
            rows.append([code, name, section, label, cells[key], report.period, report.grid.k, simulated])
    code = report.region.code.replace(".", "")
    return _csv_response(SECTOR_CSV, rows, f"sektor-{code}-{report.period}.csv")
