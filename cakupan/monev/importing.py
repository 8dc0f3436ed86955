"""Validating the Monev datasets (`vulnerable_funding`, `benefits`, `budget_lines`) through the one import
validation: a file or a row typed in a form, every problem with its row, column, value and reason. Stores
nothing."""

from __future__ import annotations

from collections.abc import Mapping

from cakupan.imports.validation import Validation, validate_entry, validate_file
from cakupan.monev.datasets import BENEFITS, MONEV_DATASETS, VULNERABLE_FUNDING, Row
from cakupan.regions.scope import RegionScope

MonevValidation = Validation

__all__ = [
    "BENEFITS",
    "MONEV_DATASETS",
    "VULNERABLE_FUNDING",
    "MonevValidation",
    "Row",
    "validate_monev_entry",
    "validate_monev_file",
]


def validate_monev_file(
    *, dataset_name: str, file_name: str, content: bytes, scope: RegionScope | None = None
) -> Validation:
    if dataset_name not in MONEV_DATASETS:
        raise KeyError(dataset_name)
    return validate_file(dataset_name=dataset_name, file_name=file_name, content=content, scope=scope)


def validate_monev_entry(
    *, dataset_name: str, data: Mapping[str, object], scope: RegionScope, label: str
) -> Validation:
    if dataset_name not in MONEV_DATASETS:
        raise KeyError(dataset_name)
    return validate_entry(dataset_name=dataset_name, data=data, scope=scope, label=label)
