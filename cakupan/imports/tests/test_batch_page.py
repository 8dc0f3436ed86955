"""The one batch page, /impor/batch/<id>/, for a batch of every dataset: what the batch replaced, only in
the regions the reader may see, and old Monev and employers ids still found."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cakupan.compliance.tests.helpers import load_employers, row
from cakupan.imports.models import ImportBatch
from cakupan.monev.tests.helpers import BENEFITS_HEADER, FUNDING_HEADER, commit
from tests.personas import PARTICIPATION_HEADER, Personas, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["cakupan_lang"] = "en"
    return client


def _participation(kupang: int, mataram: int) -> bytes:
    rows = participation_rows("53.71", "2024-06", {"PU": kupang})
    return csv_bytes(PARTICIPATION_HEADER, rows + participation_rows("52.71", "2024-06", {"PU": mataram}))


def test_a_figures_batch_shows_only_the_replaced_figures_of_the_readers_regions(personas: Personas) -> None:
    load("participation", _participation(100, 200))
    batch, _plan = load("participation", _participation(111, 222), "koreksi.csv")
    assert batch is not None
    url = f"/impor/batch/{batch.pk}/"
    page_a = _client(personas.officer_a).get(url).content.decode()
    page_b = _client(personas.officer_b).get(url).content.decode()
    assert "53.71" in page_a and "52.71 " not in page_a
    assert "52.71" in page_b and "53.71 " not in page_b
    everything = _client(personas.national_analyst).get(url).content.decode()
    assert "53.71" in everything and "52.71" in everything


def test_a_benefits_batch_shows_the_rows_it_replaced_to_who_imports_benefits_there(
    personas: Personas,
) -> None:
    commit("benefits", BENEFITS_HEADER, [("53.71", "2024-06", "JKM", 2, 84_000_000)])
    batch, _plan = commit("benefits", BENEFITS_HEADER, [("53.71", "2024-06", "JKM", 3, 126_000_000)])
    assert batch is not None and batch.dataset == "benefits"
    response = _client(personas.bpjs_officer_a).get(f"/impor/batch/{batch.pk}/")
    body = response.content.decode()
    assert response.status_code == 200 and "Rows replaced" in body and "84,000,000" in body
    assert _client(personas.bpjs_b).get(f"/impor/batch/{batch.pk}/").status_code == 404
    assert _client(personas.officer_b).get(f"/impor/batch/{batch.pk}/").status_code == 403


def test_an_employers_batch_shows_the_positions_it_replaced_to_who_sees_compliance_there(
    personas: Personas,
) -> None:
    load_employers([row(registered=50)])
    second = load_employers([row(registered=40)], name="koreksi.csv")
    assert second.batch is not None and second.batch.dataset == "employers"
    url = f"/impor/batch/{second.batch.pk}/"
    body = _client(personas.licensing_a).get(url).content.decode()
    assert "Positions replaced" in body and "PT Sasando Jaya" in body and "New employers" in body
    assert _client(personas.compliance_b).get(url).status_code == 404
    assert _client(personas.officer_a).get(url).status_code == 403


def test_the_sender_of_an_employers_file_sees_its_batch_without_seeing_compliance(personas: Personas) -> None:
    outcome = load_employers([row()], by=personas.officer_a)
    assert outcome.batch is not None
    assert _client(personas.officer_a).get(f"/impor/batch/{outcome.batch.pk}/").status_code == 200


def test_an_old_employers_import_page_sends_the_reader_to_the_batch_it_became(personas: Personas) -> None:
    outcome = load_employers([row()])
    assert outcome.batch is not None
    ImportBatch.objects.filter(pk=outcome.batch.pk).update(
        legacy_kind="compliance.employerimport", legacy_id=7
    )
    client = _client(personas.compliance_a)
    response = client.get("/kepatuhan/impor/7/")
    assert response.status_code == 302 and response["Location"] == f"/impor/batch/{outcome.batch.pk}/"
    assert client.get(f"/kepatuhan/impor/{outcome.batch.pk + 100}/").status_code == 404
    assert _client(personas.compliance_b).get("/kepatuhan/impor/7/").status_code == 404


def test_the_api_finds_an_old_monev_batch_by_the_id_its_upload_answered(personas: Personas) -> None:
    batch, _plan = commit("benefits", BENEFITS_HEADER, [("53.71", "2024-06", "JKM", 2, 84_000_000)])
    assert batch is not None
    ImportBatch.objects.filter(pk=batch.pk).update(legacy_kind="monev.monevimport", legacy_id=3)
    answer = _client(personas.bpjs_officer_a).get("/api/v1/imports/legacy/monev/3")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["id"], body["dataset"], body["legacy_kind"], body["legacy_id"]) == (
        batch.pk,
        "benefits",
        "monev.monevimport",
        3,
    )
    assert _client(personas.bpjs_b).get("/api/v1/imports/legacy/monev/3").status_code == 404


def test_a_report_names_the_files_behind_the_rows_it_shows_and_never_an_employers_file(
    personas: Personas,
) -> None:
    from cakupan.reports.content import report_sources
    from cakupan.reports.sections import extra_sections

    load_employers([row()], name="pemberi-kerja-rahasia.csv")
    commit("benefits", BENEFITS_HEADER, [("53.71", "2024-06", "JKM", 2, 84_000_000)], name="klaim.csv")
    commit(
        "vulnerable_funding", FUNDING_HEADER, [("53.71", 2024, "CSR", 1000, 12, 201_600_000)], name="dana.csv"
    )
    sections = extra_sections(personas.national_analyst, "53", "2024-06")
    named = {s.file_name for s in report_sources("53", "2024-06", sections)}
    # The funding lines and the benefits paid are in the report (issue 23); the compliance files stay private.
    assert "dana.csv" in named and "klaim.csv" in named
    assert "pemberi-kerja-rahasia.csv" not in named
