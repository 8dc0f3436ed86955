"""Participant files in the one registry of datasets: their columns come from the engine's own declaration
(`cakupan.core.engine_files.PARTICIPANTS`), so the command line's help, the API's dataset list, the import
page and the CSV templates say what the engine reads."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from cakupan.accounts.roles import Cap
from cakupan.core import engine_files
from cakupan.imports.registry import Column, Dataset, register


def registry_columns(spec: engine_files.FileSpec) -> tuple[Column, ...]:
    """The engine's columns in the registry's terms (the same names, aliases, choices and examples)."""
    return tuple(
        Column(
            c.name,
            c.kind,
            aliases=c.aliases,
            required=c.required,
            choices=c.choices,
            example=c.example,
        )
        for c in spec.columns
    )


PARTICIPANTS = register(
    Dataset(
        name="participants",
        label=gettext_lazy("Participant file (one row per person and month)"),
        description=gettext_lazy(
            "Participant-level records with a keyed NIK hash, rolled up to every region level by the "
            "participant engine (Parquet or CSV)."
        ),
        columns=registry_columns(engine_files.PARTICIPANTS),
        key=("nik_hash", "period", "segment"),
        key_words=gettext_lazy("same person, month and segment"),
        capabilities=(Cap.IMPORT_PARTICIPATION,),
        reader="participants",
        examples=(tuple(c.example for c in engine_files.PARTICIPANTS.columns),),
    )
)
