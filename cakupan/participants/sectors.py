"""Active participants by KBLI 2020 section (issue 21 §5), where participant files carry `kbli`: by the
areas one level below a region, with the region's total, small counts hidden across the whole table.
Counts, no rate: no workforce figure by sector is imported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import get_language

from cakupan.opendata.config import suppression_k
from cakupan.participants.left_out import Grid, grid, left_out_region, participant_months
from cakupan.regions.models import Region

# The engine's modules (ibis, DuckDB, pyarrow) are imported where they are used: this module is imported
# with the poverty pages and the API, and a request that reads no person store should not pay for them.

ALL = "all"  # the column of every section together


def section_keys() -> tuple[str, ...]:
    """The 21 section letters and UNKNOWN (no kbli, or not of KBLI 2020), in the table's order."""
    from cakupan.analytics.sectors import UNKNOWN, sections

    return (*(s.letter for s in sections()), UNKNOWN)


def section_names() -> dict[str, str]:
    """Section letter → its name in the reader's language."""
    from cakupan.analytics.sectors import sections

    indonesian = (get_language() or "id").startswith("id")
    return {s.letter: (s.name_id if indonesian else s.name_en) for s in sections()}


@dataclass(frozen=True)
class SectorReport:
    region: Region
    period: str
    months: list[str]
    grid: Grid | None  # None: no participant data of `period`

    @property
    def missing(self) -> bool:
        return bool(self.months) and self.period not in self.months

    @property
    def by_section(self) -> list[tuple[str, int | None]]:
        """The region's active participants by section (hidden: None)."""
        if self.grid is None:
            return []
        return [(key, self.grid.totals[key]) for key in self.grid.columns]


def sector_report(user: Any, *, region_code: str, period: str | None = None) -> SectorReport | None:
    """The active participants of a month by KBLI section and by the areas one level below the region, in a
    region the user may read restricted figures of (None otherwise). `period` defaults to the latest month
    with participant data."""
    import pyarrow as pa

    from cakupan.analytics import store
    from cakupan.analytics.engine import connect, disconnect
    from cakupan.analytics.sectors import active_by_section
    from cakupan.participants.services import engine_config, participants_dir, person_store_parts

    region = left_out_region(user, code=region_code)
    if region is None:
        return None
    months = participant_months()
    month = period or (months[-1] if months else "")
    if not month or month not in months:
        return SectorReport(region, month, months, None)
    config = engine_config("duckdb").spilling_in(str(Path(participants_dir()) / "work"))
    con = connect(config)
    try:
        people = store.store_table(con, person_store_parts([month]))
        table = (
            con.to_pyarrow(active_by_section(people, period=month, region=region.code))
            if people is not None
            else pa.table({"area_code": [], "section": [], "people": []})
        )
    finally:
        disconnect(con, config)
    table = table.append_column("by", pa.array([""] * table.num_rows, pa.string()))
    codes = set(table.column("area_code").to_pylist())
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    found = grid(
        table, key="section", columns=section_keys(), total=ALL, names=names, k=suppression_k(), by="by"
    )
    # Every person is in the one row of `by`: that row is the totals row again, not shown.
    shown = Grid(found.columns, found.total, found.areas, [], found.totals, found.k)
    return SectorReport(region, month, months, shown)
