"""`cakupan import employers FILE`: the employers register is stored by compliance's own service, which
also runs detection for the employers of the file."""

from __future__ import annotations

from typing import Any

from cakupan.compliance.services import employers_import
from cakupan.core.commands import DatasetImport


def _employers(
    *, file_name: str, content: bytes, by: Any, actor: str, dry_run: bool
) -> tuple[Any, list[Any]]:
    outcome = employers_import(
        file_name=file_name, content=content, by=by, actor=actor, source="cli", dry_run=dry_run
    )
    return outcome, outcome.validation.problems


IMPORTS = [DatasetImport("employers", _employers)]
