"""Test set-up shared by every suite. The database (SQLite by default, PostgreSQL when
CAKUPAN_DATABASE_URL points at one) holds a small region master for the whole session.

How the suite is spread over two xdist workers (scripts/test.sh, README "How the suite runs"): the tests
of one file go to one worker together, so that a module's expensive fixture is made once; the browser tests
are one unit, so one demo site serves them all; the tests of a file in SPREAD go to either worker one by
one (each worker then makes the module's shared set-up once). The units start in the order of the
collection, which puts the browser tests first and the other slow ones next, so that no long unit is
started last. Tests of the Django-free packages (DATABASE_FREE) are marked `database_free`:
`--database-tests-only` (the PostgreSQL pass) leaves them out, since the database cannot change what they
do. Tests marked `one_pass(database)` run against one database when scripts/test.sh runs both passes
(`--both-passes`): the browser tests and the route fuzz on PostgreSQL, production's database and the
stricter of the two (it refuses a NUL byte in text and an integer past 2³¹ that SQLite stores);
schemathesis on SQLite, so that each database meets a fuzzer of the API (the route fuzz sends its hostile
values to the API's routes too) and the two passes take about as long."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests never fail on the clock (a busy CI machine is not a bug) and keep no example database in
# the working tree: what they find is printed with the seed to reproduce it. What Hypothesis still caches
# (its character tables, the constants it collects from the source) goes outside the tree too, for this
# process and the ones it starts (schemathesis is also told to keep no example database).
hypothesis_settings.register_profile("cakupan", deadline=None, database=None, print_blob=True)
hypothesis_settings.load_profile("cakupan")
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "cakupan-hypothesis"))

ROOT = Path(__file__).resolve().parent
# The rule: the tests of these packages import no Django (the packages are Django-free by design, and
# tests/test_database_free.py imports each of their test modules where Django cannot be imported) and ask
# for no database fixture, so the database under the suite cannot change what they do.
DATABASE_FREE = ("cakupan/core/", "cakupan/analytics/")
# The fixtures through which a test reaches the test database.
DATABASE_FIXTURES = frozenset({"_django_db_helper", "db", "transactional_db", "live_server"})
# Files of few long tests, one test a route, an API part or a kind of work, that both workers share.
SPREAD = (
    "tests/test_access_matrix.py",
    "tests/test_api_schemathesis.py",
    "tests/adversarial/test_route_fuzz.py",
    "tests/crash/test_crash.py",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="leave out the tests marked database_free (the second, PostgreSQL pass of scripts/test.sh)",
    )
    parser.addoption(
        "--both-passes",
        action="store_true",
        help="scripts/test.sh runs a pass on each database: leave out the one_pass tests of the other one",
    )


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
    # A request's figures version is kept from its start to its end (request_finished). The test client
    # sends that end only once a streamed response is read to its end: a test that leaves one unread
    # would hand its version to the next test of the worker, whose code outside a request would read it.
    # The dated configuration read in a request is kept the same way.
    from cakupan.common import dated
    from cakupan.indicators import library

    library.request_memo_end()
    dated.held_end()
    yield
    library.request_memo_end()
    dated.held_end()


@pytest.fixture
def personas(db: Any) -> Any:
    """National administrator and analyst, officers of region A (53) and B (52), and the other roles."""
    from tests.personas import make_personas

    return make_personas()


@pytest.fixture(scope="module")
def module_transaction(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """A transaction around a whole module (on each worker): records a module's fixture stores in it are
    seen by every test of the module, each test runs in a savepoint of it (the `db` fixture) and is rolled
    back to them, and the module's records are rolled back after its last test. For records many tests
    read and none keeps a change to (the access matrix's world of region A and B)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The templates of the databases `cakupan` processes got (tests/support.py) are made once a worker and
    dropped here, at the end of its session."""
    from tests.support import templates_drop

    templates_drop()


def database_free(item: pytest.Item) -> bool:
    """The rule (DATABASE_FREE): a test of a Django-free package that reaches no database fixture."""
    path = Path(str(item.path)).resolve()
    inside = path.is_relative_to(ROOT) and path.relative_to(ROOT).as_posix().startswith(DATABASE_FREE)
    fixtures = set(getattr(item, "fixturenames", ()))
    return inside and item.get_closest_marker("django_db") is None and not fixtures & DATABASE_FIXTURES


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The tests the DATABASE_FREE rule covers are marked `database_free` and left out under
    --database-tests-only; the browser tests are marked `one_pass("postgresql")`, and under --both-passes a
    test marked for the other database is left out. The browser tests come first and the other slow ones
    next (the order xdist starts its units in, see above)."""
    database_tests_only = config.getoption("--database-tests-only")
    both_passes = config.getoption("--both-passes")
    from django.db import connection

    this_pass = connection.vendor  # "postgresql" or "sqlite", from the settings' database (no query made)
    kept, left_out = [], []
    for item in items:
        if database_free(item):
            item.add_marker(pytest.mark.database_free)
            if database_tests_only:
                left_out.append(item)
                continue
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.one_pass("postgresql"))
        one_pass = item.get_closest_marker("one_pass")
        if both_passes and one_pass is not None and one_pass.args[0] != this_pass:
            left_out.append(item)
            continue
        kept.append(item)
    kept.sort(
        key=lambda item: (
            0 if item.get_closest_marker("browser") else 1 if item.get_closest_marker("slow") else 2
        )
    )
    if left_out:
        config.hook.pytest_deselected(items=left_out)
    items[:] = kept


def xdist_unit(nodeid: str) -> str:
    """The unit of work a test is sent to a worker in: its file, the browser tests' one unit, or the test
    alone in a SPREAD file."""
    path = nodeid.split("::", 1)[0]
    if path.startswith("tests/browser/"):
        return "tests/browser/"
    return nodeid if path in SPREAD else path


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadscope`, with xdist_unit as the scope (pytest-xdist's documented way to group work)."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByUnit(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return xdist_unit(nodeid)

    return ByUnit(config, log)
