"""What every web form shares: no NIK in a field a person types."""

from __future__ import annotations

from typing import Any

from django import forms

from cakupan.common.nik_guard import reject_nik


class NikFreeForm(forms.Form):
    """A form whose text fields refuse a NIK with the reason on the field (`reject_nik`), so that it is
    never passed to a service. Password fields are left alone: a password is never stored as typed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if nik_checked(field):
                field.validators.append(reject_nik)


def nik_checked(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)
