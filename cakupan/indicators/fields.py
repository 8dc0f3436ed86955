"""Every indicator field defined once: the dataclasses of `library.py` declare each field with `fact(...)`,
which says what the field is — its unit (and with it its rounding), its description in English (translated
in django.po), whether open data publishes it, the name it is written under and the label written beside a
code. The serialiser (`serialise.py`: JSON, CSV columns) and the API schemas (`api.py`: OpenAPI properties
and descriptions) are generated from these declarations; neither lists the fields again.

Adding an indicator: one line in `RegionIndicators` (and the value in `library._indicators`); see
docs/architecture.md.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from django.utils import translation
from django.utils.functional import Promise

from cakupan.core.rounding import round2

SPEC = "cakupan.indicator"  # the key of a field's definition in its dataclass metadata


class Unit(StrEnum):
    COUNT = "count"  # people, regions or months: an integer as it is
    RATE = "rate"  # a percentage, exact until written, then rounded half-up to 2 decimals (round2)
    POINTS = "points"  # a difference of two percentages, rounded as a rate
    MONTH = "month"  # a calendar month, YYYY-MM
    DAY = "day"  # a date, written YYYY-MM-DD
    AMOUNT = "amount"  # rupiah: an integer as it is
    CODE = "code"  # a code of the data contract (region, kind, band, ...)
    TEXT = "text"
    FLAG = "flag"
    DETAIL = "detail"  # a structure (segments, warnings, why not measured) the serialiser writes


COUNT, RATE, POINTS, MONTH = Unit.COUNT, Unit.RATE, Unit.POINTS, Unit.MONTH
DAY, AMOUNT = Unit.DAY, Unit.AMOUNT
CODE, TEXT, FLAG, DETAIL = Unit.CODE, Unit.TEXT, Unit.FLAG, Unit.DETAIL
ROUNDED = frozenset({Unit.RATE, Unit.POINTS})


@dataclass(frozen=True)
class Spec:
    unit: Unit
    description: str | Promise
    public: bool = False  # published by open data (its pages and downloads)
    written_as: str | None = None  # the name in the JSON and the API when it differs; "" = not written
    label: Callable[[Any], str | None] | None = None  # the code in words, written as `<name>_label`
    label_description: str | Promise = ""


def fact(
    unit: Unit,
    description: str | Promise,
    *,
    public: bool = False,
    written_as: str | None = None,
    label: Callable[[Any], str | None] | None = None,
    label_description: str | Promise = "",
    default: Any = dataclasses.MISSING,
    default_factory: Any = dataclasses.MISSING,
) -> Any:
    """A dataclass field that is an indicator: its definition travels in the field's metadata."""
    spec = Spec(unit, description, public, written_as, label, label_description)
    return dataclasses.field(default=default, default_factory=default_factory, metadata={SPEC: spec})


def internal(default: Any = dataclasses.MISSING, default_factory: Any = dataclasses.MISSING) -> Any:
    """A field the library needs that is never written as such (another field's writer reads it)."""
    return fact(Unit.TEXT, "", written_as="", default=default, default_factory=default_factory)


def same_as(cls: type, name: str, **changes: Any) -> Any:
    """A field of another dataclass defined as `cls.name` is (a trend point's workers are the indicators')."""
    spec = spec_of(cls, name)
    return dataclasses.field(
        default=changes.pop("default", dataclasses.MISSING),
        default_factory=changes.pop("default_factory", dataclasses.MISSING),
        metadata={SPEC: dataclasses.replace(spec, **changes)},
    )


_T = typing.TypeVar("_T")


@typing.dataclass_transform(
    frozen_default=True, kw_only_default=True, field_specifiers=(dataclasses.field, fact, internal, same_as)
)
def indicators(cls: type[_T]) -> type[_T]:
    """A frozen, keyword-only dataclass whose fields are indicators declared with `fact` (or `internal`,
    `same_as`): the order of its fields is the order they are written in."""
    return dataclasses.dataclass(frozen=True, kw_only=True)(cls)


def spec_of(cls: type, name: str) -> Spec:
    for found in dataclasses.fields(cls):
        if found.name == name:
            return typing.cast(Spec, found.metadata[SPEC])
    raise KeyError(name)


def english(text: str | Promise) -> str:
    """A description as the API documents it (in English, whatever the active language)."""
    with translation.override("en"):
        return str(text)


def number(value: Fraction | Decimal | None) -> float | None:
    """A percentage or points figure rounded to 2 decimals, as a JSON number."""
    rounded = round2(value)
    return None if rounded is None else float(rounded)


@dataclass(frozen=True)
class Output:
    """One name of the written indicators: how its value is read from the dataclass, its type in the API
    schema (None where the API gives the schema of a structure) and its description."""

    name: str
    read: Callable[[Any], Any]
    type: Any
    description: str | Promise
    unit: Unit
    public: bool


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _read_value(name: str, unit: Unit) -> Callable[[Any], Any]:
    if unit in ROUNDED:
        return lambda obj: number(getattr(obj, name))
    if unit is Unit.DAY:
        return lambda obj: _day(getattr(obj, name))
    return lambda obj: getattr(obj, name)


def _read_label(name: str, label: Callable[[Any], str | None]) -> Callable[[Any], Any]:
    return lambda obj: label(getattr(obj, name))


def _api_type(unit: Unit, annotation: Any) -> Any:
    if unit in ROUNDED:
        return float | None
    if unit is Unit.DETAIL:
        return None
    if unit is Unit.DAY:
        return str | None if type(None) in typing.get_args(annotation) else str
    return annotation


def outputs(cls: type, writers: dict[str, Callable[[Any], Any]]) -> dict[str, Output]:
    """The written names of a dataclass of indicators, in order: each field under its name (rounded by its
    unit, or by the writer of that name), followed by its label when it has one."""
    hints = typing.get_type_hints(cls)
    found: dict[str, Output] = {}
    for item in dataclasses.fields(cls):
        spec = typing.cast(Spec | None, item.metadata.get(SPEC))
        if spec is None:
            raise TypeError(f"{cls.__name__}.{item.name} is not declared with fields.fact()")
        name = item.name if spec.written_as is None else spec.written_as
        if not name:
            continue
        writer = writers.get(name)
        if spec.unit is Unit.DETAIL and writer is None:
            raise TypeError(f"{cls.__name__}.{item.name} is a structure without a writer")
        read = writer or _read_value(item.name, spec.unit)
        # A field its writer turns into another type (sources into one text) has the writer's type.
        if writer is not None and spec.unit is not Unit.DETAIL:
            api_type = _api_type(spec.unit, typing.get_type_hints(writer)["return"])
        else:
            api_type = _api_type(spec.unit, hints[item.name])
        found[name] = Output(name, read, api_type, spec.description, spec.unit, spec.public)
        if spec.label is not None:
            optional = type(None) in typing.get_args(hints[item.name])
            found[f"{name}_label"] = Output(
                f"{name}_label",
                _read_label(item.name, spec.label),
                str | None if optional else str,
                spec.label_description,
                Unit.TEXT,
                spec.public,
            )
    return found
