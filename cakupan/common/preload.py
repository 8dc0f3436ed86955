"""The heavy libraries imported once, by the thread that starts a server or a worker, before any other
thread runs. Two threads importing numpy or pandas for the first time at once can each see the other's
half-initialised module (a chart thread and a report thread failed at start-up that way)."""

from __future__ import annotations

import importlib
import sys

# What charts (vl_convert), reports (weasyprint), exports (pandas, numpy), the participant engine (pyarrow,
# duckdb, ibis) and the suppression's protection intervals (SciPy's HiGHS) import lazily: `cakupan` commands
# and start-up no longer import them (tests/test_startup_imports.py). Altair is no longer among them: chart
# specifications are plain data.
HEAVY_MODULES = ("numpy", "pandas", "pyarrow", "vl_convert", "weasyprint", "duckdb", "ibis", "scipy.optimize")


def preload_heavy_modules() -> list[str]:
    """Import every heavy module not yet imported; returns those this call imported."""
    loaded = [name for name in HEAVY_MODULES if name not in sys.modules]
    for name in loaded:
        importlib.import_module(name)
    return loaded
