"""Issue 16 §4: half 2 of the routes against the hostile corpus (see tests/adversarial/route_fuzz.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.adversarial.route_fuzz import fuzz_shard
from tests.personas import Personas
from tests.test_access_matrix import world  # noqa: F401  (the access matrix's records of region A and B)

pytestmark = pytest.mark.django_db


def test_no_route_of_half_2_answers_a_server_error_to_hostile_input(
    personas: Personas,
    world: dict[str, Any],  # noqa: F811
) -> None:
    fuzz_shard(personas, world, 1, 2)
