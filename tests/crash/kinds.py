"""The kinds of work the crash tests kill."""

from __future__ import annotations

from tests.crash.batch import BatchWork
from tests.crash.cases import CaseWork
from tests.crash.figures import ImportWork
from tests.crash.harness import Work
from tests.crash.rollup import RollupWork

KINDS: dict[str, type[Work]] = {work.name: work for work in (ImportWork, RollupWork, BatchWork, CaseWork)}
