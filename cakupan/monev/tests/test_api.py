from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from cakupan.monev.tests.helpers import (
    BENEFITS_HEADER,
    FUNDING_HEADER,
    commit,
    follow_up,
    meeting,
    regulation,
)
from tests.personas import TARGETS_HEADER, Personas, csv_bytes, load

pytestmark = pytest.mark.django_db


def _client(user: object = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_regulations_and_the_inpres_matrix_are_public(personas: Personas) -> None:
    item = regulation("53", personas.officer_a, acts_on=("REGULATION", "BUDGET"), document=True)
    [row] = _client().get("/api/v1/monev/regulations?region=53").json()
    assert (row["id"], row["kind"], row["inpres_instructions"]) == (
        item.pk,
        "PERDA",
        ["REGULATION", "BUDGET"],
    )
    assert row["document_url"] == f"/monev/dokumen/{item.document_id}/"
    # Codes for programs, words for people: each instruction also in the answer's language.
    assert len(row["inpres_instruction_texts"]) == 2 and all(row["inpres_instruction_texts"])
    matrix = _client().get("/api/v1/monev/inpres/53").json()
    ntt = next(r for r in matrix["rows"] if r["region_code"] == "53")
    # The budget instruction is met by a budget line (none here), not by the regulation tagged with it.
    assert ntt["instructions"]["BUDGET"] == [] and ntt["instructions"]["REGULATION"] == [item.pk]
    assert ntt["met"]["BUDGET"] is False and ntt["met"]["REGULATION"] is True and ntt["budget_lines"] == []
    assert set(matrix["instruction_texts"]) == set(matrix["instructions"])
    assert matrix["instruction_texts"]["BUDGET"] == row["inpres_instruction_texts"][1] != "BUDGET"
    assert _client().get("/api/v1/monev/inpres/99").status_code == 404


def test_benefits_follow_the_public_levels(personas: Personas) -> None:
    commit("benefits", BENEFITS_HEADER, [("53.71.01", "2024-06", "JKM", 1, 42_000_000)])
    assert _client().get("/api/v1/monev/benefits/53.71.01").status_code == 403
    body = _client(personas.officer_a).get("/api/v1/monev/benefits/53.71.01").json()
    assert body["programs"] == [
        {"program": "JKM", "program_label": "JKM", "claims": 1, "amount_idr": 42_000_000}
    ]
    assert _client().get("/api/v1/monev/benefits/53.71").json()["from_children"] is True


def test_the_scorecard_gives_every_aspect_with_its_weight_and_evidence() -> None:
    body = _client().get("/api/v1/monev/scorecard/00/2024").json()
    assert len(body["rows"]) == 38
    aspects = {a["aspect"]: a for a in body["rows"][0]["aspects"]}
    assert aspects["coverage_level"]["weight"] == 25.0 and aspects["regulations"]["evidence_url"].startswith(
        "/monev/"
    )
    assert aspects["coverage_level"]["aspect_label"] == "Coverage level"
    assert _client().get("/api/v1/monev/scorecard/53.71/2024").status_code == 403


def test_the_scorecard_api_gives_numbers_not_display_strings(personas: Personas) -> None:
    load(
        "targets",
        csv_bytes(TARGETS_HEADER, [("53.71", 2024, "vulnerable_workers_funded", "200", "")]),
    )
    commit("vulnerable_funding", FUNDING_HEADER, [("53.71", 2024, "APBD_KABKOTA", 100, 12, 20_160_000)])
    body = _client().get("/api/v1/monev/scorecard/53/2024").json()
    assert body["min_covered_weight_pct"] == 60.0 and isinstance(body["bpu_monthly_idr"], int)
    kupang = next(r for r in body["rows"] if r["region_code"] == "53.71")
    aspects = {a["aspect"]: a for a in kupang["aspects"]}
    assert "value" not in aspects["budget"]
    assert (aspects["budget"]["measured"], aspects["budget"]["of"], aspects["budget"]["unit"]) == (
        1200,
        2400,
        "worker_months",
    )
    assert aspects["budget"]["amount_idr"] == 20_160_000 and aspects["budget"]["score"] == 50.0
    assert (
        aspects["vulnerable_funding"]["measured"] == 100 and type(aspects["vulnerable_funding"]["of"]) is int
    )
    assert aspects["non_asn"] == {**aspects["non_asn"], "has_data": False, "score": None, "measured": None}
    assert kupang["ranked"] is False and kupang["rank"] is None and 0 < kupang["covered_weight_pct"] < 60


def test_overdue_follow_ups_are_listed_only_for_the_callers_regions(personas: Personas) -> None:
    m = meeting("53", personas.officer_a, held_on=dt.date(2024, 1, 5))
    follow_up(m, personas.officer_a, action="Pergub NTT", due_on=dt.date(2024, 2, 1))
    assert [
        f["action"] for f in _client(personas.officer_a).get("/api/v1/monev/follow-ups/overdue").json()
    ] == ["Pergub NTT"]
    assert _client(personas.officer_b).get("/api/v1/monev/follow-ups/overdue").json() == []
    assert _client().get("/api/v1/monev/follow-ups/overdue").status_code == 401  # never anonymous
