"""What the open-data pages and downloads publish: the coverage table of a region's children.

Every figure comes from the indicator library (`library.compute` / `children_ranking`), written as its
field's definition says (columns.py: exactly the fields marked public); nothing is recomputed here.
Tables of provinces and regencies are published as they are. Tables of districts and villages are
published with small-cell suppression (`suppression.py`), unless the reader may see restricted figures of
the region.

Districts and villages of one regency are suppressed together, as one linked publication: a village
table must not give back, by adding its villages up, a district figure that the district table hides.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.core.codes import NATIONAL, parent_of
from cakupan.indicators import library
from cakupan.indicators.library import RegionIndicators
from cakupan.indicators.models import SEGMENTS
from cakupan.opendata.columns import COLUMNS, Column
from cakupan.opendata.config import suppression_k
from cakupan.opendata.suppression import Relation, hidden_cells_cached
from cakupan.regions.models import Region
from cakupan.regions.selectors import region_get

SEGMENT_COLUMNS = tuple(f"active_{segment.lower()}" for segment in SEGMENTS)
# The counts of a row: what suppression looks at (each a published column: columns.py).
COUNT_COLUMNS = ("workers", "active", "inactive", "registered", *SEGMENT_COLUMNS)
# Within a row: these counts add up to that one.
ROW_TOTALS = {"active": SEGMENT_COLUMNS, "registered": ("active", "inactive")}
# Which cell of a row to hide first as a complement: `registered` is the cheapest to lose, `active` the
# dearest (the coverage rate goes with it).
COLUMN_RANK = {"registered": 0, "active": 2}

Cell = tuple[str, str]  # (region code, column)


@dataclass(frozen=True)
class OpenRow:
    """One region's published figures: `values` holds every published column (columns.py, the fields
    marked public) in order; a hidden cell is None and its column is in `suppressed`."""

    region_code: str
    region_name: str
    kind: str
    level: int
    period: str
    values: dict[str, Any]
    suppressed: frozenset[str]
    simulated: bool
    # The data-quality warnings of the figure (their kinds), published with it; a row with hidden cells
    # publishes none, since a warning's details would bound what is hidden.
    warnings: tuple[str, ...] = ()
    # The denominator behind the rate (the months of the workforce figures used, first and last, and
    # their sources), which the pages put in words beside the rate.
    workers_period_from: str | None = None
    workers_period: str | None = None
    workforce_sources: tuple[str, ...] = ()

    def record(self) -> dict[str, Any]:
        """The row in the names of the data contract (a download row)."""
        return dict(self.values)


@dataclass(frozen=True)
class OpenTable:
    region: Region
    ancestors: list[Region]
    period: str | None
    periods: list[str]
    total: OpenRow | None  # the region's own figures, as published
    rows: list[OpenRow]  # its children with figures, by code
    without_data: list[Region]
    k: int
    suppression_applies: bool  # the children are districts or villages
    suppressed: bool  # and this reader gets them suppressed (False: a role lets them see everything)

    @property
    def simulated(self) -> bool:
        return any(r.simulated for r in self.rows) or (self.total is not None and self.total.simulated)

    @property
    def rows_with_warnings(self) -> list[OpenRow]:
        """The region's own row and its children's rows whose figures carry warnings."""
        own = [self.total] if self.total is not None and self.total.warnings else []
        return own + [r for r in self.rows if r.warnings]

    @property
    def any_suppressed(self) -> bool:
        return any(r.suppressed for r in self.rows) or (
            self.total is not None and bool(self.total.suppressed)
        )

    @property
    def figure_columns(self) -> list[Column]:
        """The published figures, the columns of the pages' tables."""
        return [c for c in COLUMNS if c.figure]

    @property
    def children_have_tables(self) -> bool:
        """Whether each child has an open-data table of its own (villages have none)."""
        return self.region.level + 1 < Region.Level.VILLAGE


def opendata_periods(code: str = NATIONAL) -> list[str]:
    """Months with figures for the region, newest first."""
    return library.available_periods(code)


def opendata_table(
    user: AbstractBaseUser | AnonymousUser, *, code: str, period: str | None
) -> OpenTable | None:
    """The published table of a region's children for a month (the latest when `period` is None or has
    no figures). None: no such region, or a village (which has no children to publish)."""
    region = region_get(code=code)
    if region is None or region.level >= Region.Level.VILLAGE:
        return None
    periods, period = library.month_or_latest(region.code, period)
    k = suppression_k()
    applies = region.level >= Region.Level.REGENCY
    suppressed = applies and not access.can(user, Cap.VIEW_RESTRICTED, region.code)
    total: OpenRow | None = None
    rows: list[OpenRow] = []
    if period is not None:
        if suppressed:
            total, rows = _suppressed(region, period, k)
        else:
            own = library.region_indicators(region.code, period)
            total = open_row(own) if own is not None else None
            rows = [open_row(i) for i in library.children_ranking(region.code, period)]
    # By code, never by coverage: the place of a hidden rate in a ranking would bound it.
    rows.sort(key=lambda r: r.region_code)
    with_data = {r.region_code for r in rows}
    without = (
        []
        if period is None or (region.level >= Region.Level.REGENCY and not rows)
        else [c for c in Region.objects.filter(parent=region).order_by("code") if c.code not in with_data]
    )
    return OpenTable(
        region=region,
        ancestors=region.ancestors(),
        period=period,
        periods=periods,
        total=total,
        rows=rows,
        without_data=without,
        k=k,
        suppression_applies=applies,
        suppressed=suppressed,
    )


def _counts(ind: RegionIndicators) -> dict[str, int | None]:
    segments = {f"active_{s.segment.lower()}": s.active for s in ind.segments}
    return {
        "workers": ind.workers,
        "active": ind.active,
        "inactive": ind.inactive,
        "registered": ind.registered,
        **{column: segments.get(column) for column in SEGMENT_COLUMNS},
    }


def open_row(
    ind: RegionIndicators, *, hidden: frozenset[str] = frozenset(), columns: Sequence[Column] = COLUMNS
) -> OpenRow:
    """A region's published row (`columns`: those the fields marked public give), with the counts
    suppression hides (`hidden`) empty, and what goes with them."""
    # The rate with either of its parts would give the hidden part back (to within rounding).
    rate_hidden = bool(hidden & {"active", "workers"}) and ind.coverage_rate is not None
    suppressed = set(hidden) | ({"coverage_rate"} if rate_hidden else set())
    values: dict[str, Any] = {}
    for column in columns:
        value = column.read(ind)
        if hidden and column.figure and column.name not in (*COUNT_COLUMNS, "coverage_rate"):
            # A public figure suppression does not weigh is withheld beside hidden cells.
            suppressed |= {column.name} if value is not None else set()
            value = None
        values[column.name] = None if column.name in suppressed else value
    if hidden:
        values.update({name: empty for name, empty in WITHHELD.items() if name in values})
    return OpenRow(
        region_code=ind.region_code,
        region_name=ind.region_name,
        kind=ind.kind,
        level=ind.level,
        period=ind.period,
        values=values,
        suppressed=frozenset(suppressed),
        simulated=ind.simulated,
        warnings=() if hidden else tuple(str(w["kind"]) for w in ind.warnings),
        workers_period_from=ind.workers_period_from,
        workers_period=ind.workers_period,
        workforce_sources=tuple(ind.workforce_sources),
    )


# What a row with hidden cells publishes instead of its warnings.
WITHHELD: dict[str, Any] = {"warnings": [], "warning_labels": ""}


def _suppressed(region: Region, period: str, k: int) -> tuple[OpenRow | None, list[OpenRow]]:
    """The region's row and its children's rows, out of the suppression of its whole regency."""
    regency_code = region.code if region.level == Region.Level.REGENCY else str(region.parent_id)
    districts = list(Region.objects.filter(parent_id=regency_code).values_list("code", flat=True))
    villages = list(Region.objects.filter(parent_id__in=districts).values_list("code", flat=True))
    found = library.compute(districts + villages, period)
    codes = sorted(found)  # districts before their villages
    values: dict[Cell, int | None] = {}
    for code in codes:
        for column, value in _counts(found[code]).items():
            values[(code, column)] = value
    relations = tuple(linked_relations(values, codes))
    hidden = hidden_cells_cached(tuple(values.items()), relations, k, complement_rank)

    def row(code: str) -> OpenRow:
        return open_row(found[code], hidden=frozenset(c for c in COUNT_COLUMNS if (code, c) in hidden))

    children = [row(c) for c in codes if parent_of(c) == region.code]
    if region.level == Region.Level.REGENCY:
        own = library.region_indicators(region.code, period)  # published on its own: not suppressed
        return (open_row(own) if own is not None else None), children
    return (row(region.code) if region.code in found else None), children


def complement_rank(cell: Cell) -> int:
    return COLUMN_RANK.get(cell[1], 1)


def linked_relations(values: dict[Cell, int | None], codes: list[str]) -> list[Relation[Cell]]:
    """The sums a reader of the district and village tables of one regency knows.

    Within a row, the segments add up to `active` and active + inactive to `registered`. Down a column,
    the districts add up to the regency's figure (published: an external total), and the villages of a
    district to the district's figure. Where a supplied district figure differs from its villages' sum,
    the sum is taken as published (the data-quality warning names it) and the district cell as unlinked.
    """
    relations: list[Relation[Cell]] = []
    for code in codes:
        for total, members in ROW_TOTALS.items():
            present = tuple((code, m) for m in members if values[(code, m)] is not None)
            if present and values[(code, total)] == sum(values[p] or 0 for p in present):
                relations.append(Relation(present, total=(code, total)))
    groups: dict[str | None, list[str]] = defaultdict(list)
    for code in codes:
        groups[parent_of(code)].append(code)
    known = set(codes)
    for parent, children in groups.items():
        for column in COUNT_COLUMNS:
            present = tuple((c, column) for c in children if values[(c, column)] is not None)
            if not present:
                continue
            parent_value = values.get((parent, column)) if parent in known else None
            if parent_value is not None and parent_value == sum(values[p] or 0 for p in present):
                relations.append(Relation(present, total=(str(parent), column)))
            else:
                relations.append(Relation(present))
    return relations
