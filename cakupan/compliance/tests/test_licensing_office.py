"""What the licensing office (DPMPTSP) sees (issue 16 §3): an employer's identity (name, NPP, NIB), its
case's status and step, and the referral, sanction and lifting letters (number, date, document), on every
surface (pages, API, downloads); never notes, evidence, wages, shortfalls or the other steps' letters.
Officers of another province see none of it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cakupan.accounts.tokens import token_create
from cakupan.compliance.models import Case, Evidence
from cakupan.compliance.tests.helpers import PDF, comply, non_compliant
from cakupan.compliance.transitions import case_open, case_transition
from tests.personas import Personas

pytestmark = pytest.mark.django_db
S = Case.Status
LICENSING_STEPS = ("refer", "sanction", "lift")
OTHER_STEPS = ("warn1", "warn2", "inspect", "recheck")
WAGES = "150,000,000"  # the reported wage bill of the employer's position, as an English page writes it


@dataclass
class World:
    lifted: Case  # walked through the whole chain, each step with its letter, the letter's file and evidence
    warned: Case  # another employer's case at the first warning


def _walk(personas: Personas) -> Case:
    case = case_open(
        employer=non_compliant(), by=personas.compliance_a, note="CATATAN-open", today=date(2026, 3, 13)
    )
    path = [
        ("warn1", personas.bpjs_officer_a, date(2026, 3, 13)),
        ("warn2", personas.bpjs_officer_a, None),
        ("inspect", personas.compliance_a, None),
        ("refer", personas.compliance_a, date(2026, 5, 4)),
        ("recheck", personas.compliance_a, None),
        ("sanction", personas.licensing_a, date(2026, 8, 10)),
        ("lift", personas.licensing_a, date(2026, 8, 20)),
    ]
    for action, user, day in path:
        if action == "lift":
            comply()
        day = day or case.next_from
        assert day is not None
        case = case_transition(
            case=case,
            action=action,
            by=user,
            note=f"CATATAN-{action}",
            letter_number=f"SURAT-{action}",
            letter_date=day,
            letter_file=SimpleUploadedFile(f"surat-{action}.pdf", PDF + action.encode()),
            files=[SimpleUploadedFile(f"bukti-{action}.pdf", PDF + b"%" + action.encode())],
            today=day,
        )
    assert case.status == S.LIFTED
    return case


@pytest.fixture
def world(personas: Personas) -> World:
    lifted = _walk(personas)
    warned = case_open(
        employer=non_compliant("NPP0002"), by=personas.compliance_a, note="CATATAN-2", today=date(2026, 11, 2)
    )
    warned = case_transition(
        case=warned,
        action="warn1",
        by=personas.compliance_a,
        note="CATATAN-2-warn1",
        letter_number="SURAT-2-warn1",
        letter_date=date(2026, 11, 2),
        today=date(2026, 11, 2),
    )
    return World(lifted=lifted, warned=warned)


def _client(user: object) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.cookies["cakupan_lang"] = "en"
    return client


def _hidden_from_licensing() -> list[str]:
    return [
        *(f"CATATAN-{a}" for a in ("open", *OTHER_STEPS, *LICENSING_STEPS)),
        *(f"SURAT-{a}" for a in OTHER_STEPS),
        *(f"bukti-{a}.pdf" for a in (*OTHER_STEPS, *LICENSING_STEPS)),
        *(f"surat-{a}.pdf" for a in OTHER_STEPS),
    ]


def _shown_to_licensing() -> list[str]:
    return [*(f"SURAT-{a}" for a in LICENSING_STEPS), *(f"surat-{a}.pdf" for a in LICENSING_STEPS)]


def test_the_case_page_shows_the_licensing_office_its_letters_and_nothing_else(
    personas: Personas, world: World
) -> None:
    page = _client(personas.licensing_a).get(f"/kepatuhan/kasus/{world.lifted.pk}/").content.decode()
    for text in [*_shown_to_licensing(), "PT Sasando Jaya", "NPP0001", "Sanction lifted"]:
        assert text in page, text
    for text in [*_hidden_from_licensing(), "workers not registered", "estimated shortfall"]:
        assert text not in page, text
    full = _client(personas.compliance_a).get(f"/kepatuhan/kasus/{world.lifted.pk}/").content.decode()
    for text in _hidden_from_licensing() + _shown_to_licensing() + ["workers not registered"]:
        assert text in full, text


def test_the_licensing_office_downloads_the_referral_and_lifting_letters_only(
    personas: Personas, world: World
) -> None:
    client = _client(personas.licensing_a)
    for item in Evidence.objects.filter(case=world.lifted):
        shown = item.is_letter and item.event.to_status in (S.REFERRED, S.SANCTIONED, S.LIFTED)
        assert client.get(f"/kepatuhan/bukti/{item.pk}/").status_code == (200 if shown else 404), (
            item.file_name
        )
        assert _client(personas.compliance_a).get(f"/kepatuhan/bukti/{item.pk}/").status_code == 200
        assert _client(personas.compliance_b).get(f"/kepatuhan/bukti/{item.pk}/").status_code == 404


def test_the_employer_and_licensing_pages_show_identity_status_and_letters_without_wages_or_shortfalls(
    personas: Personas, world: World
) -> None:
    client = _client(personas.licensing_a)
    employer = world.warned.employer
    page = client.get(f"/kepatuhan/pemberi-kerja/{employer.pk}/").content.decode()
    assert "NPP0002" in page and "First written warning" in page and "PDS-TK" in page
    for text in (WAGES, "Position by month", "Workers not registered", "Estimated monthly contribution"):
        assert text not in page, text
    assert (
        WAGES
        in _client(personas.compliance_a).get(f"/kepatuhan/pemberi-kerja/{employer.pk}/").content.decode()
    )
    check = client.get("/kepatuhan/cek-izin/?id=NPP0001").content.decode()
    for text in ["SURAT-refer", "SURAT-sanction", "SURAT-lift", "2026-05-04", "surat-lift.pdf"]:
        assert text in check, text
    for text in ["CATATAN-sanction", "SURAT-warn1", "bukti-refer.pdf"]:
        assert text not in check, text
    # The candidates (their shortfalls) are the working file: not the licensing office's.
    assert client.get("/kepatuhan/wilayah/53.71/kandidat/").status_code == 403
    assert client.get("/kepatuhan/wilayah/53.71/kandidat/?unduh=csv").status_code == 403
    assert client.get("/kepatuhan/wilayah/53.71/kandidat.csv").status_code == 403


def test_the_api_gives_the_licensing_office_letters_and_nulls_for_notes_and_shortfalls(
    personas: Personas, world: World
) -> None:
    _row, plain = token_create(
        user=personas.licensing_a, name="dpmptsp", role="LICENSING_OFFICER", region_codes=["53.71"], days=30
    )
    api = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    body = api.get(f"/api/v1/compliance/cases/{world.lifted.pk}").json()
    assert (body["status"], body["status_label"], body["nib"], body["npp"]) == (
        "LIFTED",
        "Sanction lifted",
        "",
        "NPP0001",
    )
    assert body["worker_shortfall_at_open"] is None and body["contribution_shortfall_at_open_idr"] is None
    assert all(e["note"] is None for e in body["events"])
    letters = {e["to_status"]: e["letter_number"] for e in body["events"] if e["letter_number"]}
    assert letters == {"REFERRED": "SURAT-refer", "SANCTIONED": "SURAT-sanction", "LIFTED": "SURAT-lift"}
    files = [f["file_name"] for e in body["events"] for f in e["files"]]
    assert sorted(files) == ["surat-lift.pdf", "surat-refer.pdf", "surat-sanction.pdf"]
    text = json.dumps(body)
    for hidden in _hidden_from_licensing():
        assert hidden not in text, hidden
    assert api.get("/api/v1/compliance/regions/53.71/candidates").status_code == 403
    licensing = api.get("/api/v1/compliance/employers/NPP0001").json()
    assert [x["number"] for x in licensing["letters"]] == ["SURAT-refer", "SURAT-sanction", "SURAT-lift"]
    assert licensing["letters"][0]["document_url"].startswith("/kepatuhan/bukti/")
    _row, officer = token_create(
        user=personas.compliance_a, name="pengawas", role="COMPLIANCE_OFFICER", region_codes=["53"], days=30
    )
    full = Client(HTTP_AUTHORIZATION=f"Bearer {officer}").get(f"/api/v1/compliance/cases/{world.lifted.pk}")
    assert full.json()["worker_shortfall_at_open"] == 10 and "CATATAN-warn1" in full.content.decode()
    _row, other = token_create(
        user=personas.compliance_b, name="b", role="COMPLIANCE_OFFICER", region_codes=["52"], days=30
    )
    assert Client(HTTP_AUTHORIZATION=f"Bearer {other}").get(
        f"/api/v1/compliance/cases/{world.lifted.pk}"
    ).status_code in (403, 404)


def test_the_cases_download_carries_codes_labels_and_only_the_letters_the_reader_may_see(
    personas: Personas, world: World
) -> None:
    url = "/kepatuhan/wilayah/53.71/kasus/?tampil=all&unduh=json"
    rows = {r["case_id"]: r for r in _client(personas.licensing_a).get(url).json()["rows"]}
    lifted, warned = rows[world.lifted.pk], rows[world.warned.pk]
    assert (lifted["status"], lifted["status_label"], lifted["letter_number"], lifted["letter_date"]) == (
        "LIFTED",
        "Sanction lifted",
        "SURAT-lift",
        "2026-08-20",
    )
    assert (warned["status"], warned["letter_number"], warned["letter_date"]) == ("WARNING_1", "", None)
    assert warned["rule_labels"][0].startswith("PDS-TK")
    officer = {r["case_id"]: r for r in _client(personas.compliance_a).get(url).json()["rows"]}
    assert officer[world.warned.pk]["letter_number"] == "SURAT-2-warn1"
    assert _client(personas.officer_b).get(url).status_code == 403
    assert _client(personas.compliance_b).get(f"/kepatuhan/kasus/{world.lifted.pk}/").status_code == 404
