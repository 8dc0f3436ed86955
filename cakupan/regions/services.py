from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal

from cakupan.regions.master import iter_master
from cakupan.regions.models import Region

# Sent inside the load's transaction when it created or updated regions, with `summary` (what changed):
# bulk writes send no model signals, so the audit app (above regions in the layers of issue 22, listening
# from its ready()) records one event for the load.
master_loaded = Signal()


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
        summary = {
            "created": len(to_create),
            "updated": len(to_update),
            "unchanged": unchanged,
            "code_version": Region._meta.get_field("code_version").default,
            "updated_codes": [r.code for r in to_update][:1000],
        }
        master_loaded.send(sender=Region, summary=summary)
    return MasterLoadResult(created=len(to_create), updated=len(to_update), unchanged=unchanged)
