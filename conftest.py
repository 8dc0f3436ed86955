"""Test set-up shared by every suite. The database (SQLite by default, PostgreSQL when
CAKUPAN_DATABASE_URL points at one) holds a small region master for the whole session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from cakupan.common.testing import seed_regions

    with django_db_blocker.unblock():
        seed_regions()


@pytest.fixture(autouse=True)
def _isolated_files(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Staged uploads and generated files go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "files"
    yield
