"""List matching: how many people on a list (non-ASN staff, vulnerable workers, the poverty registry) are
active participants, by region, agency, category and segment. Written once as ibis expressions.

A list member matches when a participant of the month has the same keyed NIK hash and is active; one
row per participant and month is assumed (the `participants` contract)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cakupan.analytics import checks
from cakupan.analytics.engine import EngineConfig, EngineName, byte_length, connect, disconnect
from cakupan.analytics.ingest import Prepared, file_kind, prepare, report_located
from cakupan.analytics.nik import HASH_LENGTH
from cakupan.analytics.problems import N_, Problem, Translate, untranslated
from cakupan.analytics.rollup import canonical, distinct_values, dotted_code, normal_segment, single_period
from cakupan.core.engine_files import MATCH_LIST, PARTICIPANTS, RAW_NIK_NAMES
from cakupan.core.headers import normal_header
from cakupan.core.vocabulary import STATUS_SPELLINGS, spelling

LIST_KEYS = ("region_code", "agency", "category")
MAX_LABEL = 200
CELL_COLUMNS = ("region_code", "agency", "category", "segment", "members")
Cell = tuple[str, str, str, str | None, int]  # region_code, agency, category, segment (None: no), members
Member = tuple[str, str, str, str, str | None]  # nik_hash, region_code, agency, category, segment


def active_spellings(statuses: list[str | None]) -> list[str]:
    """Of the statuses as a participants file writes them (a handful), those that mean active."""
    return [v for v in statuses if v is not None and STATUS_SPELLINGS.get(spelling(v)) == "active"]


def active_in(participants: ir.Table, period: str, active: list[str]) -> ir.Table:
    """The participants active in `period` (`active`: how the file writes that status): their hash and
    segment as written. Comparing with the file's own spellings reads no status twice."""
    if not active:
        return participants.filter(ibis.literal(False)).select(
            p_hash=participants.nik_hash, p_segment=participants.segment
        )
    month = participants.filter((participants.period == period) & participants.status.isin(active))
    return month.select(p_hash=month.nik_hash, p_segment=month.segment)


def _joined(members: ir.Table, participants: ir.Table, period: str, active: list[str]) -> ir.Table:
    month = active_in(participants, period, active)
    return members.left_join(month, members.nik_hash == month.p_hash)


def match_groups(
    members: ir.Table, participants: ir.Table, *, period: str, active: list[str], engine: EngineName
) -> ir.Table:
    """The one scan of the list (joined with the participants active in the month): members by their raw
    region, agency and category and by the segment they are active in, and the malformed hashes. The
    list is validated from this small table, so validating costs no second pass."""
    joined = _joined(members, participants, period, active)
    digest = joined.nik_hash
    malformed = digest.isnull() | (byte_length(digest, engine) != HASH_LENGTH)
    return joined.group_by([joined.region_code, joined.agency, joined.category, joined.p_segment]).aggregate(
        members=joined.count(), bad_hashes=malformed.cast("int64").sum()
    )


def match_counts(groups: ir.Table) -> ir.Table:
    """List members by region, agency, category and segment (NULL: not an active participant)."""
    cells = groups.select(
        region_code=dotted_code(groups.region_code),
        agency=groups.agency.fill_null(""),
        category=groups.category.fill_null(""),
        segment=normal_segment(groups.p_segment),
        members=groups.members,
    )
    return cells.group_by(["region_code", "agency", "category", "segment"]).aggregate(
        members=cells.members.sum().cast("int64")
    )


def matched_members(members: ir.Table, participants: ir.Table, *, period: str, active: list[str]) -> ir.Table:
    """Every list member with the segment they are active in (NULL: not an active participant)."""
    joined = _joined(members, participants, period, active)
    return joined.select(
        nik_hash=joined.nik_hash,
        region_code=dotted_code(joined.region_code),
        agency=joined.agency.fill_null(""),
        category=joined.category.fill_null(""),
        segment=normal_segment(joined.p_segment),
    )


def latest_period(participants: ir.Table) -> ir.Scalar:
    return participants.period.max()


@dataclass
class MatchResult:
    """`cells_table` (region_code, agency, category, segment, members) as Arrow; `cells` as sorted tuples."""

    file_name: str
    period: str = ""
    listed: int = 0
    cells_table: pa.Table | None = None
    members: list[Member] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problems_found: int = 0
    pseudonymised: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @cached_property
    def cells(self) -> list[Cell]:
        if self.cells_table is None:
            return []
        table = self.cells_table
        rows = zip(*(table.column(n).to_pylist() for n in CELL_COLUMNS), strict=True)
        return sorted(rows, key=_order)

    @property
    def matched(self) -> int:
        if self.cells_table is None:
            return 0
        found = self.cells_table.filter(pc.is_valid(self.cells_table["segment"]))
        return int(pc.sum(found["members"]).as_py() or 0)


def match_run(
    *,
    participants_path: str | os.PathLike[str],
    list_path: str | os.PathLike[str],
    period: str | None = None,
    engine: EngineConfig | None = None,
    key: bytes | None = None,
    work_dir: str | os.PathLike[str] | None = None,
    file_name: str | None = None,
    known_codes: checks.KnownCodes | None = None,
    within: str | None = None,
    with_members: bool = False,
    translate: Translate = untranslated,
    list_content: bytes | None = None,
) -> MatchResult:
    """Validate a list (pseudonymising a raw NIK column with `key`) and match it against the
    participants of `period` (default: the latest month in the participants file). The list is read from
    `list_path`, or from `list_content` (kept in memory: a list of raw NIKs is never written as it is);
    with `within`, every member's region must lie in that region."""
    config = engine or EngineConfig()
    with tempfile.TemporaryDirectory(prefix="cakupan-match-", dir=work_dir) as scratch:
        config = config.spilling_in(scratch)
        people = _participants(participants_path, scratch)
        prepared = prepare(
            path=list_path,
            spec=MATCH_LIST,
            work_dir=scratch,
            key=key,
            file_name=file_name,
            translate=translate,
            content=list_content,
        )
        result = MatchResult(
            file_name=prepared.file_name,
            listed=prepared.rows,
            problems=list(prepared.problems),
            pseudonymised=prepared.pseudonymised,
        )
        if prepared.problems and not prepared.pseudonymised:
            result.problems_found = len(result.problems)
            return result
        con = connect(config)
        try:
            _match(
                con,
                config.name,
                result,
                prepared,
                people,
                period,
                known_codes,
                within,
                with_members,
                translate,
            )
        finally:
            disconnect(con, config)
    return result


def _match(
    con: Any,
    engine: EngineName,
    result: MatchResult,
    prepared: Any,
    people: Prepared,
    period: str | None,
    known_codes: checks.KnownCodes | None,
    within: str | None,
    with_members: bool,
    translate: Translate,
) -> None:
    _ = translate
    members = canonical(con.read_parquet(prepared.path), prepared.columns, ("nik_hash", *LIST_KEYS))
    participants = canonical(con.read_parquet(people.path), people.columns, PARTICIPANT_COLUMNS)
    known = period or single_period(people.path, people.columns["period"])  # a file of one month says so
    result.period = known or str(con.execute(latest_period(participants)) or "")
    active = active_spellings(distinct_values(con, participants, "status"))
    groups = con.to_pyarrow(
        match_groups(members, participants, period=result.period, active=active, engine=engine)
    )
    bad_hashes = int(pc.sum(groups["bad_hashes"]).as_py() or 0)
    bad_values = {
        "region_code": checks.region_problems(
            pc.unique(groups["region_code"]).to_pylist(),
            known=known_codes,
            within=within,
            translate=translate,
        )
    }
    for column in ("agency", "category"):
        labels = pc.unique(groups[column]).to_pylist()
        bad_values[column] = checks.text_problems(labels, max_length=MAX_LABEL, translate=translate)
    if groups.num_rows == 0 and not result.problems:
        result.problems.append(
            Problem(result.file_name, 0, "", "", _(N_("The file has a header but no data rows.")))
        )
    present = {k: v for k, v in bad_values.items() if k in prepared.columns}
    report_located(result, prepared, present, bad_hashes, translate)
    if result.problems:
        return
    result.cells_table = con.to_pyarrow(match_counts(ibis.memtable(groups)))
    if with_members:
        chosen = matched_members(members, participants, period=result.period, active=active)
        rows = con.to_pyarrow(chosen).to_pylist()
        result.members = sorted(
            ((r["nik_hash"], r["region_code"], r["agency"], r["category"], r["segment"]) for r in rows),
            key=_order,
        )


PARTICIPANT_COLUMNS = ("nik_hash", "period", "segment", "status")


def _participants(path: str | os.PathLike[str], scratch: str) -> Prepared:
    """The participants file as matching reads it: hash, month, segment and status, already validated
    by its ingest (matching reads the hash-only copy an ingest keeps). A Parquet file is read where it is
    and only its header is looked at; a CSV is prepared (copied to Parquet) first."""
    if file_kind(str(path)) != "parquet":
        people = prepare(path=path, spec=PARTICIPANTS, work_dir=scratch)
        if not people.ok:
            raise ValueError(f"not a valid participants file: {[p.reason for p in people.problems]}")
        return people
    lookup = PARTICIPANTS.lookup()
    columns: dict[str, str] = {}
    for name in pq.ParquetFile(path).schema_arrow.names:
        if normal_header(name) in RAW_NIK_NAMES:
            raise ValueError("not a valid participants file: it holds a raw NIK column")
        canonical_name = lookup.get(normal_header(name))
        if canonical_name is not None:
            columns.setdefault(canonical_name, name)
    missing = [c for c in PARTICIPANT_COLUMNS if c not in columns]
    if missing:
        raise ValueError(f"not a valid participants file: missing {', '.join(missing)}")
    return Prepared(file_name=Path(path).name, path=str(path), columns=columns)


def _order(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple("" if value is None else value for value in row)
