from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client

from cakupan.imports.models import FigureChange, ImportBatch
from cakupan.indicators.models import Target
from cakupan.monev.targets.models import CommitmentSource
from cakupan.monev.targets.services import target_enter
from cakupan.monev.tests.helpers import region, regulation
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _client(user: object = None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def _enter(user: object, value: str, **extra: object) -> object:
    return target_enter(
        region=region("53"),
        year=2025,
        indicator="coverage_rate",
        value=Decimal(value),
        source=str(extra.get("source", "Surat Kemendagri 2025")),
        regulation=extra.get("regulation"),
        by=user,
    )


def test_a_target_is_entered_and_revised_through_the_import_pipeline_keeping_its_history(
    personas: Personas,
) -> None:
    first = _enter(personas.officer_a, "45")
    assert isinstance(first, ImportBatch) and first.dataset == "targets" and first.source == "web"
    second = _enter(personas.officer_a, "52.15")
    target = Target.objects.get(region_id="53", year=2025)
    assert target.value == Decimal("52.15")
    change = FigureChange.objects.get(dataset="targets", region_id="53")
    assert (change.old_value, change.new_value, change.batch) == (Decimal("45"), Decimal("52.15"), second)


def test_a_refused_target_returns_the_problems_and_stores_nothing(personas: Personas) -> None:
    result = _enter(personas.officer_a, "120")
    assert not isinstance(result, ImportBatch)
    assert not Target.objects.exists()


def test_the_regulation_that_set_a_target_is_linked_and_shown(personas: Personas) -> None:
    perda = regulation("53", personas.officer_a, number="Pergub 10/2024")
    _enter(personas.officer_a, "45", regulation=perda)
    link = CommitmentSource.objects.get()
    assert (link.target, link.regulation) == (Target.objects.get(), perda)
    _enter(personas.officer_a, "46", regulation=perda)  # a revision keeps the row and its regulation
    assert CommitmentSource.objects.get().target == Target.objects.get()
    page = _client().get("/monev/target/53/").content.decode()
    assert "Pergub 10/2024" in page and "Surat Kemendagri 2025" in page


def test_the_officer_of_ntb_cannot_enter_targets_for_ntt(personas: Personas) -> None:
    response = _client(personas.officer_b).post(
        "/monev/target/53/isi/", {"year": 2025, "indicator": "coverage_rate", "value": "50"}
    )
    assert response.status_code == 403
    assert not Target.objects.exists()


def test_an_officer_enters_a_target_in_the_form_and_sees_it_in_the_register(personas: Personas) -> None:
    client = _client(personas.officer_a)
    response = client.post(
        "/monev/target/53/isi/",
        {"year": 2025, "indicator": "active_participants", "value": "600000", "source": "Rapat Monev 2024"},
    )
    assert response.status_code == 302
    page = client.get("/monev/target/53/").content.decode()
    assert "Rapat Monev 2024" in page and "600,000" in page  # the client reads English
    # The indicator in words, never its key.
    assert "active_participants" not in page and "Active participants" in page


def test_a_revision_reads_in_the_page_s_number_format(personas: Personas) -> None:
    client = _client(personas.officer_a)
    for value in ("6400", "12800"):
        client.post(
            "/monev/target/53/isi/", {"year": 2025, "indicator": "vulnerable_workers_funded", "value": value}
        )
    page = client.get("/monev/target/53/").content.decode()
    assert "6,400 → 12,800" in page and "6400 →" not in page


def test_target_progress_counts_every_active_participant_and_no_incomplete_rate(personas: Personas) -> None:
    from cakupan.monev.targets import selectors
    from tests.personas import (
        PARTICIPATION_HEADER,
        WORKFORCE_HEADER,
        csv_bytes,
        load,
        participation_rows,
    )

    # NTT: workforce for Kupang and Kota Kupang, participants for Kota Kupang and (without workforce)
    # Sumba Barat: 10 % of the workforce measured, so the province's rate is incomplete.
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [("53.01", "2024-06", "total", "900000", ""), ("53.71", "2024-06", "total", "100000", "")],
        ),
    )
    rows = participation_rows("53.71", "2024-06", {"PU": 40_000}) + participation_rows(
        "53.02", "2024-06", {"PU": 5}
    )
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    for indicator, value in (("coverage_rate", "50"), ("active_participants", "600000")):
        load(
            "targets",
            csv_bytes(
                ["region_code", "year", "indicator", "value", "source"],
                [("53", "2024", indicator, value, "")],
            ),
        )
    lines = {
        line.target.indicator: line
        for line in selectors.target_register(personas.national_analyst, region=region("53"))
    }
    assert lines["active_participants"].actual == 40_005  # Sumba Barat's 5 count though unmeasured
    assert (
        lines["coverage_rate"].actual is None
    )  # 40.00 % over a tenth of the workforce is no progress figure
