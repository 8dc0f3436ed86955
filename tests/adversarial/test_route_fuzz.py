"""Issue 16 §4: every route against the hostile corpus, one test a route (tests/adversarial/route_fuzz.py).
The access matrix's records and what each route is sent are made once a worker; each route's test runs in a
savepoint rolled back after it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import override_settings

from tests.adversarial.route_fuzz import SKIPPED, FuzzPlan, fuzz_plan, fuzz_route, make_users, write_report
from tests.test_access_matrix import ROUTES, Matrix, matrix, shared_matrix  # noqa: F401  (their fixtures)

# Run once when the suite runs on both databases: on PostgreSQL, the stricter (conftest.py `one_pass`).
pytestmark = [pytest.mark.django_db, pytest.mark.one_pass("postgresql")]


@pytest.fixture(scope="module")
def plan(
    shared_matrix: Matrix,  # noqa: F811
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[FuzzPlan]:
    """What each route is sent, found on the module's records (and a copy of their files); the writes of
    the samples sent to find it rolled back. The counts of the routes this worker fuzzed are written for
    the CI artifacts after the last."""
    files = tmp_path_factory.mktemp("fuzz-plan") / "files"
    shutil.copytree(shared_matrix.media_root, files)
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=files, PASSWORD_HASHERS=fast):
        users = make_users(shared_matrix.personas)
        samples_sent = transaction.savepoint()
        try:
            found = fuzz_plan(users, shared_matrix.rules)
        finally:
            transaction.savepoint_rollback(samples_sent)
    yield found
    database = connection.vendor  # the two passes of scripts/test.sh run at once, with the same worker names
    write_report(found.counts, f"route-fuzz-{database}-{os.environ.get('PYTEST_XDIST_WORKER', 'gw0')}.txt")


@pytest.mark.parametrize("route", sorted(set(ROUTES) - set(SKIPPED)))
def test_no_route_answers_a_server_error_to_hostile_input(
    route: str,
    plan: FuzzPlan,
    matrix: Matrix,  # noqa: F811
) -> None:
    fuzz_route(plan, route)


def test_every_route_skipped_by_the_fuzz_exists() -> None:
    gone = sorted(set(SKIPPED) - set(ROUTES))
    assert gone == [], f"SKIPPED names routes that are gone: {gone}"
