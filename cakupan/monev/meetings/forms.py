"""The forms of Monev meetings, their items, follow-ups, attendance and signatories."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cakupan.accounts.models import Office
from cakupan.accounts.region_picker.picker import PickerFormMixin, PickRules, RegionsField
from cakupan.common.forms import NikFreeForm
from cakupan.monev.forms import DATE, DocumentField, RegionChoiceField, RegionForm
from cakupan.monev.meetings.models import FollowUp, MeetingItem
from cakupan.regions.models import Region


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


class FollowUpUpdateForm(NikFreeForm):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.Status.choices)
    done_on = forms.DateField(label=_("Done on"), widget=DATE, required=False)
    evidence_note = forms.CharField(
        label=_("Evidence (what shows it was done)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    evidence = DocumentField(label=_("Evidence document (PDF, JPEG, PNG or DOCX)"), required=False)


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
