"""The versions a benchmark compares: an earlier one checked out beside this tree (a git worktree), and each
byte-compiled before it is measured.

Where the environment sets PYTHONDONTWRITEBYTECODE (this project's build machines do), Python never writes
the compiled form of the sources it imports, and every new process compiles the package again: 0.17 s of
each command's start (`cakupan` set up: 0.40 s with the compiled files, 0.57 s without, 2026-12-06). A
user's installation has them (pip compiles a wheel as it installs it; `make install` compiles this tree),
so every contender is compiled alike, and none pays for compiling in the figures it is measured by.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def byte_compiled(folder: Path) -> Path:
    """`folder`'s package (and its benchmarks, which some contenders run) compiled where it is stale."""
    packages = [str(folder / name) for name in ("cakupan", "benchmarks") if (folder / name).is_dir()]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], check=True, capture_output=True)
    return folder


def worktree(revision: str, folder: Path) -> str:
    """`revision` checked out in `folder` (remove it with `worktree_removed`), compiled; its short commit."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short=10", revision], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(folder), commit], cwd=ROOT, capture_output=True, check=True
    )
    byte_compiled(folder)
    return commit


def worktree_removed(folder: Path) -> None:
    subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT, check=False)
