from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cakupan.accounts.region_picker.picker import PickerFormMixin, PickRules, RegionField, RegionsField
from cakupan.accounts.roles import Cap
from cakupan.common.forms import NikFreeForm
from cakupan.core.periods import PeriodError, parse_period

MAX_LIST_BYTES = 20 * 1024 * 1024


def month_or_blank(value: str) -> str:
    """A form's optional month, YYYY-MM; "" when left empty (the pages then take the latest month)."""
    value = value.strip()
    if not value:
        return ""
    try:
        return parse_period(value)
    except PeriodError:
        raise forms.ValidationError(_("Write the month as YYYY-MM.")) from None


class MatchUploadForm(PickerFormMixin, NikFreeForm):
    name = forms.CharField(label=_("Name of the list"), max_length=200)
    region = RegionField(label=_("Region of the list"), rules=PickRules(cap=Cap.VIEW_RESTRICTED))
    period = forms.CharField(
        label=_("Month (YYYY-MM)"),
        max_length=7,
        required=False,
        help_text=_("Leave empty for the latest month of the participant data."),
    )
    file = forms.FileField(
        label=_("List file (CSV or Parquet)"),
        help_text=_("Columns: nik_hash (or nik, with pseudonymisation), region_code, agency, category."),
    )
    pseudonymise = forms.BooleanField(
        label=_("The file has a raw NIK column: replace it by its keyed hash as it is read"), required=False
    )

    def __init__(self, *args: Any, raw_nik: bool = True, **kwargs: Any) -> None:
        """`raw_nik=False` when the server has no usable pseudonymisation key: the option is not offered
        (the page says why) rather than offered and then refused."""
        super().__init__(*args, **kwargs)
        if not raw_nik:
            del self.fields["pseudonymise"]

    def clean_period(self) -> str:
        return month_or_blank(self.cleaned_data["period"])

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_LIST_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB: use the command line for it."))
        return upload


MAX_PARTICIPANTS_BYTES = 20 * 1024 * 1024


class ParticipantsUploadForm(PickerFormMixin, NikFreeForm):
    file = forms.FileField(
        label=_("Participant file (Parquet or CSV)"),
        help_text=_("Columns: nik_hash, region_code, period, segment, status, programs (optional)."),
    )
    covers = RegionsField(
        label=_("Complete for regions"),
        rules=PickRules(cap=Cap.IMPORT_PARTICIPATION),
        required=False,
        help_text=_(
            "Empty: the file stands only for the villages it has rows for. For a region chosen here, every "
            "stored figure the file does not repeat is removed."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PARTICIPANTS_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB: use the command line for it."))
        return upload
