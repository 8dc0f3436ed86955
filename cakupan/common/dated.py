"""Dated configuration: a value valid over a span of days, with its legal basis, and its one reader.

A span is inclusive at both ends: a row applies from `valid_from` through `valid_to`, the last day it
applies; an empty `valid_to` has no end. A change is a new row from a later day, the earlier row ending the
day before it. Two rows of the same key never share a day: `clean()` (so every model form, the admin's
included) refuses the second with a message naming the first, and on PostgreSQL an exclusion constraint
(`dated_migrations.NoOverlapOnPostgreSQL`, added by each model's migration) refuses it even outside
Django's validation.

Each model names the fields that form its key (`KEY_FIELDS`) and the field that holds its value
(`VALUE_FIELD`, None where the row's existence is the value). The reader, `values_on` / `value_on` /
`values_on_days`, is the only code that chooses the row of a day. Within a request, or a block held by
`dated_values_held` (a report made outside a request), it reads each model's rows once and chooses from
them.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from datetime import date, timedelta
from typing import Any, ClassVar, Literal, TypeVar, overload

from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cakupan.core.memo_scope import memo_scope

D = TypeVar("D", bound="DatedValue")


class ParameterMissing(ImproperlyConfigured):
    """No row of the dated configuration covers the day a figure needs it for."""


class DatedValue(models.Model):
    """A value of a key valid from `valid_from` through `valid_to` (inclusive; empty: no end)."""

    KEY_FIELDS: ClassVar[tuple[str, ...]] = ("key",)
    VALUE_FIELD: ClassVar[str | None] = "value"
    # Where an administrator adds a missing value, for the message of `ParameterMissing`.
    ADMIN_PLACE: ClassVar[str] = ""

    valid_from = models.DateField(help_text=_("The first day the value applies."))
    valid_to = models.DateField(
        null=True, blank=True, help_text=_("The last day the value applies; empty: until a later row.")
    )
    legal_basis = models.CharField(max_length=300)

    class Meta:
        abstract = True

    @property
    def dated_key(self) -> Any:
        """The key as `values_on` indexes it: the field's value for a key of one field, else a tuple."""
        values = tuple(getattr(self, f) for f in self.KEY_FIELDS)
        return values[0] if len(values) == 1 else values

    @property
    def dated_value(self) -> Any:
        return None if self.VALUE_FIELD is None else getattr(self, self.VALUE_FIELD)

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    @property
    def span(self) -> str:
        start = self.valid_from.isoformat() if self.valid_from else "?"
        return f"{start} – {self.valid_to.isoformat()}" if self.valid_to else f"{start} –"

    def overlapping(self) -> models.QuerySet[Any]:
        """The other rows of the same key that share a day with this row's span."""
        rows = type(self)._default_manager.filter(**{f: getattr(self, f) for f in self.KEY_FIELDS})
        rows = rows.filter(Q(valid_to=None) | Q(valid_to__gte=self.valid_from))
        if self.valid_to is not None:
            rows = rows.filter(valid_from__lte=self.valid_to)
        if self.pk is not None:
            rows = rows.exclude(pk=self.pk)
        return rows.order_by("valid_from")

    def clean(self) -> None:
        super().clean()
        if self.valid_from is None or any(getattr(self, f) in (None, "") for f in self.KEY_FIELDS):
            return  # the missing field has its own error
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": gettext("The last day cannot come before the first day.")}, code="span"
            )
        other = self.overlapping().first()
        if other is not None:
            raise ValidationError(
                gettext(
                    "This span overlaps the row %(other)s, valid %(span)s (%(basis)s): a day has one value "
                    "only. End the earlier row the day before the later one starts."
                )
                % {"other": other, "span": other.span, "basis": other.legal_basis},
                code="overlap",
            )


# --- the reader ------------------------------------------------------------------------------------------

# The tables are small (tens of rows) and read often: a province's report asked them 28 times, one query
# each. Within a request (`apps.py` connects the request signals) or a held block, each model's rows are
# read once; saving or deleting a row of the model forgets them (the model signals), so a request that
# changes a value reads the new one. (Rows read between a save and the rollback of its transaction would
# be kept until the request ends; the admin forms and `dated_value_add`, which write them, read none
# there.) Outside both, every call reads the database.
_held: ContextVar[dict[type[Any], list[Any]] | None] = ContextVar("dated_values_held", default=None)


def dated_values_held() -> AbstractContextManager[None]:
    """Within it, each dated model's rows are read once (as in a request); inside a request or another
    held block it changes nothing."""
    return memo_scope(_held)


def held_start(**kwargs: Any) -> None:
    _held.set({})


def held_end(**kwargs: Any) -> None:
    _held.set(None)


def held_forget(sender: type[Any], **kwargs: Any) -> None:
    held = _held.get()
    if held is not None:
        held.pop(sender, None)


def _held_rows(model: type[D]) -> list[D] | None:
    """The model's rows, read once within a request or held block; None outside both."""
    held = _held.get()
    if held is None:
        return None
    if model not in held:
        held[model] = list(model._default_manager.all())
    return held[model]


def _covering(rows: models.QuerySet[D], day: date) -> models.QuerySet[D]:
    """The rows whose span covers `day` (the query form of `DatedValue.covers`)."""
    return rows.filter(valid_from__lte=day).filter(Q(valid_to=None) | Q(valid_to__gte=day))


def rows_on(rows: Iterable[D], day: date) -> dict[Any, D]:
    """The row of each key valid on `day`, from rows already read (in any order)."""
    found: dict[Any, D] = {}
    for row in sorted((r for r in rows if r.covers(day)), key=lambda r: r.valid_from):
        found[row.dated_key] = row  # spans never overlap; were they to, the later start would win
    return found


def values_on(model: type[D], day: date) -> dict[Any, D]:
    """The row of each key of `model` valid on `day` (one query, none when held)."""
    held = _held_rows(model)
    return rows_on(_covering(model._default_manager.all(), day) if held is None else held, day)


def values_on_days(model: type[D], days: Iterable[date]) -> dict[date, dict[Any, D]]:
    """`values_on` of several days from one reading of the model's rows."""
    held = _held_rows(model)
    rows = list(model._default_manager.all()) if held is None else held
    return {day: rows_on(rows, day) for day in set(days)}


@overload
def value_on(model: type[D], *key: Any, day: date) -> D: ...
@overload
def value_on(model: type[D], *key: Any, day: date, required: Literal[False]) -> D | None: ...
def value_on(model: type[D], *key: Any, day: date, required: bool = True) -> D | None:
    """The row of `key` valid on `day`; when there is none, `ParameterMissing` naming the key, the day
    and where to add one (or None when not `required`)."""
    if len(key) != len(model.KEY_FIELDS):
        raise TypeError(f"{model.__name__} is keyed by {', '.join(model.KEY_FIELDS)}")
    held = _held_rows(model)
    if held is None:
        rows = model._default_manager.filter(**dict(zip(model.KEY_FIELDS, key, strict=True)))
        row = _covering(rows, day).order_by("-valid_from").first()
    else:
        # Compared field by field, not looked up by hash: a key given as a choices enum hashes by its
        # name but equals its value.
        same_key = (
            r for r in held if all(getattr(r, f) == k for f, k in zip(model.KEY_FIELDS, key, strict=True))
        )
        row = next(iter(rows_on(same_key, day).values()), None)
    if row is None and required:
        raise ParameterMissing(
            f"No value of {' '.join(map(str, key))} is valid on {day.isoformat()}; add one in the "
            f"administration ({model.ADMIN_PLACE or model._meta.verbose_name_plural}) with its legal basis"
        )
    return row


# --- a new value from a day ------------------------------------------------------------------------------


@transaction.atomic
def dated_value_add(*, model: type[D], valid_from: date, **fields: Any) -> D:
    """A new row of `model` valid from `valid_from`, as the administration records a change: the row of
    the same key that covers that day ends the day before, and the new row ends the day before the next
    row of its key starts (or has no end). `fields` hold the key, the value, the legal basis and the rest;
    the row is validated (`full_clean`) before it is saved."""
    row = model(valid_from=valid_from, **fields)
    same_key = model._default_manager.select_for_update().filter(**{f: fields[f] for f in model.KEY_FIELDS})
    current = _covering(same_key, valid_from).filter(valid_from__lt=valid_from)
    for earlier in current:
        earlier.valid_to = valid_from - timedelta(days=1)
        earlier.save(update_fields=["valid_to"])
    later = same_key.filter(valid_from__gt=valid_from).order_by("valid_from").first()
    if later is not None and row.valid_to is None:
        row.valid_to = later.valid_from - timedelta(days=1)
    row.full_clean()
    row.save()
    return row


# --- the administration ------------------------------------------------------------------------------------


class DatedValueAdmin(admin.ModelAdmin):
    """The admin of a dated model: the list shows key, value, span and basis; the form refuses an
    overlapping span through the model's validation; every change is audited by the model's registration
    (`audit_model`)."""

    def _dated(self) -> type[DatedValue]:
        model = self.model
        assert issubclass(model, DatedValue)
        return model

    def get_list_display(self, request: Any) -> tuple[str, ...]:
        model = self._dated()
        value = (model.VALUE_FIELD,) if model.VALUE_FIELD else ()
        return (*model.KEY_FIELDS, *value, "span_display", "legal_basis")

    def get_list_filter(self, request: Any) -> tuple[str, ...]:
        return self._dated().KEY_FIELDS

    def get_search_fields(self, request: Any) -> tuple[str, ...]:
        names = {f.name for f in self._dated()._meta.get_fields()}
        return (*self._dated().KEY_FIELDS, "legal_basis", *(("note",) if "note" in names else ()))

    def get_fields(self, request: Any, obj: Any = None) -> tuple[str, ...]:
        """Key, value and first day first, then the rest in the model's order."""
        model = self._dated()
        first = (*model.KEY_FIELDS, *((model.VALUE_FIELD,) if model.VALUE_FIELD else ()), "valid_from")
        rest = tuple(str(f) for f in super().get_fields(request, obj) if f not in first)
        return (*first, *rest)

    @admin.display(description=_("Valid (first – last day)"), ordering="valid_from")
    def span_display(self, obj: DatedValue) -> str:
        return obj.span
