from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client

from cakupan.audit.models import AuditEvent
from cakupan.monev.meetings.models import FollowUp, Meeting, MeetingItem
from cakupan.monev.meetings.selectors import overdue_list, region_timeline
from cakupan.monev.tests.helpers import follow_up, meeting, pdf
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _client(user: object = None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def test_an_officer_records_a_meeting_with_findings_recommendations_and_follow_ups(
    personas: Personas,
) -> None:
    client = _client(personas.officer_a)
    response = client.post(
        "/monev/rapat/baru/",
        {
            "region": "53",
            "other_regions": ["52"],
            "held_on": "2024-07-10",
            "place": "Kupang",
            "institutions": "Kemenko PMK\nBPJS TK",
        },
    )
    assert response.status_code == 302
    m = Meeting.objects.get()
    assert list(m.other_regions.values_list("code", flat=True)) == ["52"]
    assert (
        client.post(
            f"/monev/rapat/{m.pk}/butir/", {"kind": "FINDING", "text": "879.094 BPU belum terlindungi"}
        ).status_code
        == 302
    )
    client.post(
        f"/monev/rapat/{m.pk}/butir/", {"kind": "RECOMMENDATION", "text": "Anggarkan iuran pekerja rentan"}
    )
    recommendation = MeetingItem.objects.get(kind="RECOMMENDATION")
    response = client.post(
        f"/monev/rapat/{m.pk}/tindak-lanjut/",
        {
            "action": "Usulkan APBD 2025",
            "responsible": "Bappeda NTT",
            "due_on": "2024-09-30",
            "recommendation": recommendation.pk,
        },
    )
    assert response.status_code == 302
    f = FollowUp.objects.get()
    assert (f.region_id, f.recommendation, f.status) == ("53", recommendation, FollowUp.Status.OPEN)
    page = client.get(f"/monev/rapat/{m.pk}/").content.decode()
    assert "879.094 BPU belum terlindungi" in page and "Bappeda NTT" in page
    assert AuditEvent.objects.filter(entity_type="monev.followup", region_code="53").exists()
    assert AuditEvent.objects.filter(entity_type="monev.meetingitem", region_code="53").count() == 2


def test_a_follow_up_without_a_due_date_is_refused_with_the_reason(personas: Personas) -> None:
    m = meeting("53", personas.officer_a, held_on=dt.date(2024, 7, 10))
    response = _client(personas.officer_a).post(
        f"/monev/rapat/{m.pk}/tindak-lanjut/", {"action": "x", "responsible": "Disnaker"}
    )
    assert response.status_code == 422 and "This field is required." in response.content.decode()
    assert not FollowUp.objects.exists()


def test_a_new_meeting_page_shows_the_open_follow_ups_of_the_previous_one(personas: Personas) -> None:
    first = meeting("53", personas.officer_a, held_on=dt.date(2024, 3, 1))
    follow_up(first, personas.officer_a, action="Terbitkan Pergub", due_on=dt.date(2024, 6, 1))
    done = follow_up(first, personas.officer_a, action="Daftarkan perangkat desa", due_on=dt.date(2024, 5, 1))
    done.status = FollowUp.Status.DONE
    done.save()
    meeting("52", personas.officer_b, held_on=dt.date(2024, 5, 1))  # another region: not the previous one
    second = meeting("53", personas.officer_a, held_on=dt.date(2024, 9, 1))
    page = _client(personas.officer_a).get(f"/monev/rapat/{second.pk}/").content.decode()
    previous = page.split('id="previous"')[1].split("</section>")[0]
    assert "Terbitkan Pergub" in previous and "Daftarkan perangkat desa" not in previous
    assert f"/monev/rapat/{first.pk}/" in previous
    first_page = _client(personas.officer_a).get(f"/monev/rapat/{first.pk}/").content.decode()
    assert "This is the first meeting recorded for the region." in first_page


def test_the_overdue_list_holds_open_follow_ups_past_their_due_date(personas: Personas) -> None:
    m = meeting("53", personas.officer_a, held_on=dt.date(2024, 3, 1))
    follow_up(m, personas.officer_a, action="Lewat", due_on=dt.date(2024, 4, 1))
    follow_up(m, personas.officer_a, action="Belum", due_on=dt.date(2024, 12, 1))
    closed = follow_up(m, personas.officer_a, action="Selesai", due_on=dt.date(2024, 4, 1))
    closed.status = FollowUp.Status.DROPPED
    closed.save()
    rows = overdue_list(personas.officer_a, today=dt.date(2024, 6, 1))
    assert [f.action for f in rows] == ["Lewat"]
    page = _client(personas.officer_a).get("/monev/tindak-lanjut/terlambat/").content.decode()
    assert "Lewat" in page and "Selesai" not in page


def test_the_officer_of_ntb_never_sees_or_edits_ntt_meetings(personas: Personas) -> None:
    m = meeting("53", personas.officer_a, held_on=dt.date(2024, 3, 1))
    f = follow_up(m, personas.officer_a, action="Rahasia NTT", due_on=dt.date(2024, 4, 1))
    client = _client(personas.officer_b)
    assert client.get(f"/monev/rapat/{m.pk}/").status_code == 404
    assert client.get(f"/monev/tindak-lanjut/{f.pk}/").status_code == 404
    assert client.post(f"/monev/tindak-lanjut/{f.pk}/", {"status": "DONE"}).status_code == 404
    assert client.post(f"/monev/rapat/{m.pk}/butir/", {"kind": "FINDING", "text": "x"}).status_code == 404
    assert "Rahasia NTT" not in client.get("/monev/tindak-lanjut/terlambat/").content.decode()
    assert "Kupang" not in client.get("/monev/rapat/").content.decode()
    assert client.get("/monev/linimasa/53/").status_code == 403
    f.refresh_from_db()
    assert f.status == FollowUp.Status.OPEN


def test_a_follow_up_is_done_with_evidence_only_roles_of_the_region_can_download(personas: Personas) -> None:
    m = meeting("53", personas.officer_a, held_on=dt.date(2024, 3, 1))
    f = follow_up(m, personas.officer_a, action="Terbitkan Pergub", due_on=dt.date(2024, 4, 1))
    response = _client(personas.officer_a).post(
        f"/monev/tindak-lanjut/{f.pk}/",
        {
            "status": "DONE",
            "done_on": "2024-03-28",
            "evidence_note": "Pergub 12/2024",
            "evidence": pdf("bukti.pdf"),
        },
    )
    assert response.status_code == 302
    f.refresh_from_db()
    assert f.status == FollowUp.Status.DONE and f.done_on == dt.date(2024, 3, 28)
    assert f.evidence is not None and not f.evidence.public
    url = f"/monev/dokumen/{f.evidence.pk}/"
    assert _client(personas.officer_a).get(url).status_code == 200
    assert _client(personas.compliance_a).get(url).status_code == 200
    assert _client(personas.officer_b).get(url).status_code == 404
    assert _client().get(url).status_code == 404
    update = AuditEvent.objects.filter(entity_type="monev.followup", action="update").get()
    assert update.after is not None and update.after["status"] == "DONE"


def test_the_timeline_lists_meetings_and_what_became_of_their_follow_ups(personas: Personas) -> None:
    m = meeting("53", personas.officer_a, held_on=dt.date(2024, 3, 1), place="Labuan Bajo")
    f = follow_up(m, personas.officer_a, action="Terbitkan Pergub", due_on=dt.date(2024, 4, 1))
    f.status, f.done_on = FollowUp.Status.DONE, dt.date(2024, 3, 20)
    f.save()
    follow_up(m, personas.officer_a, action="Anggarkan APBD", due_on=dt.date(2024, 10, 1))
    entries = region_timeline(personas.officer_a, region=m.region)
    assert [(e.day, e.kind) for e in entries] == [
        (dt.date(2024, 10, 1), "due"),
        (dt.date(2024, 3, 20), "done"),
        (dt.date(2024, 3, 1), "meeting"),
    ]
    page = _client(personas.officer_a).get("/monev/linimasa/53/").content.decode()
    assert "Labuan Bajo" in page


def test_a_role_without_monev_records_gets_403_and_the_public_is_sent_to_log_in(personas: Personas) -> None:
    assert _client(personas.licensing_a).get("/monev/rapat/").status_code == 403
    assert _client().get("/monev/rapat/").status_code == 302


def test_the_form_for_a_new_meeting_shows_the_open_follow_ups_of_the_last_one(personas: Personas) -> None:
    last = meeting("53", personas.officer_a, held_on=dt.date(2024, 3, 1))
    follow_up(last, personas.officer_a, action="Anggarkan iuran 2025", due_on=dt.date(2024, 12, 1))
    page = _client(personas.officer_a).get("/monev/rapat/baru/?wilayah=53").content.decode()
    assert "Open follow-ups of the previous meeting" in page and "Anggarkan iuran 2025" in page
    other = _client(personas.officer_b).get("/monev/rapat/baru/?wilayah=53").content.decode()
    assert "Anggarkan iuran 2025" not in other


def test_a_nul_in_a_meeting_s_region_is_refused_as_an_invalid_choice_not_sent_to_the_database() -> None:
    from cakupan.monev.forms import RegionChoiceField
    from cakupan.regions.models import Region

    field = RegionChoiceField(queryset=Region.objects.all())
    with pytest.raises(ValidationError):
        field.clean("53\x00")
