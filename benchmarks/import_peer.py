"""What an officer waits for when importing a file: `cakupan import participation FILE`, from process start
to figures stored, through this checkout's one import framework and, in the same run, through the version
before it (a git worktree of BASELINE), each on a fresh SQLite database of its own. Writes its section of
docs/benchmarks.md (`--markdown`) beside the sections other benchmarks write.

    python -m benchmarks.import_peer [--rows 100000] [--repeat 3] [--baseline REV] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.sections import write_section

ROOT = Path(__file__).resolve().parents[1]
# The last commit before the import framework of issue 13 (three validations, a CSV round trip).
BASELINE = "30d024a5bd686c464b00c980e0aac03de9c5f969"
SECTION = "## Import through the one framework, beside the previous version"


def _files(folder: Path, rows: int, repeat: int) -> list[Path]:
    # The generator is the one `make bench` uses; it needs the settings, not a database.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cakupan.settings")
    os.environ.setdefault("CAKUPAN_ENV", "test")
    os.environ.setdefault("CAKUPAN_SECRET_KEY", secrets.token_hex(32))
    os.environ.setdefault("CAKUPAN_DATA_DIR", str(folder / "settings"))
    import django

    django.setup()
    from benchmarks.workloads import participation_csv

    paths = []
    for index, end in enumerate(("2010-12", "2012-12", "2014-12", "2016-12", "2018-12")[:repeat]):
        path = folder / f"peserta-{index}.csv"
        path.write_bytes(participation_csv(rows, end=end))
        paths.append(path)
    return paths


class _Contender:
    """One version's `cakupan` command on a fresh SQLite database of its own."""

    def __init__(self, name: str, source: Path, work: Path) -> None:
        self.name, self.source = name, source
        data = work / f"data-{name}"
        data.mkdir()
        self.env = dict(
            os.environ,
            PYTHONPATH=str(source),
            CAKUPAN_DATA_DIR=str(data),
            CAKUPAN_ENV="test",
            CAKUPAN_SECRET_KEY=secrets.token_hex(32),
            CAKUPAN_SERVE_WORKER="false",
        )
        self.env.pop("CAKUPAN_DATABASE_URL", None)
        self.command = [sys.executable, "-c", "import sys; from cakupan.cli import main; sys.exit(main())"]
        subprocess.run([*self.command, "init"], env=self.env, cwd=source, check=True, capture_output=True)
        self.seconds: list[float] = []
        self.cpu: list[float] = []

    def run(self, path: Path) -> None:
        """Seconds of one `cakupan import participation`, the process started anew, and the CPU seconds
        it used (user and system: what the machine's other work does not inflate)."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(
            [*self.command, "import", "participation", str(path)],
            env=self.env,
            cwd=self.source,
            capture_output=True,
            text=True,
        )
        self.seconds.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            raise SystemExit(f"{self.name}: the import failed\n{done.stdout}\n{done.stderr}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, choices=range(1, 6))
    parser.add_argument("--baseline", default=BASELINE, help="the revision to compare with")
    parser.add_argument("--markdown", type=Path, help="write the section into this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = _files(work, args.rows, args.repeat)
        baseline = work / "baseline"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(baseline), args.baseline],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            contenders = {
                "this version": _Contender("current", ROOT, work),
                f"previous version ({args.baseline[:7]})": _Contender("baseline", baseline, work),
            }
            # Turn by turn, file by file: a load that comes and goes on the machine falls on both alike.
            for path in files:
                for contender in contenders.values():
                    contender.run(path)
            results = {name: (contender.seconds, contender.cpu) for name, contender in contenders.items()}
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(baseline)], cwd=ROOT, check=False)
    lines = [
        SECTION,
        "",
        f"`python -m benchmarks.import_peer --rows {args.rows} --repeat {args.repeat}`, "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}: `cakupan import participation` of a {args.rows:,}-row CSV, "
        "from process start to the figures stored (validation, history, rollup to every level), each run a "
        "new process on SQLite; every contender imports the same files into a database of its own, the "
        "contenders taking turns file by file.",
        "",
        "| contender | median | runs | median CPU | CPU of each run |",
        "|---|---:|---|---:|---|",
    ]
    for name, (seconds, cpu) in results.items():
        runs = ", ".join(f"{s:.2f}" for s in seconds)
        cpu_runs = ", ".join(f"{s:.2f}" for s in cpu)
        wall, busy = statistics.median(seconds), statistics.median(cpu)
        lines.append(f"| {name} | {wall:.2f} s | {runs} | {busy:.2f} s | {cpu_runs} |")
    load = os.getloadavg()[0]
    lines += ["", f"Load average at the end of the run: {load:.1f} on {os.cpu_count()} cores."]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        write_section(args.markdown, "import-peer", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
