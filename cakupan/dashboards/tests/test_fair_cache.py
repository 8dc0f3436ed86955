"""The fair rankings are kept by the figures version and drawn ahead by the chart pre-draw: a new import
is ranked afresh, never served from the old figures."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from cakupan.dashboards.fair import fair_ranking, fair_rankings_warm
from cakupan.regions.models import Region
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures() -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53.71", "2024-01", "total", "600000", "")]))
    rows = participation_rows("53.71", "2024-06", {"PU": 250_000})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))


def _coverage(code: str) -> object:
    national = Region.objects.get(code="00")
    groups = fair_ranking(national, period="2024-06", kind="level")
    return next(row.ind.active for group in groups for row in group.rows if row.ind.region_code == code)


def test_the_ranking_is_drawn_ahead_and_a_new_import_is_ranked_afresh(figures: None) -> None:
    assert fair_rankings_warm(period="2024-06", lang="id") >= 3
    assert any(key.startswith(":1:fair:00:2024-06:level:id:") for key in cache._cache)  # type: ignore[attr-defined]
    assert _coverage("53.71") == 250_000
    rows = participation_rows("53.71", "2024-06", {"PU": 260_000})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    assert _coverage("53.71") == 260_000
