from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cakupan.imports.datasets import DATASETS


class UploadForm(forms.Form):
    dataset = forms.ChoiceField(label=_("Dataset"), choices=[(name, name) for name in DATASETS])
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > settings.CAKUPAN_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB.")
                % {"limit": settings.CAKUPAN_UPLOAD_MAX_BYTES // 2**20}
            )
        return upload
