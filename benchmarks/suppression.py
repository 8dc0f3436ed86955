"""Suppression of the poverty table that finishes for the whole nation (issue 21 §4, ADR 0009).

A synthetic linkage result of N regencies (five to a province, every decile group, lognormal counts, with
the working measures) is suppressed by `participants.poverty.poverty_table` at k = 10, once by subtables
(this version's modular suppression) and once as a whole table (`--before whole`: `modular=False`, the
method before, same code), or with the suppression of a git revision `--before REV` (its
`opendata/suppression.py` and `opendata/intervals.py` loaded from git in place of this version's, the whole
table), each in a process of its own, one after the other for every N. Wall and CPU seconds (user + system
of the process, Django's start-up left out) and the load average beside them; the run before is stopped
after `--timeout` seconds. A git revision must hide the same cells as the whole table of this version.

    python -m benchmarks.suppression [--regencies 6 --regencies 38 --regencies 514] [--before whole|REV]
        [--timeout 600] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from benchmarks.sections import write_section

MODULES = ("intervals", "suppression")  # intervals first: suppression imports it


def _child(version: str, regencies: int, seed: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cakupan.settings")
    django.setup()
    if version not in ("HEAD", "whole"):
        folder = Path(tempfile.mkdtemp())
        for name in MODULES:
            path = folder / f"{name}.py"
            path.write_text(_git_show(version, f"cakupan/opendata/{name}.py"))
            spec = importlib.util.spec_from_file_location(f"cakupan.opendata.{name}", path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[f"cakupan.opendata.{name}"] = module
            spec.loader.exec_module(module)
        import cakupan.participants.poverty as poverty_module

        poverty_module.hidden_cells = sys.modules["cakupan.opendata.suppression"].hidden_cells
    import pyarrow as pa

    from cakupan.analytics.poverty import DECILE_GROUPS
    from cakupan.participants.poverty import poverty_table

    rng = random.Random(seed)  # noqa: S311 (synthetic counts, not secrets)
    rows = []
    for i in range(regencies):
        regency = f"{11 + i // 5:02d}.{i % 5 + 1:02d}"
        for group in DECILE_GROUPS:
            listed = int(rng.lognormvariate(3.0, 1.6))
            active = rng.randint(0, listed)
            workers = rng.randint(0, listed)
            both = rng.randint(0, min(active, workers))
            rows.append(
                {
                    "regency": regency,
                    "group": group,
                    "listed": listed,
                    "active": active,
                    "workers": workers,
                    "active_workers": both,
                }
            )
    result = SimpleNamespace(cells=pa.Table.from_pylist(rows), with_work=True, period="2026-06")
    wall, cpu = time.perf_counter(), time.process_time()
    table = poverty_table(result, k=10, modular=version == "HEAD")  # type: ignore[arg-type]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    hidden = sorted(f"{r.area}|{r.group}|{m}" for r in table.rows for m, v in r.cells.items() if v is None)
    digest = hashlib.sha256("\n".join(hidden).encode()).hexdigest()[:12]
    print(json.dumps({"wall": wall, "cpu": cpu, "hidden": len(hidden), "digest": digest}))


def _git_show(revision: str, path: str) -> str:
    return subprocess.run(
        ["git", "show", f"{revision}:{path}"], capture_output=True, text=True, check=True
    ).stdout


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _measure(version: str, regencies: int, seed: int, timeout: float) -> dict[str, object]:
    command = [sys.executable, "-m", "benchmarks.suppression", "--child", version, str(regencies), str(seed)]
    load = _load()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout, "load": load}
    found: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    found["load"] = load
    return found


def _cell(found: dict[str, object]) -> str:
    if "timeout" in found:
        return f"stopped after {found['timeout']:.0f} s"
    return f"{found['wall']:.1f} s ({found['cpu']:.1f} s CPU)"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--regencies", type=int, action="append")
    parser.add_argument("--before", default="whole")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--child", nargs=3, metavar=("VERSION", "REGENCIES", "SEED"))
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]), int(args.child[2]))
        return
    os.environ.setdefault("CAKUPAN_ENV", "test")
    os.environ.setdefault("CAKUPAN_SECRET_KEY", "benchmark")
    os.environ.setdefault("CAKUPAN_DATA_DIR", tempfile.mkdtemp())
    lines = [
        "| Regencies | Hidden | By subtables | Hidden | Whole table | Load average (1, 5, 15 min) |",
        "| ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for regencies in args.regencies or [6, 38, 514]:
        after = _measure("HEAD", regencies, args.seed, args.timeout * 4)
        before = _measure(args.before, regencies, args.seed, args.timeout)
        comparable = args.before != "whole"
        if comparable and "digest" in after and "digest" in before and after["digest"] != before["digest"]:
            raise SystemExit(f"{regencies} regencies: the two versions hide different cells")
        line = (
            f"| {regencies} | {after.get('hidden', '–')} | {_cell(after)} | {before.get('hidden', '–')} "
            f"| {_cell(before)} "
            f"| {after['load']}; {before['load']} |"
        )
        print(line, flush=True)
        lines.append(line)
    if args.markdown:
        command = "python -m benchmarks.suppression " + shlex.join(sys.argv[1:])
        section = (
            "## Suppression of the poverty table\n\n"
            f"`{command}` (before: `{args.before}`, the whole table\n"
            "suppressed at once; stopped after the time-box).\n"
            "Seconds of `poverty_table` at k = 10 with the working measures, wall (CPU of the\n"
            "process); the load average as each run started.\n\n" + "\n".join(lines) + "\n"
        )
        write_section(args.markdown, "suppression", section)


if __name__ == "__main__":
    main()
