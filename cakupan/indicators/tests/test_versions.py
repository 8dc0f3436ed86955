"""A region's figures version read in one hand-written statement counts what the ORM's union of the four
sets of figures counted (kept here as the oracle), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.db.models import Count, Max, Q, QuerySet, Value

from cakupan.core import periods
from cakupan.core.codes import NATIONAL
from cakupan.indicators import versions
from cakupan.indicators.models import ParticipantsComplete, ParticipationFigure, Target, WorkforceFigure
from cakupan.indicators.tests.test_read_once import PARENT, R1, R2, sabang  # noqa: F401 (the fixture)
from tests.personas import TARGETS_HEADER, csv_bytes, load

pytestmark = pytest.mark.django_db


def _orm(code: str | None, *, first: str, last: str, oldest_workforce: str, years: list[int]) -> dict:
    """The union the ORM wrote before (without SQLite's hint to the planner, which changes no count)."""
    scope = (
        Q()
        if code is None or code == NATIONAL
        else Q(region_id=code) | Q(region__code__startswith=f"{code}.")
    )

    def newest_and_rows(rows: QuerySet, part: int) -> QuerySet:
        return (
            rows.annotate(part=Value(part))
            .values("part")
            .annotate(newest=Max("batch_id"), rows=Count("pk"))
            .values_list("part", "newest", "rows")
        )

    month = Q(period__gte=first, period__lte=last)
    parts = [
        ParticipationFigure.objects.filter(scope, month),
        ParticipantsComplete.objects.filter(scope, month),
        WorkforceFigure.objects.filter(scope, period__gte=oldest_workforce, period__lte=last),
        Target.objects.yearly().filter(scope, year__in=years),
    ]
    tagged = [newest_and_rows(rows, part) for part, rows in enumerate(parts)]
    return {part: (newest, n) for part, newest, n in tagged[0].union(*tagged[1:], all=True)}


@pytest.mark.usefixtures("sabang")
def test_the_statement_counts_what_the_orms_union_counted() -> None:
    targets = [(PARENT, 2024, "coverage_rate", "40", "RPJMD"), (R1, 2023, "coverage_rate", "30", "RPJMD")]
    load("targets", csv_bytes(TARGETS_HEADER, targets))
    compared = 0
    for code in (None, NATIONAL, "11", PARENT, R1, R2, "11.71", "53"):
        for last in ("2024-06", "2024-05", "2024-04", "2023-12", "2026-01"):
            first = periods.shift(last, -35)
            for oldest_workforce in (first, periods.shift(first, -24), "2024-05"):
                spans = {"first": first, "last": last, "oldest_workforce": oldest_workforce}
                years = list(range(periods.year_of(first), periods.year_of(last) + 1))
                found = versions._newest_and_rows(code, **spans, years=years)
                assert found == _orm(code, **spans, years=years), (code, spans)
                compared += 1
    counted = versions._newest_and_rows(
        PARENT, first="2024-01", last="2024-06", oldest_workforce="2024-01", years=[2024]
    )
    assert counted[0][1] > 0 and counted[2][1] > 0 and counted[3][1] == 1 and compared == 120


@pytest.mark.usefixtures("sabang")
@pytest.mark.parametrize("code", ["11_72", "11%", "11.72'; --"])
def test_a_region_code_is_a_parameter_and_its_like_pattern_escaped(code: str) -> None:
    # Unescaped, "11_72.%" and "11%.%" would find Sabang's districts (11.72.01…).
    found = versions._newest_and_rows(
        code, first="2024-01", last="2024-06", oldest_workforce="2024-01", years=[2024]
    )
    assert found == {0: (None, 0), 1: (None, 0), 2: (None, 0), 3: (None, 0)}
