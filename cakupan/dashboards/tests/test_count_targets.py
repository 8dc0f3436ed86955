"""Every target kind is shown (issue 15 §2): Gianyar's `vulnerable_workers_funded` (64 villages × 100 =
6,400 funded, then 12,800) and an `active_participants` target, with their gaps, beside the coverage
target on the region page and in the report."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from openpyxl import load_workbook

from cakupan.dashboards.targets import count_targets, funded_workers
from cakupan.indicators.library import region_indicators
from cakupan.monev.tests.helpers import FUNDING_HEADER, commit
from cakupan.reports.content import report_content
from cakupan.reports.pdf import report_html
from cakupan.reports.xlsx import report_xlsx
from tests.personas import (
    PARTICIPATION_HEADER,
    TARGETS_HEADER,
    WORKFORCE_HEADER,
    csv_bytes,
    load,
    participation_rows,
)

pytestmark = pytest.mark.django_db

GIANYAR = "51.04"
# Minimum BPU contribution (JKK 10,080 + JKM 6,720 a month) × 12 months × 6,400 workers.
VILLAGE_FUNDING = (GIANYAR, 2024, "APBDES", 6_400, 12, 1_290_240_000, 64, 100)


@pytest.fixture
def gianyar(client: Client) -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [(GIANYAR, "2024-06", "total", "300000", "BPS")]))
    load(
        "participation",
        csv_bytes(PARTICIPATION_HEADER, participation_rows(GIANYAR, "2024-06", {"PU": 90_000})),
    )
    load(
        "targets",
        csv_bytes(
            TARGETS_HEADER,
            [
                (GIANYAR, "2024", "coverage_rate", "35.00", "RPJMD"),
                (GIANYAR, "2024", "vulnerable_workers_funded", "12800", "Komitmen Bupati Gianyar"),
                (GIANYAR, "2024", "active_participants", "100000", "RPJMD"),
            ],
        ),
    )
    client.cookies["cakupan_lang"] = "en"


def _funding_header() -> tuple[str, ...]:
    return (*FUNDING_HEADER, "villages", "workers_per_village")


def test_the_villages_funding_is_the_progress_of_the_vulnerable_workers_target(gianyar: None) -> None:
    commit("vulnerable_funding", _funding_header(), [VILLAGE_FUNDING])
    assert funded_workers(region_code=GIANYAR, year=2024) == 6_400
    found = {t.indicator: t for t in count_targets(region_code=GIANYAR, period="2024-06", indicators=None)}
    funded = found["vulnerable_workers_funded"]
    assert (funded.value, funded.progress, funded.gap, funded.reached) == (12_800, 6_400, 6_400, False)
    assert funded.progress_period is None  # a year's funding, not a month's


def test_a_second_funder_reaches_12_800_and_the_gap_closes(gianyar: None) -> None:
    regency = (GIANYAR, 2024, "APBD_KABKOTA", 6_400, 12, 1_290_240_000, "", "")
    commit("vulnerable_funding", _funding_header(), [VILLAGE_FUNDING, regency])
    funded = count_targets(region_code=GIANYAR, period="2024-06", indicators=None)[-1]
    assert (funded.progress, funded.gap, funded.reached) == (12_800, 0, True)


def test_the_active_participants_target_counts_every_active_participant(gianyar: None) -> None:
    ind = region_indicators(GIANYAR, "2024-06")
    found = count_targets(region_code=GIANYAR, period="2024-06", indicators=ind)
    participants = found[0]
    assert participants.indicator == "active_participants"
    assert (participants.value, participants.progress, participants.gap) == (100_000, 90_000, 10_000)


def test_the_page_shows_both_targets_with_their_gaps_beside_the_coverage_target(
    client: Client, gianyar: None
) -> None:
    commit("vulnerable_funding", _funding_header(), [VILLAGE_FUNDING])
    html = client.get(f"/wilayah/{GIANYAR}/?periode=2024-06").content.decode()
    assert 'data-figure="target_rate" data-value="35.00"' in html
    funded = 'data-figure="target_vulnerable_workers_funded" data-value="12800"'
    assert f'{funded} data-progress="6400" data-gap="6400"' in html
    assert "Target 2024: vulnerable workers funded" in html and "6,400 so far, 6,400 to go" in html
    assert 'data-figure="target_active_participants" data-value="100000" data-progress="90000"' in html


def test_the_report_shows_both_targets_with_their_gaps(gianyar: None) -> None:
    commit("vulnerable_funding", _funding_header(), [VILLAGE_FUNDING])
    content = report_content(AnonymousUser(), code=GIANYAR, period="2024-06", lang="en")
    html = report_html(content)
    row = html[html.index('data-figure="target_vulnerable_workers_funded"') :][:700]
    assert "(12,800)" in row and '<td class="num" data-figure="gap">6,400</td>' in row
    assert "6,400 / 12,800" in row
    assert 'data-figure="target_active_participants"' in html
    cells = {
        row[2]: row[1]
        for row in load_workbook(io.BytesIO(report_xlsx(content)))["Summary"].iter_rows(values_only=True)
        if len(row) > 2 and row[2]
    }
    assert cells["targets.vulnerable_workers_funded"] == 12_800
    assert cells["targets.vulnerable_workers_funded.progress"] == 6_400
    assert cells["targets.vulnerable_workers_funded.gap"] == 6_400
    assert cells["targets.active_participants.gap"] == 10_000
