"""The forms of targets and commitments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cakupan.accounts.models import Office
from cakupan.common.forms import NikFreeForm
from cakupan.imports.datasets import TARGETS
from cakupan.indicators.models import Target
from cakupan.monev.forms import DATE, RegionChoiceField
from cakupan.monev.regulations.models import Regulation
from cakupan.regions.models import Region


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
