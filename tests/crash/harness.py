"""The crash harness: a parent that has set Django up forks a child for each run, the child does the
work with a database connection of its own, and the parent kills it with SIGKILL after a random delay
drawn over the work's measured duration; then the parent checks what the database and the files show.

    python -m tests.crash [--kinds import,rollup,batch,case] [--runs N] [--seed S] [--out FILE]
                          [--template FILE_OR_DATABASE]

The process makes its own databases on the server the settings name (or SQLite files in its data
folder): a migrated template, and a copy of it for each kind of work.

The delays come from the seed, so a failing series can be replayed (the seed is printed with the failure;
where the child is when the signal lands still varies with the machine's speed).
"""

from __future__ import annotations

import argparse
import faulthandler
import functools
import itertools
import json
import os
import random
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The kill may land before the work is done, or just after: a few runs in ten end by themselves.
OVERSHOOT = 1.15
TIMEOUT = 180.0
# After this many kills in a row, the work is run whole once (a retry that completes); its time is the
# new estimate of the work's duration.
WHOLE_AFTER = 3
# Runs aimed at a kill, at most, for each run asked: a run that ends before its kill is not one.
AIMS_PER_RUN = 3


@dataclass(frozen=True)
class Ending:
    killed: bool
    seconds: float
    marks: tuple[tuple[str, float], ...] = ()  # what the child said it had reached (`mark`), and when

    @property
    def reached(self) -> str:
        return self.marks[-1][0] if self.marks else ""

    def reached_at(self, stage: str) -> float | None:
        return next((at for name, at in self.marks if name == stage), None)


_marks_fd: int | None = None


def mark(stage: str) -> None:
    """Called by the work in the child: tells the parent how far it got (written at once, unbuffered, so
    a kill right after it still leaves it said)."""
    if _marks_fd is not None:
        os.write(_marks_fd, f"{stage} {time.monotonic()}\n".encode())


class WorkFailed(RuntimeError):
    """The child failed by itself (an exception): a fault of the work or of the harness, not a crash."""


@dataclass(frozen=True)
class Kill:
    """When to kill: `after` seconds from the moment the child says it reached `stage` ("": the fork)."""

    after: float
    stage: str = ""

    def __str__(self) -> str:
        return f"{self.after:.3f} s after {self.stage or 'the start'}"


def fork_and_kill(work: Callable[[], None], *, kill: Kill | None) -> Ending:
    """Run `work` in a forked child and SIGKILL it as `kill` says (None: let it finish). The parent holds
    no database connection while the child runs: the child opens its own."""
    from django.db import connections

    connections.close_all()
    sys.stdout.flush()
    sys.stderr.flush()
    read, write = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        os.close(read)
        _child(work, write)
    os.close(write)
    os.set_blocking(read, False)
    with os.fdopen(read, "rb") as said:
        killed, seconds, marks = _wait(pid, start, kill, said)
    return Ending(killed=killed, seconds=seconds, marks=marks)


def _wait(
    pid: int, start: float, kill: Kill | None, said: Any
) -> tuple[bool, float, tuple[tuple[str, float], ...]]:
    """Wait for the child, reading its marks as they come; kill it at the moment asked."""
    marks: list[tuple[str, float]] = []
    pending = b""
    deadline = start + (TIMEOUT if kill is None or kill.stage else kill.after)
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        pending += said.read() or b""
        *lines, pending = pending.split(b"\n")
        for line in lines:
            stage, at = line.decode().split()
            marks.append((stage, float(at) - start))
            if kill is not None and stage == kill.stage:
                deadline = float(at) + kill.after
        now = time.monotonic()
        if not done and now >= deadline:
            os.kill(pid, signal.SIGKILL)
            done, status = os.waitpid(pid, 0)
        if done:
            if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
                if kill is None:
                    raise WorkFailed(f"the work did not end within {TIMEOUT:.0f} s")
                return True, now - start, tuple(marks)
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                raise WorkFailed(f"the work failed by itself (exit status {code}); its error is above")
            return False, now - start, tuple(marks)
        time.sleep(max(0.0, min(0.002, deadline - now)))


def _child(work: Callable[[], None], marks: int) -> None:  # pragma: no cover (runs in the forked child)
    global _marks_fd
    _marks_fd = marks
    # A child that hangs says where before the parent gives up on it.
    faulthandler.dump_traceback_later(TIMEOUT - 10, exit=True)
    code = 1
    try:
        work()
        from django.db import connections

        connections.close_all()
        code = 0
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


class Work:
    """One kind of work: made ready once, then run (and killed) again and again in forked children."""

    name = ""
    # The stage (a `mark`) from which the work writes: most kills are aimed after it.
    focus = ""
    # Settings the work runs with (only while it runs).
    settings: dict[str, Any] = {}
    # What `verify` says of a run that completed the work (the last, unkilled).
    completed: frozenset[str] = frozenset({"committed"})
    # How a run may change each table (state.SAME unless named here).
    policies: dict[str, str] = {}

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.kept: Any = None

    def prepare(self) -> None:
        """Data the work needs, stored before the runs (in the parent)."""

    def operate(self, attempt: int) -> None:
        """The work itself, in the child: what the run kills. `attempt` counts every fork of the series."""
        raise NotImplementedError

    def verify(self, attempt: int, before: Any, ending: Ending) -> str:
        """Check the state after the run (the parent, with a new connection); returns what the run left
        (for the summary), raises state.Broken when an invariant does not hold."""
        raise NotImplementedError

    def shape(self) -> str:
        """Which shape of the work the next run does: each is timed on its own."""
        return self.name

    def before(self, attempt: int) -> Any:
        """What `verify` compares with: read before the run (or kept by the last `verify`)."""
        from tests.crash.state import snapshot

        kept, self.kept = self.kept, None
        return kept or snapshot()

    def keep(self, tables: Any) -> Any:
        """The state `verify` read, as the state before the next run: `verify` wrote nothing since."""
        self.kept = tables
        return tables

    def finish(self) -> dict[str, Any]:
        """Figures for the summary, after the runs; `progress` counts the work that went through."""
        return {"progress": 0}


def crash_series(work: Work, *, runs: int, seed: int, log: Callable[[str], None]) -> dict[str, Any]:
    """`runs` runs killed after a random delay, each checked. Each shape of the work (a dataset, say) is
    first run once whole, unkilled, to time it: the delays are drawn over that time, the latest a run
    took when it ended by itself. A run that ends before its kill is checked too, and another is aimed,
    up to `AIMS_PER_RUN` for each run asked: the work's time moves from run to run (a report batch taken
    up again makes fewer reports), and a series of six once had four end before their kill."""
    from tests.crash.state import Broken, database_health, require

    require(database_health())
    work.prepare()
    started = time.monotonic()
    durations: dict[str, tuple[float, float]] = {}  # shape → (whole duration, when the focus is reached)
    streak: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    killed = run = whole = 0
    for attempt in itertools.count(1):
        if killed == runs or run == runs * AIMS_PER_RUN:
            break
        shape = work.shape()
        timing = shape not in durations or streak[shape] >= WHOLE_AFTER
        kill = None if timing else _aim(work.rng, *durations[shape], work.focus)
        run += not timing
        whole += timing
        before = work.before(attempt)
        ending = fork_and_kill(functools.partial(work.operate, attempt), kill=kill)
        killed += ending.killed
        try:
            require(database_health())
            outcome = work.verify(attempt, before, ending)
        except Broken as broken:
            how = f"killed {kill}" if ending.killed else f"ended by itself in {ending.seconds:.3f} s"
            raise Broken(f"{work.name} ({shape}), seed {seed}, run {run} ({how}): {broken}") from None
        if ending.killed:
            streak[shape] += 1
        else:
            streak[shape] = 0
            durations[shape] = (ending.seconds, ending.reached_at(work.focus) or 0.0)
        if timing:
            log(f"{work.name} ({shape}) run whole: {ending.seconds:.2f} s → {outcome}")
            continue
        outcomes[outcome] += 1
        state = f"killed {kill}" if ending.killed else f"ended in {ending.seconds:.3f} s"
        log(f"{work.name} ({shape}) run {run}: {state} → {outcome}")
    try:
        # The work the last kill interrupted is taken up again, and completes.
        before = work.before(attempt)
        ending = fork_and_kill(functools.partial(work.operate, attempt), kill=None)
        require(database_health())
        outcome = work.verify(attempt, before, ending)
        if outcome not in work.completed:
            raise Broken(f"the work taken up again ends as {outcome!r}")
        finished = work.finish()
    except Broken as broken:
        raise Broken(f"{work.name}, seed {seed}, completing after the runs: {broken}") from None
    log(f"{work.name} taken up again: {outcome}")
    return {
        "kind": work.name,
        "seed": seed,
        "runs": runs,
        "aimed": run,
        "killed": killed,
        "whole": whole,
        "outcomes": dict(outcomes),
        "work_seconds": {shape: round(seconds, 3) for shape, (seconds, _focus) in durations.items()},
        "seconds": round(time.monotonic() - started, 1),
        **finished,
    }


def _aim(rng: random.Random, duration: float, focus_at: float, focus: str) -> Kill:
    """A moment to kill at: three times in four while the work writes (after its focus), else anywhere."""
    if focus and focus_at and rng.random() < 0.75:
        return Kill(rng.uniform(0.0, (duration - focus_at) * OVERSHOOT), focus)
    return Kill(rng.uniform(0.0, duration * OVERSHOOT))


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cakupan.settings")
    import django

    django.setup()
    # Every URL configuration and view module loaded once here, not in each child that builds a link.
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018


@contextmanager
def _settings_of(work: Work, folder: Path) -> Iterator[None]:
    """The work's own data folder (files, uploads, evidence) and settings, and an empty cache."""
    from django.conf import settings
    from django.core.cache import cache

    changes = {"DATA_DIR": folder, "MEDIA_ROOT": folder / "files", **work.settings}
    saved = {name: getattr(settings, name) for name in changes}
    folder.mkdir(parents=True, exist_ok=True)
    for name, value in changes.items():
        setattr(settings, name, value)
    cache.clear()
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(settings, name, value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.crash", description=__doc__.split("\n\n")[0])
    parser.add_argument("--kinds", default="", help="comma-separated; all by default")
    parser.add_argument("--runs", type=int, default=10, help="killed runs of each kind")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", type=Path, default=None, help="write the summaries here (JSON)")
    parser.add_argument(
        "--template",
        default="",
        help="the migrated template to use (a SQLite file or a PostgreSQL database), made when missing "
        "and kept for the next run",
    )
    args = parser.parse_args(argv)
    _setup_django()
    from django.conf import settings

    from tests.crash import databases
    from tests.crash.kinds import KINDS
    from tests.crash.state import Broken

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 32)
    kinds = args.kinds.split(",") if args.kinds else list(KINDS)
    results: dict[str, dict[str, Any]] = {}
    home = Path(settings.DATA_DIR)
    with databases.template(args.template) as template:
        for kind in kinds:
            lines: list[str] = []

            def log(line: str, lines: list[str] = lines) -> None:
                print(line, file=sys.stderr, flush=True)
                lines.append(line)

            work = KINDS[kind](random.Random(seed))
            try:
                with databases.copy_of(template, kind), _settings_of(work, home / kind):
                    results[kind] = crash_series(work, runs=args.runs, seed=seed, log=log)
            except (Broken, WorkFailed) as error:
                message = f"{error} (replay: --kinds {kind} --seed {seed})"
                log(f"CRASH INVARIANT BROKEN — {message}")
                results[kind] = {"kind": kind, "seed": seed, "error": message, "log": lines[-25:]}
    summary = json.dumps(results, indent=2, ensure_ascii=False)
    if args.out is not None:
        args.out.write_text(summary, encoding="utf-8")
    print(summary, flush=True)
    return 1 if any("error" in result for result in results.values()) else 0
