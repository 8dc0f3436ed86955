"""The one problem type of every importer lives in the core; re-exported where the pages always took it."""

from __future__ import annotations

from cakupan.core.problems import Problem, shown

__all__ = ["Problem", "shown"]
