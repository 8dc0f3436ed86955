"""A person once a month, and the person-level store: written once as ibis expressions, run on DuckDB or
PySpark (no work per row in Python).

Several records of one `nik_hash` in a month (two memberships, PU and BPU, two employers) are one person:
active if any record is active, in the segment of the record that decides it, in that record's village.
The deciding record is the first by status (active first), then segment by SEGMENT_PRECEDENCE, then the
programs' number and the region code (so that both engines pick the same record).

SEGMENT_PRECEDENCE is PU > JAKON > PMI > BPU: a wage-earner membership (PU) is the one an employer must
register and pays for with the widest programs, so a PU record says most about the person's work; JAKON
(construction projects) and PMI (migrant workers) are memberships made for a particular job; BPU
(self-paid, non-wage) is the one most often kept alongside another and the easiest to leave.

The store of a month holds one row per person (nik_hash, region_code, period, segment, status, programs,
employer_id, and the optional columns of contract v2 as the file writes them: last_paid_period, the latest
of the person's records; registered_period, the earliest; funded_by and kbli, the deciding record's; empty
where the file has no such column); a participant file replaces the people of its area (its villages and
the regions it declares complete) in its months, and a person the store counts in another village is kept
there (not moved).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from cakupan.analytics.schema import SEGMENTS, STATUSES
from cakupan.core.engine_files import V2_PARTICIPANT_COLUMNS

SEGMENT_PRECEDENCE = ("PU", "JAKON", "PMI", "BPU")
STORE_COLUMNS = (
    "nik_hash",
    "region_code",
    "period",
    "segment",
    "status",
    "programs",
    "employer_id",
    *V2_PARTICIPANT_COLUMNS,
)


@dataclass(frozen=True)
class Area:
    """Where a participant file is authoritative: the codes its rows are keyed by, and the regions it
    declares complete ("00": the nation)."""

    covers: tuple[str, ...]
    codes: Sequence[str]

    def holds(self, code: ir.StringValue) -> ir.BooleanValue:
        """Whether a (dotted) code lies in the area; the file's own codes are checked by a join."""
        if "00" in self.covers:
            return ibis.literal(True)
        condition: ir.BooleanValue = ibis.literal(False)
        for cover in self.covers:
            condition = condition | (code == cover) | code.startswith(cover + ".")
        return condition

    def outside(self, table: ir.Table) -> ir.Table:
        """The rows of `table` (a region_code column) outside the area."""
        rest = table.filter(~self.holds(table.region_code))
        if not self.codes:
            return rest
        own = ibis.memtable({"area_code": list(self.codes)})
        return rest.anti_join(own, rest.region_code == own.area_code)


def decision_rank(
    status: ir.IntegerValue, segment: ir.IntegerValue, program: ir.IntegerValue, programs: int
) -> ir.IntegerValue:
    """The order of a person's records (lowest decides): status (active first), segment precedence, the
    programs' number. `segment` is the index in SEGMENTS, `status` in STATUSES."""
    precedence = segment.cases(*((SEGMENTS.index(s), i) for i, s in enumerate(SEGMENT_PRECEDENCE)))
    return ((status * len(SEGMENT_PRECEDENCE) + precedence) * programs + program).cast("int64")


def key_of_rank(rank: ir.IntegerValue, programs: int) -> ir.IntegerValue:
    """The codebook's key (segment, status, programs) of a decision rank."""
    status = rank // (len(SEGMENT_PRECEDENCE) * programs)
    precedence = (rank // programs) % len(SEGMENT_PRECEDENCE)
    segment = precedence.cases(*((i, SEGMENTS.index(s)) for i, s in enumerate(SEGMENT_PRECEDENCE)))
    return ((segment * len(STATUSES) + status) * programs + rank % programs).cast("int64")


def carried(columns: dict[str, str]) -> tuple[str, ...]:
    """The optional columns of contract v2 that a file has (`columns`: canonical name → the file's), which
    the store keeps for each person."""
    return tuple(name for name in V2_PARTICIPANT_COLUMNS if name in columns)


def _carried_values(ranked: ir.Table) -> dict[str, ir.Scalar]:
    """A person's v2 values from their records: the latest month paid, the earliest registration, and
    the deciding record's funder and sector."""
    values: dict[str, ir.Scalar] = {}
    for name in V2_PARTICIPANT_COLUMNS:
        if name not in ranked.columns:
            continue
        column = ranked[name]
        if name == "last_paid_period":
            values[name] = column.max()
        elif name == "registered_period":
            values[name] = column.min()
        else:
            values[name] = column.argmin(ranked.order)
    return values


def region_places(source: ir.Table) -> ir.Table:
    """The distinct region codes of `source` (`o_code`) and their places in the engine's order of texts
    (`o_place`, from 0): what `merged` orders a person's records by after their rank."""
    codes = source.select(o_code=source.region_code).distinct()
    return codes.mutate(o_place=ibis.row_number().over(order_by=codes.o_code).cast("int64"))


def merged(source: ir.Table, rank: ir.IntegerValue, programs: int, places: ir.Table, width: int) -> ir.Table:
    """One row per person and month: nik_hash, period, region_code and key of the deciding record, its
    employer, how many records the person had (`records`), and the v2 columns `source` has.

    `places`: `region_places(source)`, `width` rows. A record's place in the order is one number, its rank
    and then its code's place, not a text: the engine's min and arg_min of a text made the group-by of
    50 M records take 1.6 times as long (56 s against 35 s on 2 cores)."""
    width = max(width, 1)
    rows = source.mutate(o_rank=rank)
    rows = rows.join(places, rows.region_code == places.o_code)
    ranked = rows.mutate(order=rows.o_rank * width + rows.o_place)
    extra = _carried_values(ranked)
    people = ranked.group_by(["nik_hash", "period"]).aggregate(
        best=ranked.order.min(),
        employer_id=ranked.employer_id.argmin(ranked.order),
        records=ranked.count(),
        **extra,
    )
    found = people.join(places, (people.best % width) == places.o_place)
    return found.select(
        "nik_hash",
        "period",
        region_code=found.o_code,
        key=key_of_rank(found.best // width, programs),
        employer_id=found.employer_id,
        records=found.records,
        **{name: found[name] for name in extra},
    )


def stored(table: ir.Table) -> ir.Table:
    """A store file's rows in the store's columns; a file written before a column existed has it empty."""
    return table.select(
        *(
            table[name].cast("string") if name in table.columns else ibis.null("string").name(name)
            for name in STORE_COLUMNS
        )
    )


def identical_rows(source: ir.Table, people: ir.Table) -> ir.Table:
    """Rows written more than once, identical in every column the engine reads, with their copies. Only
    the records of `people` (merged: a `records` column) with more than one record in a month can be
    copies: the rows of the others are left out by a join on the hash (the months of `people` are as
    stored, the file's as written) before the rows are grouped, so that the whole file is not grouped by
    every column a second time."""
    several = people.filter(people.records > 1).select(s_hash=people.nik_hash).distinct()
    rows = source.semi_join(several, source.nik_hash == several.s_hash)
    copies = rows.group_by([c for c in STORE_COLUMNS if c in rows.columns]).aggregate(copies=rows.count())
    return copies.filter(copies.copies > 1)


def counted_elsewhere(people: ir.Table, stored: ir.Table, area: Area) -> ir.Table:
    """The people of the file whom the store counts in the same month in a village outside the file's
    area (another file's): nik_hash, period, the file's region and the stored one."""
    elsewhere = area.outside(stored).select(
        s_hash=stored.nik_hash, s_period=stored.period, s_region=stored.region_code
    )
    joined = people.join(
        elsewhere, (people.nik_hash == elsewhere.s_hash) & (people.period == elsewhere.s_period)
    )
    return joined.select("nik_hash", "period", "region_code", stored_region=joined.s_region)


def store_rows(people: ir.Table, decoded_programs: ir.StringValue | None) -> ir.Table:
    """The people (decoded: segment and status as stored) in the store's columns."""
    return people.select(
        nik_hash=people.nik_hash,
        region_code=people.region_code,
        period=people.period,
        segment=people.segment,
        status=people.status,
        programs=decoded_programs if decoded_programs is not None else ibis.null("string"),
        employer_id=people.employer_id.cast("string"),
        **{
            name: people[name].cast("string") if name in people.columns else ibis.null("string")
            for name in V2_PARTICIPANT_COLUMNS
        },
    )


def month_store(kept: ir.Table | None, new: ir.Table) -> ir.Table:
    """The store of the file's months: what the store keeps outside the area, and the file's people."""
    if kept is None:
        return new
    return ibis.union(kept.select(*STORE_COLUMNS), new.select(*STORE_COLUMNS), distinct=False)
