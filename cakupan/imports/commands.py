"""`cakupan import region_crosswalk FILE`: the crosswalk of old and new region codes, stored by its own
service (national administrators and analysts only, with --user)."""

from __future__ import annotations

from typing import Any

from cakupan.core.commands import DatasetImport
from cakupan.imports.region_crosswalk import region_crosswalk_import


def _crosswalk(
    *, file_name: str, content: bytes, by: Any, actor: str, dry_run: bool
) -> tuple[Any, list[Any]]:
    outcome = region_crosswalk_import(
        file_name=file_name, content=content, by=by, actor=actor, dry_run=dry_run
    )
    return outcome, outcome.problems


IMPORTS = [DatasetImport("region_crosswalk", _crosswalk)]
