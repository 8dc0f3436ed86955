"""What an official waits for when making a province's meeting pack: `cakupan pack 53 MONTH --out x.pptx`
(and .pdf, .xlsx), the whole process from start to file written, beside `cakupan report 53 MONTH --out
x.pdf`, on the full simulated demo data (`cakupan demo --no-serve`) in a fresh SQLite database. Writes
its section of docs/benchmarks.md (`--markdown`) beside the sections other benchmarks write.

    python -m benchmarks.pack [--region 53] [--repeat 3] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.import_peer import ROOT
from benchmarks.sections import write_section

SECTION = "## Meeting pack of a province, beside the PDF report"
COMMAND = [sys.executable, "-c", "import sys; from cakupan.cli import main; sys.exit(main())"]


def _env(data: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        CAKUPAN_DATA_DIR=str(data),
        CAKUPAN_ENV="test",
        CAKUPAN_SECRET_KEY=secrets.token_hex(32),
        CAKUPAN_SERVE_WORKER="false",
        CAKUPAN_CHART_PREDRAW_LANGUAGES="",
    )
    env.pop("CAKUPAN_DATABASE_URL", None)
    return env


def _cakupan(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([*COMMAND, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"cakupan {' '.join(args)} failed\n{done.stdout}\n{done.stderr}")
    return done


def _timed(env: dict[str, str], args: list[str], repeat: int) -> list[float]:
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        _cakupan(env, *args)
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--region", default="53")
    parser.add_argument("--repeat", type=int, default=3, choices=range(1, 6))
    parser.add_argument("--markdown", type=Path, help="write the section into this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = _env(work / "data")
        _cakupan(env, "demo", "--no-serve")
        latest = "from cakupan.indicators.library import latest_period; print(latest_period())"
        month = _cakupan(env, "manage", "shell", "-c", latest).stdout.strip().splitlines()[-1]
        contenders = {
            "cakupan pack … x.pptx": ["pack", args.region, month, "--out", str(work / "x.pptx")],
            "cakupan pack … x.pdf": ["pack", args.region, month, "--out", str(work / "x.pdf")],
            "cakupan pack … x.xlsx": ["pack", args.region, month, "--out", str(work / "x.xlsx")],
            "cakupan report … x.pdf": ["report", args.region, month, "--out", str(work / "r.pdf")],
        }
        results = {name: _timed(env, command, args.repeat) for name, command in contenders.items()}
    lines = [
        SECTION,
        "",
        f"`python -m benchmarks.pack --region {args.region} --repeat {args.repeat}`, "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}: the whole process of each command for region {args.region} "
        f"and {month} (the latest month of the simulated demo data, every regency), from start to file "
        "written, each run a new process on SQLite; the charts are drawn by the process that needs them.",
        "",
        "| command | median | runs |",
        "|---|---:|---|",
    ]
    for name, seconds in results.items():
        lines.append(
            f"| `{name}` | {statistics.median(seconds):.2f} s | {', '.join(f'{s:.2f}' for s in seconds)} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        write_section(args.markdown, "pack", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
