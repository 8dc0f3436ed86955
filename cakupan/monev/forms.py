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
from cakupan.monev.importing import MONEV_DATASETS
from cakupan.monev.models import AddresseeReport, StaffCoverage
from cakupan.monev.regulations.services import document_check
from cakupan.regions.models import Region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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


class StaffCoverageForm(NikFreeForm):
    period = forms.CharField(label=_("Month (YYYY-MM)"), max_length=7)
    group = forms.ChoiceField(label=_("Group"), choices=StaffCoverage.Group.choices)
    agency = forms.CharField(label=_("Agency (OPD, village or election body)"), max_length=200)
    staff = forms.IntegerField(label=_("Staff"), min_value=0)
    covered = forms.IntegerField(label=_("Covered by BPJS Ketenagakerjaan"), min_value=0)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)

    def clean_period(self) -> str:
        from cakupan.core.periods import PeriodError, parse_period

        try:
            return parse_period(self.cleaned_data["period"].strip())
        except PeriodError:
            raise ValidationError(_("A month is written YYYY-MM, e.g. 2024-06.")) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("staff") is not None
            and data.get("covered") is not None
            and data["covered"] > data["staff"]
        ):
            self.add_error("covered", _("Covered staff cannot exceed the staff."))
        return data


class AddresseeReportForm(NikFreeForm):
    kind = forms.ChoiceField(label=_("Addressee"), choices=AddresseeReport.Kind.choices)
    addressee = forms.CharField(
        label=_("Office (e.g. Minister of Manpower, Governor of Nusa Tenggara Timur)"), max_length=300
    )
    region = RegionChoiceField(label=_("Region"), queryset=Region.objects.none())
    semester = forms.ChoiceField(label=_("Half-year"), choices=())
    text = forms.CharField(
        label=_("What was reported"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )
    document = DocumentField(label=_("Document (PDF, JPEG, PNG or DOCX)"), required=False)

    def __init__(
        self, *args: Any, regions: QuerySet[Region], semesters: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["semester"].choices = semesters  # type: ignore[attr-defined]


class SemesterNarrativeForm(NikFreeForm):
    obstacles = forms.CharField(
        label=_("Obstacles"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=20000
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=20000
    )


class RegionFilterForm(PickerFormMixin, forms.Form):
    """The region a Monev list is filtered by, found by name or code (`?wilayah=`)."""

    wilayah = RegionField(
        label=_("Region"),
        rules=PickRules(max_level=Region.Level.REGENCY),
        required=False,
    )
