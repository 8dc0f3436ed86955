from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cakupan.accounts.models import Office
from cakupan.accounts.region_picker.picker import PickerFormMixin, PickRules, RegionField, RegionsField
from cakupan.common.forms import NikFreeForm
from cakupan.imports.datasets import TARGETS
from cakupan.indicators.models import Target
from cakupan.monev.importing import MONEV_DATASETS
from cakupan.monev.models import (
    AddresseeReport,
    BudgetLine,
    FollowUp,
    InpresInstruction,
    MeetingItem,
    Regulation,
    StaffCoverage,
    VulnerableFunding,
)
from cakupan.monev.services import document_check
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


class InstructionsField(forms.ModelMultipleChoiceField):
    """Inpres instructions by number: a number too large for the database is not one of them (it is
    refused as an invalid value, never sent to the database, where it overflows)."""

    def clean(self, value: Any) -> QuerySet[Any]:
        for pk in value if isinstance(value, list | tuple) else ():
            if not str(pk).isdigit() or int(pk) > 2**31 - 1:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super().clean(value)


class RegionForm(NikFreeForm):
    def __init__(self, *args: Any, regions: QuerySet[Region] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "region" in self.fields and regions is not None:
            self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class RegulationForm(RegionForm):
    region = RegionChoiceField(label=_("Region"), queryset=Region.objects.none())
    kind = forms.ChoiceField(label=_("Type"), choices=Regulation.Kind.choices)
    number = forms.CharField(label=_("Number"), max_length=100)
    issued_on = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=500)
    topics = forms.MultipleChoiceField(
        label=_("What it covers"),
        choices=Regulation.Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    acts_on = InstructionsField(
        label=_("Inpres 2/2021 instructions it acts on"),
        queryset=InpresInstruction.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    document = DocumentField(label=_("Document (PDF, JPEG, PNG or DOCX)"), required=False)


class MeetingForm(PickerFormMixin, RegionForm):
    region = RegionChoiceField(label=_("Region"), queryset=Region.objects.none())
    other_regions = RegionsField(
        label=_("Other regions discussed (joint meeting)"),
        rules=PickRules(min_level=Region.Level.PROVINCE, max_level=Region.Level.REGENCY),
        required=False,
    )
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=300)
    institutions = forms.CharField(
        label=_("Institutions present (one a line)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MeetingItemForm(NikFreeForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingItem.Kind.choices)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class FollowUpForm(NikFreeForm):
    action = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    responsible = forms.CharField(label=_("Responsible institution"), max_length=300)
    due_on = forms.DateField(label=_("Due date"), widget=DATE)
    recommendation = forms.ModelChoiceField(
        label=_("Recommendation it carries out"), queryset=MeetingItem.objects.none(), required=False
    )
    owner = forms.ModelChoiceField(
        label=_("Owning office"),
        queryset=Office.objects.none(),
        required=False,
        help_text=_("Everyone holding a role in the office sees it as theirs."),
    )

    def __init__(
        self,
        *args: Any,
        recommendations: QuerySet[MeetingItem],
        offices: QuerySet[Office] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].queryset = recommendations  # type: ignore[attr-defined]
        if offices is not None:
            self.fields["owner"].queryset = offices  # type: ignore[attr-defined]


class CommitmentForm(NikFreeForm):
    """A commitment agreed at a meeting: measured from the imported figures, never typed."""

    region = RegionChoiceField(label=_("Region"), queryset=Region.objects.none())
    indicator = forms.ChoiceField(label=_("Indicator"), choices=Target.Indicator.choices)
    value = forms.DecimalField(
        label=_("Target"),
        min_value=0,
        max_digits=18,
        decimal_places=4,
        help_text=_("A percentage for coverage rates, a number of people, or 1 for a regulation."),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    owner = forms.ModelChoiceField(
        label=_("Owning office"),
        queryset=Office.objects.none(),
        required=False,
        help_text=_("Everyone holding a role in the office sees it as theirs."),
    )
    source = forms.CharField(
        label=_("Source (letter, regulation or meeting)"), max_length=300, required=False
    )

    def __init__(
        self, *args: Any, regions: QuerySet[Region], offices: QuerySet[Office], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["owner"].queryset = offices  # type: ignore[attr-defined]


class FollowUpUpdateForm(NikFreeForm):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.Status.choices)
    done_on = forms.DateField(label=_("Done on"), widget=DATE, required=False)
    evidence_note = forms.CharField(
        label=_("Evidence (what shows it was done)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    evidence = DocumentField(label=_("Evidence document (PDF, JPEG, PNG or DOCX)"), required=False)


class FundingEntryForm(NikFreeForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    funder = forms.ChoiceField(label=_("Funder"), choices=VulnerableFunding.Funder.choices)
    workers = forms.IntegerField(
        label=_("Workers"), min_value=0, required=False, help_text=_("Leave empty for a village programme.")
    )
    months = forms.IntegerField(label=_("Months"), min_value=1, max_value=12)
    amount_idr = forms.IntegerField(label=_("Amount (Rp)"), min_value=0)
    villages = forms.IntegerField(label=_("Villages (village programme)"), min_value=1, required=False)
    workers_per_village = forms.IntegerField(label=_("Workers per village"), min_value=1, required=False)
    start_period = forms.CharField(
        label=_("First funded month (YYYY-MM)"),
        max_length=20,
        required=False,
        help_text=_("In the year or before; leave empty when not known."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        villages, per_village = data.get("villages"), data.get("workers_per_village")
        if data.get("workers") is None:
            if villages is None or per_village is None:
                raise ValidationError(_("Give the workers, or villages and workers per village."))
            data["workers"] = villages * per_village
        return data


class BudgetLineEntryForm(NikFreeForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    line = forms.ChoiceField(label=_("Budget line"), choices=BudgetLine.Line.choices)
    allocation_idr = forms.IntegerField(label=_("Allocation (Rp)"), min_value=0)
    realisation_idr = forms.IntegerField(
        label=_("Realisation (Rp)"),
        min_value=0,
        required=False,
        help_text=_("Leave empty until it is known."),
    )


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


class TargetForm(NikFreeForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    indicator = forms.ChoiceField(
        label=_("Indicator"),
        choices=list(dict.fromkeys((s, s) for _a, s in TARGETS.column("indicator").choices)),
    )
    value = forms.DecimalField(label=_("Target"), min_value=0, max_digits=18, decimal_places=4)
    source = forms.CharField(
        label=_("Source (letter, regulation or meeting that set it)"), max_length=300, required=False
    )
    regulation = forms.ModelChoiceField(
        label=_("Regulation that set it"), queryset=Regulation.objects.none(), required=False
    )

    def __init__(self, *args: Any, regulations: QuerySet[Regulation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regulation"].queryset = regulations  # type: ignore[attr-defined]


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


class AttendeeForm(NikFreeForm):
    agency = forms.CharField(label=_("Agency"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    person_name = forms.CharField(label=_("Person's name"), max_length=200, required=False)
    attended = forms.BooleanField(label=_("Attended"), required=False, initial=True)
    head_of_region = forms.BooleanField(
        label=_("The head of region (kepala daerah) in person"), required=False
    )


class SignatoriesForm(NikFreeForm):
    chair_name = forms.CharField(label=_("Chair: name"), max_length=200)
    chair_position = forms.CharField(label=_("Chair: position"), max_length=200)
    secretary_name = forms.CharField(label=_("Secretary: name"), max_length=200)
    secretary_position = forms.CharField(label=_("Secretary: position"), max_length=200)


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
