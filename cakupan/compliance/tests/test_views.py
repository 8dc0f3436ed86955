from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from cakupan.common.dated import dated_value_add
from cakupan.compliance.models import Case, Employer, EmployerPosition, Evidence
from cakupan.compliance.tests.helpers import (
    PDF,
    comply,
    employer,
    employers_csv,
    load_employers,
    non_compliant,
    row,
)
from cakupan.compliance.transitions import case_open, case_transition
from cakupan.imports.models import ImportBatch
from tests.personas import Personas, streamed

pytestmark = pytest.mark.django_db


LETTER = {"letter_number": "B/7/2026", "letter_date": timezone.localdate().isoformat()}


def client_for(user: object) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.cookies["cakupan_lang"] = "en"
    return client


def test_the_candidates_page_sorts_by_shortfall_and_opens_a_case_in_one_click(personas: Personas) -> None:
    load_employers(
        [
            row("NPP1", name="PT Kecil", registered=49),
            row("NPP2", name="PT Besar", registered=10),
            row("NPP3", name="PT Patuh"),
            row("NPP4", name="PT NTB", region="52.01", registered=0, registered_wages=0, programs=""),
        ]
    )
    client = client_for(personas.compliance_a)
    body = client.get("/kepatuhan/wilayah/53/kandidat/").content.decode()
    assert body.index("PT Besar") < body.index("PT Kecil") and "PT Patuh" not in body and "PT NTB" not in body
    body = client.get("/kepatuhan/wilayah/53/kandidat/?urut=kekurangan_iuran&arah=naik").content.decode()
    assert body.index("PT Kecil") < body.index("PT Besar")
    response = client.post(f"/kepatuhan/pemberi-kerja/{employer('NPP2').pk}/buka-kasus/")
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/kepatuhan/kasus/{case.pk}/"
    assert "PDS_TK" in case.events.get().note
    assert f"/kepatuhan/kasus/{case.pk}/" in client.get("/kepatuhan/wilayah/53/kandidat/").content.decode()


def test_a_licensing_officer_cannot_open_a_case_and_is_told_why(personas: Personas) -> None:
    target = non_compliant()
    response = client_for(personas.licensing_a).post(f"/kepatuhan/pemberi-kerja/{target.pk}/buka-kasus/")
    assert response.status_code == 403 and not Case.objects.exists()


def _case(personas: Personas) -> Case:
    return case_open(
        employer=non_compliant(), by=personas.compliance_a, note="dibuka", today=date(2026, 3, 13)
    )


def test_the_case_page_shows_the_steps_each_user_may_take(personas: Personas) -> None:
    case = _case(personas)
    with translation.override("en"):
        page = client_for(personas.licensing_a).get(f"/kepatuhan/kasus/{case.pk}/").content.decode()
    assert 'data-refused="role"' in page and "Issue the first written warning" in page
    page = client_for(personas.bpjs_officer_a).get(f"/kepatuhan/kasus/{case.pk}/").content.decode()
    assert (
        f'action="/kepatuhan/kasus/{case.pk}/langkah/warn1/"' in page
        and 'enctype="multipart/form-data"' in page
    )


def test_a_step_is_taken_through_the_form_with_evidence(personas: Personas) -> None:
    case = _case(personas)
    client = client_for(personas.bpjs_officer_a)
    response = client.post(
        f"/kepatuhan/kasus/{case.pk}/langkah/warn1/",
        {
            "note": "Teguran dikirim ke pemberi kerja",
            "letter_number": "B/12/TEGURAN/2026",
            "letter_date": timezone.localdate().isoformat(),
            "evidence": [SimpleUploadedFile("t1.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.WARNING_1
    item = Evidence.objects.get()
    download = client.get(f"/kepatuhan/bukti/{item.pk}/")
    # Streamed from disk, not read whole into memory.
    assert download.status_code == 200 and download.streaming and streamed(download) == PDF
    assert download["Content-Type"] == "application/pdf" and "attachment" in download["Content-Disposition"]
    page = client.get(f"/kepatuhan/kasus/{case.pk}/").content.decode()
    assert "Teguran dikirim ke pemberi kerja" in page and "t1.pdf" in page and "B/12/TEGURAN/2026" in page


def test_a_wrong_role_step_is_refused_with_403_and_a_wrong_order_step_with_a_message(
    personas: Personas,
) -> None:
    case = _case(personas)
    response = client_for(personas.licensing_a).post(
        f"/kepatuhan/kasus/{case.pk}/langkah/warn1/", {"note": "x"}
    )
    # The refusal names the roles that may take the step, in the case's region.
    assert response.status_code == 403
    assert (
        "Only a BPJS Ketenagakerjaan officer or Compliance officer for region 53.71 may "
        "“Issue the first written warning”."
    ) in response.content.decode()
    response = client_for(personas.compliance_a).post(
        f"/kepatuhan/kasus/{case.pk}/langkah/refer/", {"note": "x", **LETTER}
    )
    assert response.status_code == 400
    assert (
        "“Refer to the licensing office for withholding of public services (TMP2T)” is not possible while "
        "the case is at “Detected”."
    ) in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.DETECTED


def test_a_bpjs_inspector_sees_before_submitting_that_only_a_labour_inspector_inspects(
    personas: Personas, bpjs_inspector: object
) -> None:
    case = _case(personas)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.WARNING_2, next_from=None)
    message = (
        "Only a labour inspector (a compliance officer of a labour inspectorate) for region 53.71 may "
        "“Record the labour inspector&#x27;s inspection note”."
    )
    client = client_for(bpjs_inspector)
    page = client.get(f"/kepatuhan/kasus/{case.pk}/").content.decode()
    section = page.split('id="step-inspect"')[1].split("</section>")[0]
    assert 'data-refused="role"' in section and message in section and "<form" not in section
    response = client.post(f"/kepatuhan/kasus/{case.pk}/langkah/inspect/", {"note": ""})
    assert response.status_code == 403 and message in response.content.decode()
    page = client_for(personas.compliance_a).get(f"/kepatuhan/kasus/{case.pk}/").content.decode()
    assert f'action="/kepatuhan/kasus/{case.pk}/langkah/inspect/"' in page


def test_a_deadline_in_a_year_without_holidays_is_refused_with_the_year_not_an_error(
    personas: Personas,
) -> None:
    """A referral on 15 November 2027 puts the re-check in February 2028: no holiday list for 2028."""
    with time_machine.travel(date(2027, 11, 1), tick=False):
        case = case_open(employer=non_compliant(), by=personas.compliance_a, note="x")
    Case.objects.filter(pk=case.pk).update(status=Case.Status.INSPECTION_NOTE, next_from=None)
    with time_machine.travel(date(2027, 11, 15), tick=False):
        response = client_for(personas.compliance_a).post(
            f"/kepatuhan/kasus/{case.pk}/langkah/refer/",
            {"note": "Rujukan TMP2T", "letter_number": "R/1/2027", "letter_date": "2027-11-15"},
        )
    body = response.content.decode()
    assert response.status_code == 400
    assert "the administrator must add the holidays of 2028" in body and 'id="step-error"' in body
    case.refresh_from_db()
    assert case.status == Case.Status.INSPECTION_NOTE and case.events.count() == 1


def test_the_compliance_index_warns_case_workers_when_next_year_has_no_holidays(personas: Personas) -> None:
    with time_machine.travel(date(2027, 6, 1), tick=False):
        for user in (personas.compliance_a, personas.bpjs_officer_a, personas.national_admin):
            page = client_for(user).get("/kepatuhan/").content.decode()
            assert 'id="holidays-missing"' in page and "must add the holidays of 2028" in page
        page = client_for(personas.licensing_a).get("/kepatuhan/").content.decode()
        assert 'id="holidays-missing"' not in page
    with time_machine.travel(date(2026, 6, 1), tick=False):  # 2027 ships with lokal-id
        assert (
            'id="holidays-missing"'
            not in client_for(personas.compliance_a).get("/kepatuhan/").content.decode()
        )


def test_a_step_without_a_note_is_refused_by_the_form(personas: Personas) -> None:
    case = _case(personas)
    response = client_for(personas.compliance_a).post(
        f"/kepatuhan/kasus/{case.pk}/langkah/warn1/", {"note": ""}
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == Case.Status.DETECTED


def test_overdue_and_due_this_week_lists(personas: Personas) -> None:
    case = _case(personas)  # due 27 March 2026
    client = client_for(personas.compliance_a)
    with time_machine.travel(date(2026, 3, 25), tick=False):
        assert (
            f"/kepatuhan/kasus/{case.pk}/"
            in client.get("/kepatuhan/wilayah/53/kasus/?tampil=week").content.decode()
        )
        assert (
            f"/kepatuhan/kasus/{case.pk}/"
            not in client.get("/kepatuhan/wilayah/53/kasus/?tampil=overdue").content.decode()
        )
    with time_machine.travel(date(2026, 3, 30), tick=False):
        assert (
            f"/kepatuhan/kasus/{case.pk}/"
            in client.get("/kepatuhan/wilayah/53/kasus/?tampil=overdue").content.decode()
        )
        assert (
            f"/kepatuhan/kasus/{case.pk}/"
            not in client.get("/kepatuhan/wilayah/53/kasus/?tampil=week").content.decode()
        )


def test_the_region_b_officer_sees_nothing_of_region_a(personas: Personas) -> None:
    case = _case(personas)
    client = client_for(personas.compliance_b)
    assert client.get(f"/kepatuhan/kasus/{case.pk}/").status_code == 404
    assert client.get(f"/kepatuhan/pemberi-kerja/{case.employer_id}/").status_code == 404
    assert client.get("/kepatuhan/wilayah/53/kandidat/").status_code == 403
    assert client.get("/kepatuhan/wilayah/52/kandidat/").status_code == 200
    assert (
        "NPP0001" not in client.get("/kepatuhan/cek-izin/?id=NPP0001").content.decode().split("</form>")[-1]
    )
    assert client.post(f"/kepatuhan/kasus/{case.pk}/langkah/warn1/", {"note": "x"}).status_code == 404


def test_the_employer_is_corrected_through_a_form_and_audited(personas: Personas) -> None:
    from cakupan.audit.models import AuditEvent

    target = non_compliant()
    client = client_for(personas.compliance_a)
    response = client.post(
        f"/kepatuhan/pemberi-kerja/{target.pk}/ubah/",
        {"name": "PT Sasando Jaya Abadi", "region": "53.01", "npp": "npp0001", "nib": "1234567890123"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.name, target.region_id, target.npp, target.nib) == (
        "PT Sasando Jaya Abadi",
        "53.01",
        "NPP0001",
        "1234567890123",
    )
    event = AuditEvent.objects.filter(entity_type="compliance.employer", action="update").get()
    assert event.after is not None
    assert {k: v for k, v in event.after.items() if k != "updated_at"} == {
        "name": "PT Sasando Jaya Abadi",
        "region": "53.01",
        "nib": "1234567890123",
    }
    moved = client.post(
        f"/kepatuhan/pemberi-kerja/{target.pk}/ubah/",
        {"name": "x", "region": "52.01", "npp": "NPP0001", "nib": ""},
    )
    assert moved.status_code == 200 and Employer.objects.get().region_id == "53.01"


def test_a_correction_may_not_give_an_npp_or_nib_another_employer_holds(personas: Personas) -> None:
    load_employers([row("NPP0001"), row("1234567890123", name="PT Lain"), row("NPP0002", name="PT Dua")])
    target = employer("NPP0001")
    client = client_for(personas.compliance_a)
    for data, field, holder in (
        ({"npp": "NPP0001", "nib": "1234567890123"}, "nib", "PT Lain (1234567890123)"),
        ({"npp": "NPP0002", "nib": ""}, "npp", "PT Dua (NPP0002)"),
    ):
        response = client.post(
            f"/kepatuhan/pemberi-kerja/{target.pk}/ubah/", {"name": target.name, "region": "53.71", **data}
        )
        body = response.content.decode()
        assert response.status_code == 200, field
        assert f"{data[field]} is already the NPP or NIB of {holder}." in body
    target.refresh_from_db()
    assert (target.npp, target.nib) == ("NPP0001", "")


def test_an_identifier_naming_two_employers_gets_no_licensing_answer(personas: Personas) -> None:
    load_employers([row("NPP0001", name="PT Satu"), row("NPP0002", name="PT Dua")])
    # Left from before NPPs were unique: PT Satu was re-numbered, PT Dua took its old number.
    Employer.objects.filter(key="NPP0001").update(npp="NPP0009")
    Employer.objects.filter(key="NPP0002").update(npp="NPP0001")
    page = client_for(personas.licensing_a).get("/kepatuhan/cek-izin/?id=NPP0001").content.decode()
    assert 'id="licensing-ambiguous"' in page and "PT Satu (NPP0001)" in page and "PT Dua (NPP0002)" in page
    assert "Compliant" not in page.split("</form>")[-1]


def test_a_position_correction_keeps_the_history_and_checks_again(personas: Personas) -> None:
    target = non_compliant()
    position = EmployerPosition.objects.get(employer=target)
    response = client_for(personas.compliance_a).post(
        f"/kepatuhan/posisi/{position.pk}/ubah/",
        {
            "reported_workers": 50,
            "registered_workers": 50,
            "reported_wages_idr": 150_000_000,
            "registered_wages_idr": 150_000_000,
            "programs": ["JKK", "JKM", "JHT", "JP"],
            "reason": "Hasil pemeriksaan lapangan",
        },
    )
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.registered_workers == 50 and not hasattr(Employer.objects.get(), "finding")
    change = target.changes.get()
    assert change.before is not None and change.before["registered_workers"] == 40
    assert change.reason == "Hasil pemeriksaan lapangan"


def test_the_licensing_page_answers_compliant_in_process_and_sanctioned(personas: Personas) -> None:
    client = client_for(personas.licensing_a)
    load_employers([row("1234567890123", name="PT Patuh")])
    with translation.override("en"):
        assert "Compliant" in client.get("/kepatuhan/cek-izin/?id=1234567890123").content.decode()
        case = _case(personas)
        page = client.get("/kepatuhan/cek-izin/?id=NPP0001").content.decode()
        assert "In process" in page and "Detected" in page
        Case.objects.filter(pk=case.pk).update(status="RECHECK_DUE")
        case.refresh_from_db()
        case_transition(
            case=case,
            action="sanction",
            by=personas.licensing_a,
            note="Tidak patuh setelah 3 bulan",
            letter_number="B/1/2026",
            letter_date=timezone.localdate(),
        )
        page = client.get("/kepatuhan/cek-izin/?id=NPP0001").content.decode()
        # The licensing office sees the sanction and its letter, not the note written with it.
        assert "Sanctioned" in page and "B/1/2026" in page and "Tidak patuh setelah 3 bulan" not in page
        officer = client_for(personas.compliance_a).get("/kepatuhan/cek-izin/?id=NPP0001").content.decode()
        assert "Tidak patuh setelah 3 bulan" in officer
        assert "No employer" in client.get("/kepatuhan/cek-izin/?id=XX99999").content.decode()


def test_an_upload_with_problems_stores_nothing_and_shows_every_problem(personas: Personas) -> None:
    client = client_for(personas.compliance_a)
    content = employers_csv([row("NPP1"), row("NPP2", region="52.01"), row("NPP3", period="2026-13")])
    with translation.override("en"):
        response = client.post("/kepatuhan/impor/", {"file": SimpleUploadedFile("e.csv", content)})
    body = response.content.decode()
    assert response.status_code == 422 and "2 problems" in body and "outside the regions" in body
    assert not Employer.objects.exists() and not ImportBatch.objects.filter(dataset="employers").exists()


def test_a_valid_upload_is_previewed_then_stored_on_confirmation_and_shown(personas: Personas) -> None:
    # The page moved: a valid file is staged and previewed, and the stored batch is shown on /impor/batch/.
    client = client_for(personas.bpjs_officer_a)
    staged = client.post(
        "/kepatuhan/impor/", {"file": SimpleUploadedFile("e.csv", employers_csv([row("NPP1")]))}
    )
    assert staged.status_code == 302 and staged["Location"].startswith("/kepatuhan/impor/pratinjau/")
    assert not ImportBatch.objects.filter(dataset="employers").exists()
    with translation.override("en"):
        preview = client.get(staged["Location"]).content.decode()
    assert (
        "1 new employers" in preview and "1 new positions" in preview and "How the file was read" in preview
    )
    response = client.post(f"{staged['Location']}simpan/")
    batch = ImportBatch.objects.filter(dataset="employers").get()
    assert response.status_code == 302 and response["Location"] == f"/impor/batch/{batch.pk}/"
    assert batch.uploaded_by == personas.bpjs_officer_a and batch.source == "web"
    assert client.get(response["Location"]).status_code == 200


def test_the_region_summary_counts_cases_sanctions_and_newly_registered_workers(personas: Personas) -> None:
    from cakupan.compliance.selectors import region_summary

    case = _case(personas)
    case_transition(
        case=case,
        action="warn1",
        by=personas.compliance_a,
        note="x",
        today=date(2026, 3, 13),
        letter_number="B/1/2026",
        letter_date=date(2026, 3, 13),
    )
    comply()
    summary = region_summary(personas.compliance_a, region_code="53", today=date(2026, 3, 16))
    assert summary is not None
    assert summary.cases_by_stage == {"WARNING_1": 1} and summary.open_cases == 1
    assert summary.workers_registered_after_case == 10 and summary.candidates == 0
    assert summary.median_days_by_stage.keys() == {"DETECTED"}
    assert region_summary(personas.officer_b, region_code="53") is None
    page = client_for(personas.compliance_a).get("/kepatuhan/wilayah/53/").content.decode()
    assert "compliance-summary-53" in page


def test_the_region_figures_of_a_case_walked_to_lifting_on_dated_steps(personas: Personas) -> None:
    from datetime import UTC, datetime

    from cakupan.compliance.models import Setting
    from cakupan.compliance.selectors import region_summary

    for key in ("warning_days", "recheck_months"):
        dated_value_add(model=Setting, key=key, value=0, valid_from=date(2026, 1, 1), legal_basis="test")

    def on(day: int, month: int = 3) -> time_machine.travel:
        return time_machine.travel(datetime(2026, month, day, 2, 0, tzinfo=UTC), tick=False)

    with on(2):
        case = case_open(employer=non_compliant(), by=personas.compliance_a, note="x")
        other = case_open(employer=non_compliant("NPP0002"), by=personas.compliance_a, note="x")
    steps = [
        (on(4), "warn1", personas.bpjs_officer_a),  # 2 days detected
        (on(9), "warn2", personas.bpjs_officer_a),  # 5 days at the first warning
        (on(10), "inspect", personas.compliance_a),  # 1 day at the second warning
        (on(12), "refer", personas.compliance_a),  # 2 days at the inspection note
        (on(22), "recheck", personas.compliance_a),  # 10 days referred
        (on(25), "sanction", personas.licensing_a),  # 3 days at the re-check
    ]
    for clock, action, user in steps:
        with clock:
            case = case_transition(
                case=case,
                action=action,
                by=user,
                note=action,
                letter_number="B/1/2026",
                letter_date=timezone.localdate(),
            )
    comply()  # 50 of 50 workers registered in 2026-02, 40 at the opening
    with on(4, 4):
        case_transition(
            case=case,
            action="lift",
            by=personas.licensing_a,
            note="patuh",
            letter_number="B/1/2026",
            letter_date=timezone.localdate(),
        )  # 10 days sanctioned
    with on(8):
        other = case_transition(
            case=other,
            action="warn1",
            by=personas.compliance_a,
            note="x",
            letter_number="B/1/2026",
            letter_date=timezone.localdate(),
        )  # 6 days
    summary = region_summary(personas.compliance_a, region_code="53.71", today=date(2026, 5, 1))
    assert summary is not None
    assert (summary.sanctions_imposed, summary.sanctions_lifted) == (1, 1)
    assert summary.median_days_by_stage == {
        "DETECTED": 4.0,  # the median of 2 and 6
        "WARNING_1": 5.0,
        "WARNING_2": 1.0,
        "INSPECTION_NOTE": 2.0,
        "REFERRED": 10.0,
        "RECHECK_DUE": 3.0,
        "SANCTIONED": 10.0,
    }
    assert other.due_date is not None and other.due_date < date(2026, 5, 1)
    assert (summary.open_cases, summary.overdue) == (1, 1)
    assert summary.cases_by_stage == {"LIFTED": 1, "WARNING_1": 1}
    assert summary.workers_registered_after_case == 10


def test_the_region_page_shows_the_compliance_figures_without_coverage_figures(personas: Personas) -> None:
    non_compliant()  # an employer, but no participation figures for Kota Kupang
    page = client_for(personas.compliance_a).get("/wilayah/53.71/").content.decode()
    assert "No figures have been imported for this region yet." in page
    assert 'id="compliance-summary-53.71"' in page
    assert (
        'id="compliance-summary-53.71"'
        not in client_for(personas.officer_a).get("/wilayah/53.71/").content.decode()
    )
