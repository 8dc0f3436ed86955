"""Crash safety: imports, participant rollups, report batches and case work killed with SIGKILL at random
moments. After every kill the database is sound (SQLite's integrity check; on PostgreSQL no backend, lock
or prepared transaction left), nothing half-written is visible, nothing stored before is lost, and the
work goes through when taken up again. The harness and the invariants: tests/crash/harness.py and the
module of each kind of work; one process runs every kind, each on its own copy of one database.

How many killed runs: DEFAULT_RUNS in all; under CI (CI=true) CI_RUNS; CAKUPAN_CRASH_RUNS=N sets it.
They are spread evenly over the kinds. A failure names its seed: CAKUPAN_CRASH_SEED=S replays the same
delays (or `python -m tests.crash --kinds KIND --seed S`)."""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support import on_ci

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("import", "rollup", "batch", "case")
DEFAULT_RUNS = 24
CI_RUNS = 100


def runs_per_kind() -> int:
    asked = os.environ.get("CAKUPAN_CRASH_RUNS", "")
    total = int(asked) if asked else CI_RUNS if on_ci() else DEFAULT_RUNS
    return max(1, math.ceil(total / len(KINDS)))


@pytest.fixture(scope="module")
def crashes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The harness run once for every kind, in a process of its own with its own data folder."""
    folder = tmp_path_factory.mktemp("crash")
    seed = os.environ.get("CAKUPAN_CRASH_SEED") or str(random.SystemRandom().randrange(1 << 32))
    env = dict(os.environ, CAKUPAN_DATA_DIR=str(folder))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = folder / "crashes.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.crash",
            "--runs",
            str(runs_per_kind()),
            "--seed",
            seed,
            "--out",
            str(out),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    results: dict[str, Any] = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    _keep(results)
    return {"results": results, "log": done.stderr[-6000:], "seed": seed}


@pytest.mark.parametrize("kind", KINDS)
def test_work_killed_at_random_moments_leaves_a_consistent_database(
    kind: str, crashes: dict[str, Any]
) -> None:
    result = crashes["results"].get(kind)
    assert result is not None, f"the harness did not run {kind} (seed {crashes['seed']}):\n{crashes['log']}"
    assert "error" not in result, "\n".join([result["error"], *result["log"], crashes["log"]])
    assert result["runs"] == runs_per_kind()
    # Most runs were cut short by the kill (a few may end just before it), and the work went through.
    assert result["killed"] >= result["runs"] // 2, result
    assert result["progress"] > 0, result


def _keep(results: dict[str, Any]) -> None:
    """The summaries, for the CI artifacts: how many runs of each kind ended how."""
    from django.conf import settings

    database = "sqlite" if "sqlite" in settings.DATABASES["default"]["ENGINE"] else "postgresql"
    folder = Path(os.environ.get("CAKUPAN_TEST_ARTIFACTS", "test-artifacts")) / "crash"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{database}.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8"
    )
