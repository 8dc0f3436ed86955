from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from cakupan.common.testing import (
    PARTICIPATION_HEADER,
    TARGETS_HEADER,
    WORKFORCE_HEADER,
    Personas,
    csv_bytes,
    load,
    participation_rows,
)
from cakupan.monev import services
from cakupan.monev.models import FollowUp
from cakupan.monev.scorecard import scorecard
from cakupan.monev.tests.helpers import FUNDING_HEADER, commit, follow_up, meeting, region, regulation

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
    services.staff_coverage_record(
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


def test_each_aspect_is_scored_weighted_and_the_regencies_ranked(personas: Personas) -> None:
    _figures()
    _records(personas)
    with translation.override("en"):
        card = scorecard(None, region=region("53"), year=2024)
    assert card.period == "2024-12" and card.tier == "regency"
    kupang = next(r for r in card.rows if r.region.code == "53.71")
    scores = {a.aspect: a.score for a in kupang.aspects}
    assert scores == {
        "coverage_level": Fraction(70),
        "coverage_gain": Fraction(100),
        "regulations": Fraction(200, 9),
        "budget": Fraction(100),
        "non_asn": Fraction(80),
        "vulnerable_funding": Fraction(50),
        "compliance": Fraction(100, 3),
        "follow_ups": Fraction(50),
    }
    expected = 25 * 70 + 10 * 100 + 15 * Fraction(200, 9) + 1000 + 800 + 500 + 10 * Fraction(100, 3) + 500
    assert kupang.index == expected / Fraction(100)
    assert kupang.rank == 1 and card.rows[0].region.code == "53.71"
    kupang_rows = {a.aspect: a for a in kupang.aspects}
    assert kupang_rows["regulations"].evidence_url == "/monev/inpres/53.71/"
    assert kupang_rows["follow_ups"].evidence_url == "/monev/linimasa/53.71/"
    assert kupang_rows["compliance"].value == "1 of 3 cases resolved"
    sumba = next(r for r in card.rows if r.region.code == "53.01")
    assert {a.aspect: a.score for a in sumba.aspects}["coverage_level"] == Fraction(2000, 95)
    assert {a.aspect: a.score for a in sumba.aspects}["non_asn"] is None
    assert sumba.rank == 2


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
    assert 'href="/monev/inpres/53.71/"' in page and "2 of 9 instructions" in page
    assert "score 70.00" in page
    provinces = client.get("/monev/skor/00/?tahun=2024").content.decode()
    assert 'href="/monev/skor/53/?tahun=2024"' in provinces
    assert client.get("/monev/skor/53.71/").status_code == 403


def test_a_year_before_any_configuration_scores_without_failing() -> None:
    card = scorecard(None, region=region("00"), year=2000)
    assert card.weights == [] and all(row.index == 0 for row in card.rows)


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
