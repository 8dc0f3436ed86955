"""No NIK is stored in free text: one rule for every text field of every Cakupan model, run wherever a
value is written.

- A text field a person types (a title, a note, a name, a reason) is *refused* when it holds a NIK
  (`cakupan.core.nik`): the web forms say why on the field (`NikFreeForm`, `reject_nik`), ModelForms and
  the admin through the model field's validators (added at start-up), and any save that slipped past
  them raises `ValidationError` before the row is written (a `pre_save` guard).
- The name of an uploaded file is *replaced* by a safe name keeping its extension (`upload_name`); the
  entry points call it where they take the name, and the guard does it again at save.
- Text the system writes itself (the audit trail, a job's message) is *masked*: a record of what happened
  must not fail to be written because something in it looked like a NIK.

The fields are found generically (`text_fields`), so a new field is guarded without anyone listing it;
only fields that hold codes, hashes or tokens the system makes are left out (`NOT_FREE_TEXT`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.translation import gettext

from cakupan.core.nik import LOOKS_LIKE_NIK, contains_nik, mask_niks, safe_file_name
from cakupan.core.problems import HIDDEN

# app_label.Model.field of text that the system makes and that can never be a person's input.
NOT_FREE_TEXT = frozenset(
    {
        "accounts.ApiToken.key_id",  # a random token id
        "accounts.ApiToken.key_hash",
        "compliance.Evidence.sha256",
        "compliance.Evidence.stored_name",  # a random name on disk
        "imports.ImportBatch.sha256",
        "jobs.Job.key",  # a hash of the job's parameters
        "maps.Boundary.source_sha256",
        "monev.Document.sha256",
        "monev.Document.stored_name",
        "participants.ParticipantsIngest.sha256",
        "participants.MatchList.sha256",
        "participants.MatchMember.nik_hash",  # a keyed hash: 64 hex characters can hold 16 digits
        "participants.ParticipantsIngest.stored_file",  # a path the system names after the file's hash
        "jobs.Job.result_name",  # a file the job wrote in its own folder
        "auth.User.password",  # a password hash
    }
)

# Names of uploaded files: replaced by a safe name rather than refused.
FILE_NAMES = frozenset(
    {
        "compliance.Evidence.file_name",
        "imports.ImportBatch.file_name",
        "maps.Boundary.source_file",
        "monev.Document.original_name",
        "participants.ParticipantsIngest.file_name",
        "participants.MatchList.file_name",
    }
)

# Models written by the system as a record of what happened: their text (and JSON values) is masked.
MASKED_MODELS = frozenset({"audit.AuditEvent", "jobs.Job"})

GUARDED_APPS = ("cakupan.", "django.contrib.auth")


def reject_nik(value: object) -> None:
    """A field validator: a value holding a NIK is refused, and the reason says so."""
    if contains_nik(value):
        raise ValidationError(gettext(LOOKS_LIKE_NIK), code="nik")


def upload_name(name: str | None, *, kind: str) -> str:
    """The name an uploaded file is stored and shown under: its own, or "berkas-<kind>-<date>.<ext>" when
    it holds a NIK (e.g. `peserta 5371….csv`)."""
    fallback = f"berkas-{kind}-{timezone.localdate().isoformat()}"
    return safe_file_name(name or fallback, fallback=fallback)


def label(field: models.Field[Any, Any]) -> str:
    return f"{field.model._meta.app_label}.{field.model.__name__}.{field.name}"


def is_guarded(model: type[models.Model]) -> bool:
    return model.__module__.startswith(GUARDED_APPS)


def text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """Every concrete text field (CharField, TextField and their kinds) of a model."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and f.model is model
    ]


def json_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.JSONField) and f.model is model]


@cache
def _rules(model: type[models.Model]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(refused, renamed, masked) attribute names of a model's text fields."""
    refused: list[str] = []
    renamed: list[str] = []
    masked: list[str] = []
    if not is_guarded(model):
        return (), (), ()
    whole_model = f"{model._meta.app_label}.{model.__name__}" in MASKED_MODELS
    for field in text_fields(model):
        name = label(field)
        if name in NOT_FREE_TEXT:
            continue
        if name in FILE_NAMES:
            renamed.append(field.attname)
        elif whole_model:
            masked.append(field.attname)
        else:
            refused.append(field.attname)
    if whole_model:
        masked.extend(f.attname for f in json_fields(model))
    return tuple(refused), tuple(renamed), tuple(masked)


def refused_fields(model: type[models.Model]) -> tuple[str, ...]:
    return _rules(model)[0]


def renamed_fields(model: type[models.Model]) -> tuple[str, ...]:
    return _rules(model)[1]


def masked_fields(model: type[models.Model]) -> tuple[str, ...]:
    return _rules(model)[2]


def masked_value(value: Any) -> Any:
    """A stored value (text or JSON) with every NIK in it hidden; numbers of NIK size become HIDDEN."""
    if isinstance(value, str):
        return mask_niks(value)
    if isinstance(value, dict):
        return {k: masked_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [masked_value(v) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool) and contains_nik(value):
        return HIDDEN
    return value


def guard_instance(instance: models.Model) -> None:
    """Make a row safe to write: refuse a NIK in free text (ValidationError naming the fields), replace a
    file name holding one, mask the system's own records."""
    model = type(instance)
    refused, renamed, masked = _rules(model)
    errors = {
        name: [gettext(LOOKS_LIKE_NIK)] for name in refused if contains_nik(getattr(instance, name, None))
    }
    if errors:
        raise ValidationError(errors)
    for name in renamed:
        value = getattr(instance, name, None)
        if isinstance(value, str) and value:
            kind = getattr(instance, "dataset", "") or model._meta.model_name or "file"
            setattr(instance, name, upload_name(value, kind=str(kind))[: _max_length(model, name)])
    for name in masked:
        value = getattr(instance, name, None)
        if value is not None:
            setattr(instance, name, masked_value(value))


def _max_length(model: type[models.Model], attname: str) -> int | None:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.max_length
    return None


def _before_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any) -> None:
    if raw:  # loaddata and restores write what a backup holds; `cakupan nik-sweep` cleans it afterwards
        return
    guard_instance(instance)


def guarded_models() -> Iterator[type[models.Model]]:
    yield from (m for m in apps.get_models() if is_guarded(m))


def connect() -> None:
    """At start-up: the save guard for every model, and `reject_nik` among the validators of every
    refused field, so that ModelForms (the admin) and `full_clean` say why on the field. The validator is
    added to the field's computed list only, not to its declared ones: migrations do not see it."""
    pre_save.connect(_before_save, dispatch_uid="cakupan.nik_guard")
    for model in guarded_models():
        for field in model._meta.concrete_fields:
            if field.attname in refused_fields(model) and reject_nik not in field.validators:
                field.__dict__["validators"] = [*field.validators, reject_nik]
