"""Servers and workers import the heavy libraries in their first thread, before starting others."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest


def test_a_fresh_process_has_every_heavy_module_whole_after_preloading() -> None:
    code = (
        "import sys; from cakupan.common.preload import preload_heavy_modules, HEAVY_MODULES; "
        "done = preload_heavy_modules(); "
        "assert set(done) == {m for m in HEAVY_MODULES}, done; "
        "import numpy, pandas; assert numpy.ndarray and pandas.DataFrame; print('ok')"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr


def test_serve_preloads_before_it_starts_the_worker_thread(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from cakupan.cli import site

    order: list[str] = []

    def preload() -> list[str]:
        order.append("preload")
        return []

    monkeypatch.setattr("cakupan.cli.site.preload_heavy_modules", preload)
    monkeypatch.setattr("cakupan.jobs.worker.worker_thread", lambda stop: order.append("worker"))
    monkeypatch.setattr("waitress.serve", lambda *args, **kwargs: order.append("serve"))
    settings.CAKUPAN_SERVE_WORKER = True
    assert site.serve_site("127.0.0.1", 0, "id") == 0
    assert order == ["preload", "worker", "serve"]
