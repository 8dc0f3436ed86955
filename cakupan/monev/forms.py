"""What the Monev forms share (the region and document fields, the month, the region filter) and the
dataset upload form; each package has its own forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cakupan.accounts.region_picker.picker import PickerFormMixin, PickRules, RegionField
from cakupan.common.forms import NikFreeForm
from cakupan.core.periods import PeriodError, parse_period
from cakupan.monev.importing import MONEV_DATASETS
from cakupan.monev.regulations.services import document_check
from cakupan.regions.models import Region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MonthField(forms.CharField):
    """A month written YYYY-MM (the staff coverage and the agents' figures), cleaned to its period."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Month (YYYY-MM)"))
        super().__init__(max_length=7, **kwargs)

    def clean(self, value: Any) -> str:
        try:
            return parse_period(str(super().clean(value)).strip())
        except PeriodError:
            raise ValidationError(_("A month is written YYYY-MM, e.g. 2024-06.")) from None


class DocumentField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if isinstance(upload, UploadedFile):
            document_check(upload)
        return upload


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.code} {obj.name}"

    def to_python(self, value: Any) -> Any:
        # A NUL never names a region, and PostgreSQL cannot compare text holding one (a 500 there).
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RegionForm(NikFreeForm):
    def __init__(self, *args: Any, regions: QuerySet[Region] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "region" in self.fields and regions is not None:
            self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class DatasetUploadForm(NikFreeForm):
    dataset = forms.ChoiceField(label=_("Dataset"), choices=[(n, n) for n in MONEV_DATASETS])
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def __init__(self, *args: Any, datasets: list[str] | None = None, **kwargs: Any) -> None:
        """`datasets`: those the user may import (the others are not offered)."""
        super().__init__(*args, **kwargs)
        if datasets is not None:
            self.fields["dataset"].choices = [(n, n) for n in MONEV_DATASETS if n in datasets]  # type: ignore[attr-defined]

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > settings.CAKUPAN_UPLOAD_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(limit)d MB.")
                % {"limit": settings.CAKUPAN_UPLOAD_MAX_BYTES // 2**20}
            )
        return upload


class RegionFilterForm(PickerFormMixin, forms.Form):
    """The region a Monev list is filtered by, found by name or code (`?wilayah=`)."""

    wilayah = RegionField(
        label=_("Region"),
        rules=PickRules(max_level=Region.Level.REGENCY),
        required=False,
    )
