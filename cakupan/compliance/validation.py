"""Validating an `employers` file through the one import validation: every problem (file, row, column,
value, reason), not just the first. Stores nothing. The dataset is declared in `compliance/datasets.py`."""

from __future__ import annotations

from cakupan.compliance.datasets import EMPLOYERS, EmployerRow, employer_key, parse_programs
from cakupan.imports.validation import Validation, validate_file
from cakupan.regions.scope import RegionScope

EmployerValidation = Validation

__all__ = [
    "EMPLOYERS",
    "EmployerRow",
    "EmployerValidation",
    "employer_key",
    "parse_programs",
    "validate_employers",
]


def validate_employers(*, file_name: str, content: bytes, scope: RegionScope | None = None) -> Validation:
    """Every problem of the file. With a `scope`, rows for regions outside it are problems too."""
    return validate_file(dataset_name=EMPLOYERS.name, file_name=file_name, content=content, scope=scope)
