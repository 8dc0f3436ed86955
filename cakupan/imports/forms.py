from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from cakupan.common.forms import NikFreeForm


class UploadForm(NikFreeForm):
    dataset = forms.ChoiceField(label=_("Dataset"))
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def __init__(self, *args: Any, datasets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dataset"].choices = [(name, name) for name in datasets]  # type: ignore[attr-defined]

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > settings.CAKUPAN_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB.")
                % {"limit": settings.CAKUPAN_UPLOAD_MAX_BYTES // 2**20}
            )
        return upload
