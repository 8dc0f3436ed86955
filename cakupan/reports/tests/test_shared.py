"""What the reports of one batch share (`sections.shared_between_reports`): a province's scorecard is made
once for the province and all its regencies, and each report says the same as it does alone."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from cakupan.monev import scorecard
from cakupan.reports.sections import extra_sections, shared, shared_between_reports

pytestmark = pytest.mark.django_db
CODES = ("53", "53.01", "53.71")


def _counting(monkeypatch: Any) -> list[str]:
    made: list[str] = []
    original = scorecard.scorecard

    def counted(user: Any, *, region: Any, year: int) -> Any:
        made.append(region.code)
        return original(user, region=region, year=year)

    monkeypatch.setattr(scorecard, "scorecard", counted)
    return made


def _sections(code: str) -> list[Any]:
    return [
        (s.key, s.title, s.lines, [(t.title, t.rows, t.note) for t in s.tables])
        for s in extra_sections(AnonymousUser(), code, "2024-06")
    ]


def test_a_batch_makes_each_scorecard_once_and_its_reports_say_the_same(
    figures: None, monkeypatch: Any
) -> None:
    made = _counting(monkeypatch)
    alone = {code: _sections(code) for code in CODES}
    assert sorted(made) == ["00", "53", "53", "53"]  # the nation's and NTT's, NTT's again for each regency
    made.clear()
    with shared_between_reports():
        in_batch = {code: _sections(code) for code in CODES}
    assert sorted(made) == ["00", "53"]
    assert in_batch == alone
    assert any(key == "scorecard" for key, *_rest in alone["53.01"])


def test_outside_a_batch_nothing_is_kept() -> None:
    made: list[int] = []
    for _ in range(2):
        shared("key", lambda: made.append(1))
    with shared_between_reports():
        for _ in range(2):
            shared("key", lambda: made.append(1))
    assert made == [1, 1, 1]
