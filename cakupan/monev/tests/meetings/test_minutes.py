"""Attendance of a Monev meeting and its minutes (notulen) as PDF and DOCX."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.conf import settings
from django.test import Client
from docx import Document as DocxDocument
from pypdf import PdfReader

from cakupan.audit.models import AuditEvent
from cakupan.monev.meetings.models import Attendee, Meeting
from cakupan.monev.meetings.services import attendee_add, meeting_item_add, meeting_signatories_set
from cakupan.monev.targets.services import commitment_create
from cakupan.monev.tests.helpers import follow_up, meeting
from tests.personas import Personas

pytestmark = pytest.mark.django_db

NIK = "5371010101900001"


def _client(user: object = None, lang: str = "id") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def recorded(personas: Personas) -> Meeting:
    """A meeting of NTT with invitees, a finding, a recommendation, a follow-up and its signatories."""
    m = meeting("53", personas.officer_a, held_on=dt.date(2024, 7, 10))
    for agency, position, attended, head in (
        ("Pemerintah Provinsi NTT", "Gubernur", True, True),
        ("BPJS Ketenagakerjaan Kupang", "Kepala Cabang", True, False),
        ("Bappeda NTT", "Kepala", False, False),
    ):
        attendee_add(
            meeting=m,
            agency=agency,
            position=position,
            person_name="",
            attended=attended,
            head_of_region=head,
            by=personas.officer_a,
        )
    meeting_item_add(meeting=m, kind="FINDING", text="879.094 BPU belum terlindungi", by=None)
    meeting_item_add(meeting=m, kind="RECOMMENDATION", text="Anggarkan iuran pekerja rentan", by=None)
    follow_up(m, personas.officer_a, action="Usulkan APBD 2025", due_on=dt.date(2024, 9, 30))
    meeting_signatories_set(
        meeting=m,
        chair_name="Drs. Ketua Rapat",
        chair_position="Asisten Deputi Kemenko PMK",
        secretary_name="Sekretaris Notulen",
        secretary_position="Kepala Bidang Disnakertrans",
        by=personas.officer_a,
    )
    return m


def test_the_officer_records_invitees_on_the_meeting_page_with_htmx_and_it_is_audited(
    personas: Personas,
) -> None:
    m = meeting("53", personas.officer_a, held_on=dt.date(2024, 7, 10))
    client = _client(personas.officer_a, "en")
    response = client.post(
        f"/monev/rapat/{m.pk}/undangan/",
        {
            "agency": "Pemerintah Kota Kupang",
            "position": "Wali Kota",
            "attended": "on",
            "head_of_region": "on",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="attendance"' in page and "Pemerintah Kota Kupang" in page
    assert "The head of region attended in person." in page
    attendee = Attendee.objects.get()
    assert attendee.head_of_region and attendee.region_id == "53"
    assert AuditEvent.objects.filter(entity_type="monev.attendee", entity_id=str(attendee.pk)).exists()
    # Marked absent: no longer the head of region in person.
    client.post(f"/monev/undangan/{attendee.pk}/", {"attended": "0"})
    attendee.refresh_from_db()
    assert not attendee.attended and not attendee.head_of_region


def test_an_invitee_with_a_nik_in_its_name_is_refused_with_the_reason(personas: Personas) -> None:
    m = meeting("53", personas.officer_a, held_on=dt.date(2024, 7, 10))
    response = _client(personas.officer_a, "en").post(
        f"/monev/rapat/{m.pk}/undangan/",
        {"agency": "Disnaker", "person_name": f"Budi {NIK}"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "a NIK is never stored here" in response.content.decode()
    assert not Attendee.objects.exists()


def test_the_officer_of_ntb_neither_reads_nor_writes_ntt_attendance_or_minutes(
    personas: Personas, recorded: Meeting
) -> None:
    client = _client(personas.officer_b)
    attendee = Attendee.objects.filter(meeting=recorded).first()
    assert attendee is not None
    assert client.get(f"/monev/rapat/{recorded.pk}/notulen/?unduh=pdf").status_code == 404
    assert client.get(f"/monev/rapat/{recorded.pk}/notulen/?unduh=docx").status_code == 404
    assert client.post(f"/monev/rapat/{recorded.pk}/undangan/", {"agency": "x"}).status_code == 404
    assert client.post(f"/monev/undangan/{attendee.pk}/", {"attended": "0"}).status_code == 404
    assert _client().get(f"/monev/rapat/{recorded.pk}/notulen/").status_code == 302


def test_the_minutes_docx_holds_the_agenda_attendance_items_follow_ups_and_signatures(
    personas: Personas, recorded: Meeting
) -> None:
    # Read by a role that reads the meeting without writing it (the labour inspector of NTT).
    response = _client(personas.compliance_a).get(f"/monev/rapat/{recorded.pk}/notulen/?unduh=docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('notulen-53-2024-07-10-id.docx"')
    doc = DocxDocument(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Notulen Rapat Monev" in text
    assert "Evaluasi Inpres 2/2021" in text
    assert "2 dari 3 instansi yang diundang hadir." in text
    assert "Kepala daerah hadir langsung." in text
    assert "879.094 BPU belum terlindungi" in text and "Anggarkan iuran pekerja rentan" in text
    assert "Kupang, 10 Juli 2024" in text
    assert "Bappeda NTT" in cells and "tidak hadir" in cells
    assert "Usulkan APBD 2025" in cells and "30 September 2024" in cells and "Terbuka" in cells
    assert "Drs. Ketua Rapat" in cells and "Kepala Bidang Disnakertrans" in cells


def test_the_minutes_pdf_is_in_english_for_an_english_user(personas: Personas, recorded: Meeting) -> None:
    response = _client(personas.officer_a, "en").get(f"/monev/rapat/{recorded.pk}/notulen/?unduh=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Minutes of the Monev meeting" in text
    assert "2 of 3 invited agencies attended." in text
    assert "Usulkan APBD 2025" in text and "30 September 2024" in text
    assert "Kupang, 10 July 2024" in text and "Drs. Ketua Rapat" in text


def test_an_unknown_minutes_format_is_a_clear_400(personas: Personas, recorded: Meeting) -> None:
    response = _client(personas.officer_a, "en").get(f"/monev/rapat/{recorded.pk}/notulen/?unduh=odt")
    assert response.status_code == 400
    assert "pdf or docx" in response.content.decode()


def test_the_minutes_list_the_targets_the_meeting_committed_to_with_their_owner_and_deadline(
    personas: Personas, recorded: Meeting
) -> None:
    from decimal import Decimal

    from cakupan.accounts.models import Office
    from cakupan.monev.tests.helpers import region

    branch = Office.objects.get(name="BPJS Ketenagakerjaan Kantor Cabang Kupang")
    commitment_create(
        meeting=recorded,
        region=region("53"),
        indicator="coverage_rate",
        value=Decimal("40"),
        deadline=dt.date(2025, 12, 31),
        owner=branch,
        source="Notulen Monev NTT",
        by=personas.officer_a,
    )
    response = _client(personas.officer_a).get(f"/monev/rapat/{recorded.pk}/notulen/?unduh=docx")
    doc = DocxDocument(io.BytesIO(response.content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert "Target yang disepakati" in headings and "Tindak lanjut" in headings
    assert "40,00 %" in cells and "31 Desember 2025" in cells and branch.name in cells
    assert "Usulkan APBD 2025" in cells  # the follow-ups stay, under their own heading
    pdf_text = " ".join(
        page.extract_text()
        for page in PdfReader(
            io.BytesIO(_client(personas.officer_a, "en").get(f"/monev/rapat/{recorded.pk}/notulen/").content)
        ).pages
    )
    text = " ".join(pdf_text.split())
    assert "Targets committed to" in text and "31 December 2025" in text and "40.00%" in text
    # The agenda as a numbered list, as in the DOCX.
    from cakupan.monev.meetings import minutes, selectors

    notes = selectors.meeting_minutes(personas.officer_a, pk=recorded.pk)
    html = minutes.minutes_html(notes, lang="id", simulated=False)
    assert '<ol class="items"><li>Evaluasi Inpres 2/2021</li></ol>' in html
