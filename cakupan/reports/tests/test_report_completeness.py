"""A Monev report of a region measured over part of its workforce says so, as the region page does."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from cakupan.reports.content import report_content
from cakupan.reports.pdf import report_html
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def partial() -> None:
    """Two NTT regencies with participants (2,000 workers), a third with workforce only (5,000)."""
    workforce = [(code, "2024-06", "total", n, "Sakernas") for code, n in (("53.71", 1000), ("53.01", 1000))]
    load(
        "workforce",
        csv_bytes(WORKFORCE_HEADER, [*workforce, ("53.02", "2024-06", "total", 5000, "Sakernas")]),
    )
    rows = participation_rows("53.71", "2024-06", {"PU": 300}) + participation_rows(
        "53.01", "2024-06", {"PU": 200}
    )
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))


def test_the_report_of_an_incomplete_province_shows_the_partial_rate_its_completeness_and_the_warning(
    partial: None,
) -> None:
    html = report_html(report_content(AnonymousUser(), code="53", period="2024-06", lang="en"))
    assert "25.00% (incomplete)" in html
    assert "2 of 22 sub-regions reporting" in html and "28.57% of the workforce measured" in html
    assert "Incomplete: only 28.57% of the workforce is measured" in html
