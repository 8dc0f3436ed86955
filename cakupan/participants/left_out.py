"""Who is left out (issue 21): reads of the person store by region and month, within the reader's regions.

Each analysis runs on the person store of the months asked (never the newest file whatever the month) and
is published as tables of counts with small counts hidden: the areas one level below the region and the
segments are rows of one publication with its totals row, suppressed together so that no hidden count is
recovered by subtraction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.core.periods import shift
from cakupan.indicators.labels import segment_label
from cakupan.opendata.config import suppression_k
from cakupan.opendata.suppression import Relation, apply, hidden_cells
from cakupan.participants.funding import funder_label
from cakupan.participants.models import ParticipantsIngest
from cakupan.regions.models import Region

if TYPE_CHECKING:
    import pyarrow as pa

# The engine's modules (ibis, DuckDB, pyarrow) are imported in the functions that run it: this module
# registers report sections at start-up, and a command or page that reads no person store should not pay
# for them (issue 20 §2).

TOTAL = "*"
Row = tuple[str, str]  # ("area", code) or ("segment", segment) or ("total", TOTAL)
TOTAL_ROW: Row = ("total", TOTAL)


def participant_months() -> list[str]:
    """The months of which participant data has been imported, oldest first."""
    months: set[str] = set()
    for periods in ParticipantsIngest.objects.exclude(stored_file="").values_list("periods", flat=True):
        months.update(periods or [])
    return sorted(months)


def left_out_region(user: Any, *, code: str) -> Region | None:
    """The region, when the user may read person-level analyses of it (restricted figures)."""
    if not access.can(user, Cap.VIEW_RESTRICTED, code):
        return None
    return Region.objects.filter(code=code).first()


@dataclass(frozen=True)
class GridRow:
    code: str
    name: str
    cells: dict[str, int | None]  # column → count, None where hidden
    keys: tuple[str, ...] = ()  # the grid's columns in order

    @property
    def values(self) -> list[int | None]:
        return [self.cells[key] for key in self.keys]


@dataclass(frozen=True)
class Grid:
    """Counts by area and by segment (rows) and a column each (`total`, when given, the sum of the
    others), with a totals row; small counts hidden across the whole grid."""

    columns: tuple[str, ...]
    total: str | None
    areas: list[GridRow]
    segments: list[GridRow]
    totals: dict[str, int | None]
    k: int

    @property
    def keys(self) -> tuple[str, ...]:
        return (*self.columns, *([self.total] if self.total else []))

    @property
    def total_values(self) -> list[int | None]:
        return [self.totals[key] for key in self.keys]


def grid(
    table: pa.Table,
    *,
    key: str,
    columns: Sequence[str],
    total: str | None,
    names: dict[str, str],
    k: int,
    by: str = "segment",
) -> Grid:
    """The engine's table (area_code, `by`, `key`, people) as a suppressed grid: rows by area and by `by`
    (segment or funder)."""
    areas: dict[str, dict[str, int]] = {}
    segments: dict[str, dict[str, int]] = {}
    everyone: dict[str, int] = dict.fromkeys((*columns, *([total] if total else [])), 0)
    for row in table.to_pylist():
        for counts, name in ((areas, row["area_code"]), (segments, row[by] or "")):
            counted = counts.setdefault(name, dict.fromkeys(everyone, 0))
            counted[row[key]] += row["people"]
            if total:
                counted[total] += row["people"]
        everyone[row[key]] += row["people"]
        if total:
            everyone[total] += row["people"]
    rows: dict[Row, dict[str, int]] = {("area", c): v for c, v in sorted(areas.items())}
    rows |= {("segment", s): v for s, v in sorted(segments.items())}
    rows[TOTAL_ROW] = everyone
    values = {(row, column): found[column] for row, found in rows.items() for column in everyone}
    relations: list[Relation[tuple[Row, str]]] = []
    if total:
        for row in rows:
            relations.append(Relation(tuple((row, c) for c in columns), total=(row, total)))
    for kind in ("area", "segment"):
        members = [row for row in rows if row[0] == kind]
        for column in everyone if members else ():
            relations.append(Relation(tuple((row, column) for row in members), total=(TOTAL_ROW, column)))
    shown = apply(values, hidden_cells(values, relations, k=k))

    def published(row: Row) -> dict[str, int | None]:
        return {column: shown[(row, column)] for column in everyone}

    keys = tuple(everyone)
    return Grid(
        columns=tuple(columns),
        total=total,
        areas=[GridRow(code, names.get(code, ""), published(("area", code)), keys) for code in sorted(areas)],
        segments=[
            GridRow(segment, _label(by, segment), published(("segment", segment)), keys)
            for segment in sorted(segments)
        ],
        totals=published(TOTAL_ROW),
        k=k,
    )


def _label(by: str, value: str) -> str:
    if not value:
        return ""
    if by == "funder":
        return funder_label(value)
    return segment_label(value)


@dataclass(frozen=True)
class InactivityReport:
    region: Region
    period: str
    before: str | None
    months: list[str]  # the months with participant data
    durations: Grid | None  # None: no participant data of `period`
    changes: Grid | None  # None: no `before`, or no participant data of it

    @property
    def missing(self) -> list[str]:
        """The months asked that have no participant data."""
        if not self.months:
            return []  # nothing at all has been imported: the page says that instead
        return [m for m in (self.period, self.before) if m and m not in self.months]


def inactivity_report(
    user: Any, *, region_code: str, period: str | None = None, before: str | None = None
) -> InactivityReport | None:
    """Inactive participants of a month by months since their last contribution, and the lapses,
    reactivations and absences since `before` (default: the month before), in a region the user may read
    restricted figures of (None otherwise). `period` defaults to the latest month with data."""
    from cakupan.analytics.inactivity import BUCKETS, CHANGES, inactivity_run
    from cakupan.participants.services import engine_config, participants_dir, person_store_parts

    region = left_out_region(user, code=region_code)
    if region is None:
        return None
    months = participant_months()
    month = period or (months[-1] if months else "")
    earlier = before if before is not None else (shift(month, -1) if month else None)
    if not month or month not in months:
        return InactivityReport(region, month, earlier, months, None, None)
    asked = [m for m in (month, earlier) if m is not None and m in months]
    result = inactivity_run(
        parts=person_store_parts(asked),
        region=region.code,
        period=month,
        before=earlier,
        engine=engine_config("duckdb"),
        work_dir=Path(participants_dir()) / "work",
    )
    codes = set()
    for table in (result.durations, result.changes):
        if table is not None:
            codes.update(table.column("area_code").to_pylist())
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    k = suppression_k()
    durations = (
        grid(result.durations, key="band", columns=BUCKETS, total="inactive", names=names, k=k)
        if result.durations is not None
        else None
    )
    changes = (
        grid(result.changes, key="change", columns=CHANGES, total=None, names=names, k=k)
        if result.changes is not None
        else None
    )
    return InactivityReport(region, month, earlier, months, durations, changes)


@dataclass(frozen=True)
class CohortReport:
    region: Region
    month: str  # the last month a budget paid
    months: list[str]
    grid: Grid | None  # None: no participant data of the month or the month after
    followed: tuple[int, ...]  # the months after with data

    @property
    def missing(self) -> list[str]:
        """The months the cohort needs that have no participant data."""
        if not self.months or not self.month:
            return []
        return [m for m in (self.month, shift(self.month, 1)) if m not in self.months]


def cohort_report(user: Any, *, region_code: str, month: str | None = None) -> CohortReport | None:
    """The workers a budget funded in `month` and not in the month after, by funder and by the region
    below where they were, and how many are active 1, 3, 6 and 12 months later; None where the user may
    not read the region's restricted figures. `month` defaults to 12 months before the latest month with
    data (the earliest month with data when that is later)."""
    import pyarrow as pa

    from cakupan.analytics.cohorts import AFTER, cohort_run
    from cakupan.participants.services import engine_config, participants_dir, person_store_parts

    region = left_out_region(user, code=region_code)
    if region is None:
        return None
    months = participant_months()
    if month is None and months:
        month = max(shift(months[-1], -12), months[0])
    month = month or ""
    asked = [shift(month, k) for k in (0, *AFTER)] if month else []
    present = [m for m in asked if m in months]
    if not month or month not in months or shift(month, 1) not in months:
        return CohortReport(region, month, months, None, ())
    result = cohort_run(
        parts=person_store_parts(present),
        region=region.code,
        month=month,
        engine=engine_config("duckdb"),
        work_dir=Path(participants_dir()) / "work",
    )
    assert result.sizes is not None and result.retained is not None
    long = pa.concat_tables(
        [
            result.sizes.select(["funder", "area_code", "people"]).append_column(
                "key", pa.array(["cohort"] * result.sizes.num_rows, pa.string())
            ),
            result.retained.select(["funder", "area_code", "people"]).append_column(
                "key", pa.array([str(k) for k in result.retained.column("after").to_pylist()], pa.string())
            ),
        ]
    )
    names = dict(
        Region.objects.filter(code__in=set(long.column("area_code").to_pylist())).values_list("code", "name")
    )
    columns = ("cohort", *(str(k) for k in result.followed))  # a month without data: no column
    found = grid(long, key="key", columns=columns, total=None, names=names, k=suppression_k(), by="funder")
    return CohortReport(region, month, months, found, result.followed)
