"""What participants adds to the region page (cakupan.dashboards.parts), registered from
ParticipantsConfig.ready(): the card of the poorest deciles' protection (regency level and above)."""

from __future__ import annotations

from cakupan.dashboards.parts import RegionPart, region_part_register

region_part_register(
    RegionPart(name="poverty", slot="registers", order=30, template="participants/_region_part_poverty.html")
)
