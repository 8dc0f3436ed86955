"""Test set-up shared by every suite. The database (SQLite by default, PostgreSQL when
CAKUPAN_DATABASE_URL points at one) holds a small region master for the whole session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests never fail on the clock (a busy CI machine is not a bug) and keep no example database in
# the working tree: what they find is printed with the seed to reproduce it.
hypothesis_settings.register_profile("cakupan", deadline=None, database=None, print_blob=True)
hypothesis_settings.load_profile("cakupan")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from tests.personas import seed_regions

    with django_db_blocker.unblock():
        seed_regions()


@pytest.fixture(autouse=True)
def _isolated_files(settings: Any, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[None]:
    """Staged uploads and generated files go to the test's own folder; passwords hash fast unless the
    test is about hashing (Argon2 costs about 0.1 s a password by design)."""
    settings.MEDIA_ROOT = tmp_path / "files"
    # Tests roll the database back, so a figures version can repeat: start every test with a clean cache.
    from django.core.cache import cache

    cache.clear()
    if request.node.get_closest_marker("real_password_hashing") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield


@pytest.fixture
def personas(db: Any) -> Any:
    """National administrator and analyst, officers of region A (53) and B (52), and the other roles."""
    from tests.personas import make_personas

    return make_personas()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With `-n 2` (scripts/test.sh), the tests of one file stay on one worker, so a module's expensive
    fixture (a crash-harness run, a Spark session) is made once; the browser tests share one demo site."""
    for item in items:
        group = "browser" if item.get_closest_marker("browser") else item.nodeid.split("::", 1)[0]
        item.add_marker(pytest.mark.xdist_group(group))
