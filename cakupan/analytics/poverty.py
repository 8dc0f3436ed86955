"""Poverty linkage: how many people of a socio-economic registry extract (DTSEN, P3KE: `poverty_list`)
are active participants in the month asked, by regency and welfare decile. Ibis expressions on the list
and the person store of that month, run on DuckDB or PySpark.

The list is read into a scratch folder and removed with it after the run: only the aggregates leave
this module (no hash, no person). Deciles 1–4 (the vulnerable workers DTSEN targets) are one group, and
5 to 10 each their own. With `age` and `working` columns, the working-age members who work (15 years
and over, the labour-force age of BPS) and the active participants among them are counted too, for a
rate; without them only counts are given.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from cakupan.analytics import checks, store
from cakupan.analytics.engine import (
    EngineConfig,
    EngineName,
    byte_length,
    connect,
    disconnect,
    joins_as_written,
)
from cakupan.analytics.ingest import prepare, report_located
from cakupan.analytics.nik import HASH_LENGTH
from cakupan.analytics.problems import N_, Problem, Translate, untranslated
from cakupan.analytics.rollup import canonical, dotted_code
from cakupan.core.engine_files import POVERTY_LIST

COLUMNS = ("nik_hash", "region_code", "desil", "list", "age", "working")
DECILE_GROUPS = ("1-4", "5", "6", "7", "8", "9", "10")
WORKING_AGE = 15
YES = ("1", "y", "ya", "yes", "true", "bekerja")
NO = ("0", "n", "t", "tidak", "no", "false", "tidak bekerja")


def working_age_worker(members: ir.Table) -> ir.BooleanValue:
    age = members.age.strip().cast("int64")
    works = members.working.strip().lower().isin(list(YES))
    return ((age >= WORKING_AGE) & works).fill_null(False)


def malformed_hash(digest: ir.StringValue, engine: EngineName) -> ir.BooleanValue:
    return digest.isnull() | (byte_length(digest, engine) != HASH_LENGTH)


def by_decile(members: ir.Table, *, engine: EngineName) -> ir.Table:
    """desil (as written), listed and bad_hashes (malformed): the list's members by decile, a row for
    each value written, which the decile check reads."""
    return members.group_by("desil").aggregate(
        listed=members.count(),
        bad_hashes=malformed_hash(members.nik_hash, engine).cast("int64").sum().fill_null(0),
    )


def distinct_values(members: ir.Table, column: str) -> ir.Table:
    """The distinct values of one of the list's columns (`value`): what its checks read (the region
    codes are at most the villages, however long the list), not a row per member."""
    return members.select(value=members[column]).distinct()


def linkage_counts(
    members: ir.Table, active: ir.Table, *, with_work: bool, dotted: bool, engine: EngineName
) -> ir.Table:
    """The list joined with the active participants of the month (`active`: p_hash), by regency and
    decile as written, in one pass: regency, desil, listed, active, workers, active_workers and
    bad_hashes (malformed), which also tell the decile check and the hash check what they read.
    `dotted`: every region code is written dotted (the checks said so), so the regency is its first five
    characters and no code is rewritten."""
    code = members.region_code if dotted else dotted_code(members.region_code)
    listed = members.select(
        m_hash=members.nik_hash,
        regency=code.substr(0, 5),
        desil=members.desil,
        worker=working_age_worker(members) if with_work else ibis.literal(False),
        bad=malformed_hash(members.nik_hash, engine),
    )
    # The hash table on the list (a fifth of a month's people, or fewer) and the month's active probing it,
    # as written (`engine.joins_as_written`): not on the far larger side DuckDB estimates the smaller.
    joined = active.right_join(listed, listed.m_hash == active.p_hash)
    found = joined.p_hash.notnull()
    return joined.group_by(["regency", "desil"]).aggregate(
        listed=joined.count(),
        active=joined.count(where=found),
        workers=joined.count(where=joined.worker),
        active_workers=joined.count(where=joined.worker & found),
        bad_hashes=joined.count(where=joined.bad),
    )


def group_of(desil: str | None) -> str | None:
    """`1-4`, `5` … `10` for a decile as written (spaces around it allowed); None for anything else."""
    value = (desil or "").strip()
    return "1-4" if value in {"1", "2", "3", "4"} else value if value in DECILE_GROUPS else None


CELL_COUNTS = ("listed", "active", "workers", "active_workers")


def linkage_cells(counts: pa.Table) -> pa.Table:
    """regency, group, listed, active, workers and active_workers: `linkage_counts` (a row per regency
    and decile as written, a few thousand) summed by decile group."""
    groups = pa.array([group_of(d) for d in counts["desil"].to_pylist()], pa.string())
    table = pa.table({"regency": counts["regency"], "group": groups, **{c: counts[c] for c in CELL_COUNTS}})
    summed = table.group_by(["regency", "group"], use_threads=False).aggregate(
        [(c, "sum") for c in CELL_COUNTS]
    )
    return pa.table(
        {
            "regency": summed["regency"],
            "group": summed["group"],
            **{c: summed[f"{c}_sum"].cast(pa.int64()) for c in CELL_COUNTS},
        }
    )


def decile_problems(deciles: list[str | None], translate: Translate) -> dict[str | None, str]:
    _ = translate
    return {
        value: _(N_("not a welfare decile: write a whole number from 1 to 10"))
        for value in deciles
        if value is None or value.strip() not in {str(d) for d in range(1, 11)}
    }


@dataclass
class LinkageResult:
    """`cells` (regency, group, listed, active, workers, active_workers) as Arrow; `with_work`: whether
    the list has age and working, so that `workers` and `active_workers` mean something."""

    file_name: str
    period: str
    listed: int = 0
    with_work: bool = False
    cells: pa.Table | None = None
    problems: list[Problem] = field(default_factory=list)
    problems_found: int = 0
    pseudonymised: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def poverty_run(
    *,
    list_path: str | os.PathLike[str],
    parts: store.StoreParts,
    period: str,
    engine: EngineConfig | None = None,
    key: bytes | None = None,
    work_dir: str | os.PathLike[str] | None = None,
    file_name: str | None = None,
    known_codes: checks.KnownCodes | None = None,
    translate: Translate = untranslated,
    content: bytes | None = None,
) -> LinkageResult:
    """Validate a poverty list (pseudonymising a raw NIK column with `key`) and match it against the
    active participants of `period` (`parts`: the person store's files of that month)."""
    _ = translate
    config = engine or EngineConfig()
    with tempfile.TemporaryDirectory(prefix="cakupan-poverty-", dir=work_dir) as scratch:
        config = config.spilling_in(scratch)
        prepared = prepare(
            path=list_path,
            spec=POVERTY_LIST,
            work_dir=scratch,
            key=key,
            file_name=file_name,
            translate=translate,
            content=content,
        )
        result = LinkageResult(
            file_name=prepared.file_name,
            period=period,
            listed=prepared.rows,
            problems=list(prepared.problems),
            pseudonymised=prepared.pseudonymised,
            with_work="age" in prepared.columns and "working" in prepared.columns,
        )
        if prepared.problems and not prepared.pseudonymised:
            return result
        if not any(period in months for _path, months in parts):
            no_data = N_("No participant data of %(period)s has been imported.")
            result.problems.append(Problem(result.file_name, 0, "", "", _(no_data) % {"period": period}))
            return result
        con = connect(config)
        joins_as_written(con, config)
        try:
            members = canonical(con.read_parquet(prepared.path), prepared.columns, COLUMNS)
            # The checks, set-based in the engine and folded into the match: only the distinct region codes
            # are read before it (at most the 84,000 villages, however long the list), and the match counts
            # by decile as written and counts the malformed hashes, which the decile and hash checks read.
            # A row per member comes out only for the rows of a bad value (`report_located`).
            codes = con.to_pyarrow(distinct_values(members, "region_code"))["value"].to_pylist()
            bad_codes = checks.region_problems(codes, known=known_codes, translate=translate)
            if bad_codes:  # no match: the deciles and hashes are counted for their checks alone
                counts = con.to_pyarrow(by_decile(members, engine=config.name))
            else:
                people = store.store_table(con, parts)
                assert people is not None
                month = people.filter((people.period == period) & (people.status == "active"))
                counts = con.to_pyarrow(
                    linkage_counts(
                        members,
                        month.select(p_hash=month.nik_hash),
                        with_work=result.with_work,
                        dotted=checks.all_dotted(codes),
                        engine=config.name,
                    )
                )
            result.listed = int(pc.sum(counts["listed"]).as_py() or 0)
            bad_hashes = int(pc.sum(counts["bad_hashes"]).as_py() or 0)
            deciles = list(dict.fromkeys(counts["desil"].to_pylist()))
            bad_values = {"region_code": bad_codes, "desil": decile_problems(deciles, translate)}
            report_located(result, prepared, bad_values, bad_hashes, translate)
            if not result.problems:
                result.cells = linkage_cells(counts)
        finally:
            disconnect(con, config)
    return result
