"""No test fails on the clock or keeps what Hypothesis found in the working tree (conftest.py): the profile
every property test inherits has no deadline and no example database, and Hypothesis's own caches are
kept outside the tree."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]


def test_property_tests_have_no_deadline_and_no_example_database() -> None:
    current = settings.default
    assert current is not None
    assert current.deadline is None
    assert current.database is None


def test_hypothesis_keeps_its_caches_outside_the_working_tree() -> None:
    storage = Path(os.environ["HYPOTHESIS_STORAGE_DIRECTORY"]).resolve()
    assert not storage.is_relative_to(ROOT), storage
