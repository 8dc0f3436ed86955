from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from cakupan.common.dated import dated_value_add
from cakupan.monev.meetings.models import FollowUp
from cakupan.monev.meetings.services import attendee_add
from cakupan.monev.scorecard import scorecard
from cakupan.monev.staff.services import staff_coverage_record
from cakupan.monev.tests.helpers import FUNDING_HEADER, commit, follow_up, meeting, region, regulation
from tests.personas import (
    PARTICIPATION_HEADER,
    TARGETS_HEADER,
    WORKFORCE_HEADER,
    Personas,
    csv_bytes,
    load,
    participation_rows,
)

pytestmark = pytest.mark.django_db


def _figures() -> None:
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [
                (code, month, "total", workers, "")
                for code, workers in (("53.71", 200_000), ("53.01", 100_000))
                for month in ("2023-12", "2024-12")
            ],
        ),
    )
    load(
        "participation",
        csv_bytes(
            PARTICIPATION_HEADER,
            participation_rows("53.71", "2023-12", {"PU": 60_000})
            + participation_rows("53.71", "2024-12", {"PU": 70_000})
            + participation_rows("53.01", "2023-12", {"PU": 20_000})
            + participation_rows("53.01", "2024-12", {"PU": 20_000}),
        ),
    )
    load(
        "targets",
        csv_bytes(
            TARGETS_HEADER,
            [
                ("53.71", 2024, "coverage_rate", "50", ""),
                ("53.71", 2024, "vulnerable_workers_funded", "200", ""),
            ],
        ),
    )


def _records(personas: Personas) -> None:
    regulation("53.71", personas.officer_a, acts_on=("REGULATION", "NON_ASN"))
    commit("vulnerable_funding", FUNDING_HEADER, [("53.71", 2024, "APBD_KABKOTA", 100, 12, 20_160_000)])
    staff_coverage_record(
        region=region("53.71"),
        period="2024-06",
        group="NON_ASN",
        agency="BKPSDM",
        staff=100,
        covered=80,
        source="",
        by=personas.officer_a,
    )
    m = meeting("53.71", personas.officer_a, held_on=dt.date(2024, 2, 1))
    done = follow_up(m, personas.officer_a, action="a", due_on=dt.date(2024, 5, 1))
    done.status = FollowUp.Status.DONE
    done.save()
    follow_up(m, personas.officer_a, action="b", due_on=dt.date(2024, 8, 1))
    follow_up(m, personas.officer_a, action="next year", due_on=dt.date(2025, 8, 1))
    _cases()


def _cases() -> None:
    """Three employer cases in Kota Kupang open during 2024: one closed in 2024, one still open, one closed
    in 2025; and one closed in 2023, before the year."""
    from django.utils import timezone

    from cakupan.compliance.models import Case, Employer

    def at(year: int, month: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime(year, month, 15, 10, 0))

    for number, (opened, closed) in enumerate(
        [
            (at(2024, 2), at(2024, 9)),
            (at(2024, 3), None),
            (at(2023, 11), at(2025, 2)),
            (at(2023, 1), at(2023, 6)),
        ]
    ):
        employer = Employer.objects.create(
            key=f"NPP{number}", kind="NPP", npp=f"NPP{number}", name="PT", region_id="53.71.01"
        )
        Case.objects.create(
            employer=employer,
            region_id="53.71.01",
            status="CLOSED_COMPLIANT" if closed else "WARNING_1",
            status_since=opened,
            rules="PDS_TK",
            period="2024-01",
            registered_workers_at_open=1,
            worker_shortfall_at_open=1,
            contribution_shortfall_at_open_idr=1,
            opened_at=opened,
            closed_at=closed,
        )


def _attendance(personas: Personas) -> None:
    """Two meetings of Kota Kupang in 2024 with attendance recorded: the mayor came to one in person."""
    first, second = (
        meeting("53.71", personas.officer_a, held_on=dt.date(2024, month, 10), place=f"Kupang {month}")
        for month in (3, 9)
    )
    for m, head in ((first, True), (second, False)):
        attendee_add(
            meeting=m,
            agency="Pemerintah Kota Kupang",
            position="Wali Kota" if head else "Sekretaris Daerah",
            person_name="",
            attended=True,
            head_of_region=head,
            by=personas.officer_a,
        )


def test_each_aspect_is_scored_weighted_and_the_regencies_ranked(personas: Personas) -> None:
    _figures()
    _records(personas)
    _attendance(personas)
    with translation.override("en"):
        card = scorecard(None, region=region("53"), year=2024)
    assert card.period == "2024-12" and card.tier == "regency"
    kupang = next(r for r in card.rows if r.region.code == "53.71")
    scores = {a.aspect: a.score for a in kupang.aspects}
    assert scores == {
        "coverage_level": Fraction(70),
        "coverage_gain": Fraction(100),
        "regulations": Fraction(25),  # 2 of the 8 instructions a regulation meets
        "budget": Fraction(50),  # Rp20,160,000 buys 1,200 worker-months of 200 × 12
        "non_asn": Fraction(80),
        "vulnerable_funding": Fraction(50),
        "compliance": Fraction(100, 3),
        "follow_ups": Fraction(50),
        "head_attendance": Fraction(50),
    }
    expected = 25 * 70 + 10 * 100 + 15 * 25 + 500 + 800 + 500 + 10 * Fraction(100, 3) + 500 + 500
    assert kupang.index == expected / Fraction(110) and kupang.covered_pct == 100
    assert kupang.rank == 1 and card.rows[0].region.code == "53.71"
    kupang_rows = {a.aspect: a for a in kupang.aspects}
    assert kupang_rows["regulations"].evidence_url == "/monev/inpres/53.71/"
    assert kupang_rows["follow_ups"].evidence_url == "/monev/linimasa/53.71/"
    # The coverage rate travels with its denominator (issue 14): here a workforce file without a source.
    assert kupang_rows["coverage_level"].value.endswith("(workforce of Dec 2024, source not given)")
    assert kupang_rows["compliance"].value == "1 of 3 cases resolved"
    assert kupang_rows["head_attendance"].value == "present at 1 of 2 meetings"
    assert kupang_rows["budget"].value == "1,200 of 2,400 worker-months (Rp20,160,000)"
    assert (kupang_rows["budget"].measured, kupang_rows["budget"].of) == (1200, 2400)
    # Sumba Barat has coverage figures and no regulation only: 50 of the 110 weight, below 60 %.
    sumba = next(r for r in card.rows if r.region.code == "53.01")
    sumba_scores = {a.aspect: a.score for a in sumba.aspects}
    assert sumba_scores["coverage_level"] == Fraction(2000, 95) and sumba_scores["non_asn"] is None
    assert sumba.covered_pct == Fraction(50, 110) * 100 and sumba.rank is None
    assert sumba.index == (25 * Fraction(2000, 95)) / 50
    assert [r.rank for r in card.rows[:2]] == [1, None]


def test_an_aspect_without_data_is_left_out_of_the_index_not_scored_zero(personas: Personas) -> None:
    _figures()
    with translation.override("en"):
        card = scorecard(None, region=region("53"), year=2024)
    kupang = next(r for r in card.rows if r.region.code == "53.71")
    aspects = {a.aspect: a for a in kupang.aspects}
    assert aspects["non_asn"].score is None and aspects["non_asn"].value == "no data"
    assert aspects["follow_ups"].score is None and aspects["head_attendance"].score is None
    with_data = [a for a in kupang.aspects if a.has_data]
    assert {a.aspect for a in with_data} == {
        "coverage_level",
        "coverage_gain",
        "regulations",
        "budget",
        "vulnerable_funding",
    }
    weight = sum(a.weight for a in with_data)
    assert kupang.index == sum(a.score * a.weight for a in with_data if a.score is not None) / weight
    assert kupang.covered_pct == weight / 110 * 100  # 70 of 110: 63.64 %, ranked


def test_regions_below_the_configured_covered_share_are_not_ranked(personas: Personas) -> None:
    from cakupan.monev.models import MonevParameter

    _figures()
    card = scorecard(None, region=region("53"), year=2024)
    assert next(r for r in card.rows if r.region.code == "53.71").rank == 1
    assert card.min_covered_pct == 60
    dated_value_add(
        model=MonevParameter,
        key="scorecard_min_covered_weight_pct",
        valid_from=dt.date(2024, 1, 1),
        value=80,
        legal_basis="juknis",
    )
    card = scorecard(None, region=region("53"), year=2024)
    assert card.min_covered_pct == 80 and all(row.rank is None for row in card.rows)
    assert scorecard(None, region=region("53"), year=2023).min_covered_pct == 60


def test_the_budget_buys_worker_months_at_the_dated_minimum_contribution(personas: Personas) -> None:
    from cakupan.indicators.models import Parameter

    _figures()
    # Rp1 from a regional budget no longer scores 100.
    commit("vulnerable_funding", FUNDING_HEADER, [("53.71", 2024, "APBD_KABKOTA", 1, 1, 1)])
    budget = {
        a.aspect: a
        for a in next(
            r for r in scorecard(None, region=region("53"), year=2024).rows if r.region.code == "53.71"
        ).aspects
    }["budget"]
    assert budget.score == Fraction(1, 16_800) / 2400 * 100
    # 2,400 worker-months at the minimum contribution score 100, and a higher contribution buys fewer.
    commit("vulnerable_funding", FUNDING_HEADER, [("53.71", 2024, "APBD_KABKOTA", 200, 12, 40_320_000)])

    def budget_of(year: int) -> Any:
        rows = scorecard(None, region=region("53"), year=year).rows
        return {a.aspect: a for a in next(r for r in rows if r.region.code == "53.71").aspects}["budget"]

    assert budget_of(2024).score == 100
    jkk = Parameter.objects.filter(key="bpu_jkk_min_idr").order_by("-valid_from").first()
    assert jkk is not None
    dated_value_add(
        model=Parameter,
        key="bpu_jkk_min_idr",
        value=jkk.value * 2,
        valid_from=dt.date(2024, 1, 1),
        legal_basis="PP",
    )
    doubled = budget_of(2024)
    assert doubled.score < 100 and doubled.of == 2400 and doubled.amount_idr == 40_320_000


def test_a_budget_without_a_target_of_workers_funded_has_no_data(personas: Personas) -> None:
    commit("vulnerable_funding", FUNDING_HEADER, [("53.01", 2024, "APBD_KABKOTA", 100, 12, 20_160_000)])
    with translation.override("en"):
        rows = scorecard(None, region=region("53"), year=2024).rows
    budget = {a.aspect: a for a in next(r for r in rows if r.region.code == "53.01").aspects}["budget"]
    assert budget.score is None and budget.amount_idr == 20_160_000
    assert budget.value == "Rp20,160,000, no target"


def test_the_head_of_region_in_person_at_the_regions_own_meetings_is_an_aspect(personas: Personas) -> None:
    _attendance(personas)
    # A meeting without an attendance list does not count; another region's meeting does not either.
    meeting("53.71", personas.officer_a, held_on=dt.date(2024, 11, 1), place="Kupang tanpa daftar")
    aspects = {
        a.aspect: a
        for a in next(
            r for r in scorecard(None, region=region("53"), year=2024).rows if r.region.code == "53.71"
        ).aspects
    }
    assert (aspects["head_attendance"].measured, aspects["head_attendance"].of) == (1, 2)
    assert aspects["head_attendance"].score == 50
    elsewhere = next(
        r for r in scorecard(None, region=region("53"), year=2024).rows if r.region.code == "53.01"
    )
    assert {a.aspect: a.score for a in elsewhere.aspects}["head_attendance"] is None


def test_a_regulation_counts_once_the_budget_instruction_is_scored_by_the_budget(personas: Personas) -> None:
    regulation("53.71", personas.officer_a, acts_on=("REGULATION", "BUDGET"))
    rows = scorecard(None, region=region("53"), year=2024).rows
    regulations = {a.aspect: a for a in next(r for r in rows if r.region.code == "53.71").aspects}[
        "regulations"
    ]
    assert (regulations.measured, regulations.of) == (1, 8)


def test_the_weights_are_dated_configuration(personas: Personas) -> None:
    from cakupan.monev.models import ScorecardWeight

    ScorecardWeight.objects.filter(aspect="budget").update(valid_to=dt.date(2024, 12, 30))
    card = scorecard(None, region=region("53"), year=2024)
    assert "budget" not in {w.aspect for w in card.weights}
    assert "budget" in {w.aspect for w in scorecard(None, region=region("53"), year=2023).weights}


def test_the_scorecard_page_shows_value_weight_score_and_evidence_of_every_aspect(personas: Personas) -> None:
    _figures()
    _records(personas)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/monev/skor/53/?tahun=2024").content.decode()
    assert 'data-region="53.71"' in page and "weight 25" in page
    assert 'href="/monev/inpres/53.71/"' in page and "2 of 8 instructions" in page
    assert "score 70.00" in page and "no data: 0" not in page and "not in the index" in page
    assert "not ranked" in page  # the regencies without enough data
    provinces = client.get("/monev/skor/00/?tahun=2024").content.decode()
    assert 'href="/monev/skor/53/?tahun=2024"' in provinces
    assert client.get("/monev/skor/53.71/").status_code == 403


def test_a_year_before_any_configuration_scores_without_failing() -> None:
    card = scorecard(None, region=region("00"), year=2000)
    assert card.weights == [] and all(row.index is None and row.rank is None for row in card.rows)


def test_a_national_administrator_changes_a_weight_in_the_administration_and_it_is_audited(
    personas: Personas,
) -> None:
    from cakupan.audit.models import AuditEvent
    from cakupan.monev.models import ScorecardWeight

    personas.national_admin.is_staff = True
    personas.national_admin.save()
    client = Client()
    client.force_login(personas.national_admin)
    assert client.get("/admin/monev/scorecardweight/").status_code == 200
    weight = ScorecardWeight.objects.get(aspect="budget")
    response = client.post(
        f"/admin/monev/scorecardweight/{weight.pk}/change/",
        {
            "aspect": "budget",
            "weight": "12",
            "valid_from": "2021-01-01",
            "valid_to": "",
            "legal_basis": "juknis",
            "note": "",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(entity_type="monev.scorecardweight", action="update")
    assert event.after == {"weight": "12", "legal_basis": "juknis"}


def test_the_aspects_come_from_a_registry_compliance_registers_its_own(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cakupan.monev.scorecard import ASPECTS, AspectResult, scorecard_aspect
    from cakupan.monev.scorecard.aspects import Aspect

    assert ASPECTS["compliance"].compute.__module__ == "cakupan.compliance.scorecard"
    assert {a.compute.__module__ for k, a in ASPECTS.items() if k != "compliance"} == {
        "cakupan.monev.scorecard.own"
    }
    _figures()
    # An aspect another app registers is scored under its weight; an aspect with a weight and no
    # registered function has no data.
    monkeypatch.setitem(ASPECTS, "head_attendance", ASPECTS["head_attendance"])
    monkeypatch.delitem(ASPECTS, "non_asn")

    @scorecard_aspect("head_attendance")
    def every_head_came(ctx: Any) -> dict[str, AspectResult]:
        return {"53.71": AspectResult("all of them", Fraction(100), "/x/")}

    assert isinstance(ASPECTS["head_attendance"], Aspect)
    with translation.override("en"):
        card = scorecard(None, region=region("53"), year=2024)
    kupang = {a.aspect: a for a in next(r for r in card.rows if r.region.code == "53.71").aspects}
    assert (kupang["head_attendance"].score, kupang["head_attendance"].value) == (100, "all of them")
    assert kupang["non_asn"].score is None and kupang["non_asn"].value == "no data"
    sumba = {a.aspect: a for a in next(r for r in card.rows if r.region.code == "53.01").aspects}
    assert sumba["head_attendance"].score is None


def test_an_aspect_another_app_registers_under_its_own_weight_key_is_weighted_and_scored(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cakupan.monev.models import ScorecardWeight
    from cakupan.monev.scorecard import ASPECTS, AspectResult, scorecard_aspect

    _figures()
    monkeypatch.setitem(ASPECTS, "example", ASPECTS["compliance"])  # restored after the test

    @scorecard_aspect("example", label="Example aspect")
    def example(ctx: Any) -> dict[str, AspectResult]:
        return {code: AspectResult("half", Fraction(50), "/x/") for code in ctx.codes}

    ScorecardWeight.objects.create(
        aspect="example", weight=10, valid_from=dt.date(2021, 1, 1), legal_basis="test"
    )
    with translation.override("en"):
        card = scorecard(None, region=region("53"), year=2024)
    assert (card.weights[-1].aspect, card.weights[-1].label, card.weights[-1].weight) == (
        "example",
        "Example aspect",
        10,
    )
    kupang = {a.aspect: a for a in next(r for r in card.rows if r.region.code == "53.71").aspects}
    assert (kupang["example"].score, kupang["example"].value) == (50, "half")
