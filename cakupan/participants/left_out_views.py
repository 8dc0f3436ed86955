"""Pages of who is left out: inactive participants and the changes between two months, by region."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cakupan.accounts import access
from cakupan.accounts.region_picker.picker import PickerFormMixin, PickRules, RegionField
from cakupan.accounts.roles import Cap
from cakupan.common.http import AuthenticatedHttpRequest
from cakupan.participants.forms import month_or_blank
from cakupan.participants.left_out import CohortReport, Grid, cohort_report, inactivity_report


class LeftOutForm(PickerFormMixin, forms.Form):
    region = RegionField(label=_("Region"), rules=PickRules(cap=Cap.VIEW_RESTRICTED))
    period = forms.CharField(
        label=_("Month (YYYY-MM)"),
        max_length=20,
        required=False,
        help_text=_("Leave empty for the latest month of the participant data."),
    )
    before = forms.CharField(
        label=_("Compared with the month (YYYY-MM)"),
        max_length=20,
        required=False,
        help_text=_("Leave empty for the month before."),
    )
    cohort = forms.CharField(
        label=_("Last month a budget paid (YYYY-MM)"),
        max_length=20,
        required=False,
        help_text=_("Leave empty for 12 months before the latest month of the participant data."),
    )

    def clean_period(self) -> str:
        return month_or_blank(self.cleaned_data["period"])

    def clean_before(self) -> str:
        return month_or_blank(self.cleaned_data["before"])

    def clean_cohort(self) -> str:
        return month_or_blank(self.cleaned_data["cohort"])


BAND_LABELS = {
    "1-3": _("1–3 months"),
    "4-6": _("4–6 months"),
    "7-12": _("7–12 months"),
    "13+": _("more than 12 months"),
    "unknown": _("unknown"),
    "inactive": _("Inactive participants"),
}
CHANGE_LABELS = {
    "lapse": _("Lapsed (active → inactive)"),
    "reactivation": _("Reactivated (inactive → active)"),
    "absence": _("No longer in the file"),
}


@login_required
def left_out(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The inactive participants of a region by months since their last contribution, and who lapsed,
    came back or left since an earlier month."""
    if not access.can(request.user, Cap.VIEW_RESTRICTED):
        raise PermissionDenied
    form = LeftOutForm(request.GET or None, user=request.user)
    report = cohorts = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        report = inactivity_report(
            request.user,
            region_code=data["region"].code,
            period=data["period"] or None,
            before=data["before"] or None,
        )
        cohorts = cohort_report(request.user, region_code=data["region"].code, month=data["cohort"] or None)
        if report is None or cohorts is None:  # the picker offers only the user's regions; checked here too
            raise PermissionDenied
    context: dict[str, Any] = {
        "form": form,
        "report": report,
        "band_heads": _heads(report.durations if report else None, BAND_LABELS),
        "change_heads": _heads(report.changes if report else None, CHANGE_LABELS),
        "cohorts": cohorts,
        "cohort_heads": _cohort_heads(cohorts),
    }
    return TemplateResponse(request, "participants/left_out.html", context)


def _heads(grid: Grid | None, labels: dict[str, Any]) -> list[Any]:
    # The grid's own columns (the engine's bands or changes): their names need no import of the engine.
    return [labels[key] for key in grid.keys] if grid is not None else []


def _cohort_heads(cohorts: CohortReport | None) -> list[str]:
    if cohorts is None or cohorts.grid is None:
        return []
    heads = [str(_("Funded workers whose funding ended"))]
    for key in cohorts.grid.columns[1:]:
        months = int(key)
        heads.append(
            ngettext("Active %(n)s month later", "Active %(n)s months later", months) % {"n": months}
        )
    return heads
