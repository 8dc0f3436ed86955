from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from cakupan.indicators import formulas, library
from cakupan.indicators.words import denominator_text
from cakupan.packs.content import meeting_period, pack_build, pack_values, region_lines
from cakupan.packs.tables import pack_sections

pytestmark = pytest.mark.django_db


def test_a_meeting_pack_compares_each_invited_region_with_the_previous_meeting(
    meetings: Any, personas: Any
) -> None:
    earlier, later = meetings
    assert meeting_period(later) == "2024-06" and meeting_period(earlier) == "2024-03"
    pack = pack_build(personas.officer_a, code="53", period="2024-06", lang="en", meeting=later)
    assert [r.code for r in pack.regions] == ["53", "52"]
    for line in pack.regions:
        now = library.region_indicators(line.code, "2024-06")
        before = library.region_indicators(line.code, "2024-03")
        assert now is not None and before is not None
        assert line.coverage_rate == now.coverage_rate
        assert line.before_rate == before.coverage_rate
        assert line.change_points == formulas.difference(now.coverage_rate, before.coverage_rate)
        assert line.change_active == now.active - before.active  # type: ignore[operator]
        assert line.workers_to_target == now.workers_to_target
        assert line.denominator == denominator_text(now, "en") != ""  # the rate's source and vintage
    assert "previous meeting (20 March 2024, figures of March 2024)" in pack.comparison
    assert pack.subtitle.startswith("Meeting of 15 June 2024 in ")
    ranking = library.children_ranking("53", "2024-06")
    assert [(r.code, r.coverage_rate) for r in pack.ranking] == [
        (c.region_code, c.coverage_rate) for c in ranking
    ]
    assert [r.denominator for r in pack.ranking] == [denominator_text(c, "en", short=True) for c in ranking]
    headline = pack_sections(pack)[0].tables[0]
    assert headline.rows[0][-1] == pack.regions[0].denominator
    assert pack.simulated
    # The meeting's own commitment first, then the open one of March.
    assert [f.action for f in pack.follow_ups] == ["Sosialisasi ke 64 desa", "Usulkan APBD pekerja rentan"]
    assert pack.follow_ups[0].this_meeting and not pack.follow_ups[1].this_meeting


def test_without_an_earlier_meeting_the_change_is_the_librarys_change_on_the_month(meetings: Any) -> None:
    earlier, _later = meetings
    pack = pack_build(AnonymousUser(), code="53", period="2024-03", lang="id", meeting=earlier)
    now = library.region_indicators("53", "2024-03")
    assert now is not None
    assert pack.host.change_points == now.change_month_points
    assert pack.host.before_period == "2024-02"
    assert "bulan sebelumnya" in pack.comparison.lower() or "previous month" in pack.comparison


def test_the_frozen_values_read_back_exactly(meetings: Any, personas: Any) -> None:
    _earlier, later = meetings
    pack = pack_build(personas.officer_a, code="53", period="2024-06", lang="en", meeting=later)
    assert region_lines(pack_values(pack)) == pack.regions
