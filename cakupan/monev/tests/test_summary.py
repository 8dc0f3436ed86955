from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from cakupan.common.testing import (
    PARTICIPATION_HEADER,
    WORKFORCE_HEADER,
    Personas,
    csv_bytes,
    load,
    participation_rows,
)
from cakupan.monev import selectors
from cakupan.monev.models import FollowUp
from cakupan.monev.tests.helpers import FUNDING_HEADER, commit, follow_up, meeting, regulation

pytestmark = pytest.mark.django_db


def _client(user: object = None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def _world(personas: Personas) -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53", "2024-06", "total", "1654526", "")]))
    load(
        "participation", csv_bytes(PARTICIPATION_HEADER, participation_rows("53", "2024-06", {"PU": 558_115}))
    )
    regulation("53", personas.officer_a, acts_on=("REGULATION", "BUDGET"))  # issued 2023-05-02
    regulation("53.71", personas.officer_a, number="Perwali 2/2024")
    commit("vulnerable_funding", FUNDING_HEADER, [("53.71", 2024, "CSR", 1000, 12, 201_600_000)])
    m = meeting("53", personas.officer_a, held_on=dt.date(2024, 2, 1))
    done = follow_up(m, personas.officer_a, action="a", due_on=dt.date(2024, 3, 1))
    done.status, done.done_on = FollowUp.Status.DONE, dt.date(2024, 3, 1)
    done.save()
    follow_up(m, personas.officer_a, action="b", due_on=dt.date(2024, 5, 1))
    follow_up(m, personas.officer_a, action="c", due_on=dt.date(2024, 9, 1))


def test_the_summary_gives_national_and_province_figures_regulations_budgets_and_follow_ups(
    personas: Personas,
) -> None:
    _world(personas)
    summary = selectors.national_summary(personas.national_analyst, year=2024, half=1)
    assert summary.period == "2024-06" and summary.national is not None
    ntt = next(p for p in summary.provinces if p.region.code == "53")
    assert ntt.indicators is not None and str(round(float(ntt.indicators.coverage_rate or 0), 2)) == "33.73"
    assert (ntt.regulations, ntt.regulations_in_semester, ntt.instructions_acted_on) == (2, 0, 2)
    assert (ntt.funded_workers, ntt.funded_idr) == (1000, 201_600_000)
    assert (ntt.follow_ups_done, ntt.follow_ups_open, ntt.follow_ups_overdue) == (1, 2, 1)
    assert summary.totals["follow_ups_overdue"] == 1


def test_the_summary_page_is_for_national_roles_only(personas: Personas) -> None:
    _world(personas)
    page = _client(personas.national_admin).get("/monev/ringkasan/?semester=2024-1")
    assert page.status_code == 200 and 'data-region="53"' in page.content.decode()
    assert _client(personas.officer_a).get("/monev/ringkasan/").status_code == 403
    assert _client(personas.officer_b).get("/monev/ringkasan/").status_code == 403
    assert _client().get("/monev/ringkasan/").status_code == 302
