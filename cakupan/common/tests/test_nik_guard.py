"""No NIK in stored free text: every text field of every model is refused, renamed or masked, and every
web form with a text field refuses a NIK on the field."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import translation

import cakupan
from cakupan.audit.models import AuditEvent
from cakupan.common.forms import NikFreeForm, nik_checked
from cakupan.common.nik_guard import (
    FILE_NAMES,
    NOT_FREE_TEXT,
    guard_instance,
    guarded_models,
    label,
    masked_fields,
    refused_fields,
    renamed_fields,
    text_fields,
    upload_name,
)
from cakupan.core.problems import HIDDEN
from cakupan.imports.models import ImportBatch
from cakupan.monev.models import Regulation

GROUPED = "3201 2345 0190 0001"
NIK = "3201234501900001"
# Forms that take no free text to store are still checked; none is exempt today.
FORMS_WITHOUT_THE_CHECK: frozenset[str] = frozenset()


def _all_text_fields() -> list[Any]:
    return [field for model in guarded_models() for field in text_fields(model)]


def test_every_text_field_of_every_model_is_refused_renamed_masked_or_listed_as_a_code() -> None:
    for field in _all_text_fields():
        model, name = field.model, field.attname
        handled = (
            name in refused_fields(model) or name in renamed_fields(model) or name in masked_fields(model)
        )
        assert handled != (label(field) in NOT_FREE_TEXT), label(field)


def test_the_lists_name_fields_that_exist() -> None:
    known = {label(field) for field in _all_text_fields()}
    assert known >= NOT_FREE_TEXT
    assert known >= FILE_NAMES


@pytest.mark.parametrize("written", [NIK, GROUPED, "3.20123450190001E+15"])
def test_a_nik_in_any_refused_field_is_refused_before_it_is_written(written: str) -> None:
    refused = [(model, name) for model in guarded_models() for name in refused_fields(model)]
    assert len(refused) > 40  # titles, notes, names, reasons, … of every app
    for model, name in refused:
        instance = model(**{name: f"catatan {written}"})
        with pytest.raises(ValidationError) as caught:
            guard_instance(instance)
        assert name in caught.value.message_dict, label(model._meta.get_field(name))


def test_free_text_without_a_nik_passes() -> None:
    text = "NPP 12345678 2024-06-30; telp 0812 3456 7890; surat No. 560/1234/Disnakertrans/2024"
    guard_instance(Regulation(title=text, number="53.71.02.1001 2024-06"))


def test_the_reason_is_translated() -> None:
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        guard_instance(Regulation(title=GROUPED))
    assert caught.value.message_dict["title"] == [
        "berisi sesuatu yang tampak seperti NIK; NIK tidak pernah disimpan di sini: hapus NIK itu"
    ]


@pytest.mark.django_db
def test_a_model_form_and_the_admin_say_why_on_the_field() -> None:
    # The validator is among the model field's own: ModelForms (the admin's) run it in full_clean.
    user = get_user_model()(username=NIK, password="x")
    with pytest.raises(ValidationError) as caught:
        user.full_clean()
    assert "username" in caught.value.message_dict


@pytest.mark.django_db
def test_a_save_with_a_nik_stores_nothing() -> None:
    with pytest.raises(ValidationError):
        get_user_model().objects.create(username=f"user {GROUPED}")
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_a_stored_file_name_holding_a_nik_is_replaced_by_a_safe_name() -> None:
    counts = dict.fromkeys(("size_bytes", "rows", "new_figures", "replaced_figures", "unchanged_figures"), 1)
    batch = ImportBatch.objects.create(
        dataset="workforce",
        file_name=f"peserta {NIK}.csv",
        sha256="0" * 64,
        source="web",
        actor="x",
        regions=1,
        **counts,
    )
    batch.refresh_from_db()
    assert batch.file_name == upload_name(f"{NIK}.csv", kind="workforce")
    assert batch.file_name.startswith("berkas-workforce-") and batch.file_name.endswith(".csv")


@pytest.mark.django_db
def test_the_audit_trail_is_written_with_its_niks_masked() -> None:
    event = AuditEvent.objects.create(
        source="web",
        action="update",
        entity_type="monev.regulation",
        note=f"judul lama {GROUPED}",
        before={"title": f"Perda {NIK}", "count": 3201234501900001},
    )
    event.refresh_from_db()
    assert event.note == f"judul lama {HIDDEN}"
    assert event.before == {"title": f"Perda {HIDDEN}", "count": HIDDEN}


def _form_classes() -> list[type[forms.BaseForm]]:
    found: list[type[forms.BaseForm]] = []
    # Each app's forms.py, and the forms.py of its packages (cakupan.monev.meetings.forms, ...).
    names = []
    for app in pkgutil.iter_modules(cakupan.__path__):
        names.append(f"cakupan.{app.name}.forms")
        if app.ispkg:
            inner = pkgutil.iter_modules([f"{cakupan.__path__[0]}/{app.name}"])
            names += [f"cakupan.{app.name}.{sub.name}.forms" for sub in inner if sub.ispkg]
    for name in names:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        found += [
            c
            for _n, c in inspect.getmembers(module, inspect.isclass)
            if issubclass(c, forms.BaseForm) and c.__module__ == module.__name__
        ]
    return found


def test_every_form_with_a_text_field_refuses_a_nik_on_the_field() -> None:
    checked = 0
    for form in _form_classes():
        with_text = [n for n, f in form.base_fields.items() if nik_checked(f)]  # type: ignore[attr-defined]
        if not with_text or form.__name__ in FORMS_WITHOUT_THE_CHECK:
            continue
        if issubclass(form, forms.ModelForm):
            model = form._meta.model
            assert set(with_text) <= set(refused_fields(model)), form
        else:
            assert issubclass(form, NikFreeForm), f"{form.__module__}.{form.__name__} is not a NikFreeForm"
        checked += 1
    assert checked >= 15
