from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cakupan.accounts.region_picker.picker import PickerFormMixin, RegionField, RegionsField
from cakupan.dashboards.selectors import MAX_COMPARED


class CompareForm(PickerFormMixin, forms.Form):
    """The regions compared, chosen by name or code. The view reads what it can and names the rest
    (`regions_resolve`), so one unknown name does not hide the other regions' figures."""

    wilayah = RegionsField(label=_("Regions (up to 6)"), max_count=MAX_COMPARED, required=False)


class FindForm(PickerFormMixin, forms.Form):
    """Any region whose figures the reader may see, by name or code: its page opens."""

    wilayah = RegionField(label=_("Find a region"))
