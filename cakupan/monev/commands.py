"""`cakupan import DATASET FILE` for the Monev registers (vulnerable-worker funding, benefits, budget lines,
Perisai agents): stored by Monev's own service, within the regions of the account named by --user."""

from __future__ import annotations

from typing import Any

from cakupan.core.commands import DatasetImport, ImportRun
from cakupan.monev.importing import MONEV_DATASETS
from cakupan.monev.services import monev_dataset_import


def _register(dataset: str) -> ImportRun:
    def run(*, file_name: str, content: bytes, by: Any, actor: str, dry_run: bool) -> tuple[Any, list[Any]]:
        outcome = monev_dataset_import(
            dataset=dataset, file_name=file_name, content=content, by=by, actor=actor, dry_run=dry_run
        )
        return outcome, outcome.problems

    return run


IMPORTS = [DatasetImport(name, _register(name)) for name in MONEV_DATASETS]
