"""Every step records its letter's number and date; deadlines count from the letter's date; a letter
dated after today, further back than the configured days, or before the previous step's letter is
refused with its reason; steps recorded before letters were asked for get their entry date."""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cakupan.accounts.tokens import token_create
from cakupan.audit.models import AuditEvent
from cakupan.common.dated import dated_value_add
from cakupan.compliance.models import Case, CaseEvent, Evidence, Setting
from cakupan.compliance.tests.helpers import PDF, non_compliant
from cakupan.compliance.transitions import TransitionRefused, case_open, case_transition
from tests.personas import Personas

pytestmark = pytest.mark.django_db
S = Case.Status
OPENED = date(2026, 3, 13)  # a Friday just before Nyepi and Idulfitri 2026


def _open(personas: Personas) -> Case:
    return case_open(employer=non_compliant(), by=personas.compliance_a, note="WLKP vs BPJS", today=OPENED)


def _warn(
    case: Case, personas: Personas, *, letter_date: date, today: date, number: str = "B/1/2026"
) -> Case:
    return case_transition(
        case=case,
        action="warn1",
        by=personas.bpjs_officer_a,
        note="Teguran pertama",
        letter_number=number,
        letter_date=letter_date,
        today=today,
    )


def test_deadlines_count_from_the_letter_date_not_the_day_it_is_entered(personas: Personas) -> None:
    """Last week's warning entered today: the same deadlines as if it had been entered on its day."""
    case = _warn(_open(personas), personas, letter_date=OPENED, today=date(2026, 3, 27))
    # Ten working days from Friday 13 March (Nyepi, Idulfitri and Good Friday are not), then five more.
    assert (case.next_from, case.due_date) == (date(2026, 4, 6), date(2026, 4, 13))
    event = case.events.get(to_status=S.WARNING_1)
    assert (event.letter_number, event.letter_date, event.next_from) == ("B/1/2026", OPENED, date(2026, 4, 6))


def test_the_wait_for_the_next_step_is_judged_on_the_letter_date(personas: Personas) -> None:
    case = _warn(_open(personas), personas, letter_date=OPENED, today=OPENED)
    with pytest.raises(TransitionRefused) as refused:
        case_transition(
            case=case,
            action="warn2",
            by=personas.bpjs_officer_a,
            note="Teguran kedua",
            letter_number="B/2/2026",
            letter_date=date(2026, 4, 3),  # before the first warning ran its course (6 April)
            today=date(2026, 4, 10),
        )
    assert refused.value.code == "wait"
    case = case_transition(
        case=case,
        action="warn2",
        by=personas.bpjs_officer_a,
        note="Teguran kedua",
        letter_number="B/2/2026",
        letter_date=date(2026, 4, 6),
        today=date(2026, 4, 10),
    )
    assert (case.status, case.next_from) == (S.WARNING_2, date(2026, 4, 20))


@pytest.mark.parametrize(
    ("number", "letter_date", "today", "code"),
    [
        ("  ", OPENED, OPENED, "letter_number"),
        ("B/" + "1" * 120, OPENED, OPENED, "letter_number"),
        ("B/1/2026", date(2026, 3, 16), OPENED, "letter_future"),
        ("B/1/2026", OPENED, date(2026, 6, 12), "letter_old"),  # 91 days: the default allows 90
        ("B/1/2026", date(2026, 3, 12), OPENED, "letter_order"),  # before the case was opened
    ],
)
def test_a_letter_is_refused_with_its_reason_and_nothing_moves(
    personas: Personas, number: str, letter_date: date, today: date, code: str
) -> None:
    case = _open(personas)
    with pytest.raises(TransitionRefused) as refused:
        _warn(case, personas, letter_date=letter_date, today=today, number=number)
    assert refused.value.code == code
    case.refresh_from_db()
    assert case.status == S.DETECTED and case.events.count() == 1


def test_the_oldest_letter_date_is_dated_configuration(personas: Personas) -> None:
    case = _open(personas)
    assert _warn_refusal(case, personas) == "letter_old"
    dated_value_add(
        model=Setting,
        key=Setting.Key.LETTER_MAX_AGE_DAYS,
        value=Decimal(120),
        valid_from=date(2026, 6, 1),
        legal_basis="Keputusan kepala kantor (test)",
    )
    case = _warn(case, personas, letter_date=OPENED, today=date(2026, 6, 12))
    assert case.status == S.WARNING_1


def _warn_refusal(case: Case, personas: Personas) -> str:
    with pytest.raises(TransitionRefused) as refused:
        _warn(case, personas, letter_date=OPENED, today=date(2026, 6, 12))
    return refused.value.code


def test_a_letter_may_not_precede_the_previous_steps_letter(personas: Personas) -> None:
    case = _warn(_open(personas), personas, letter_date=date(2026, 3, 20), today=date(2026, 4, 20))
    Case.objects.filter(pk=case.pk).update(next_from=None)  # only the letters' order is in question
    case.refresh_from_db()
    with pytest.raises(TransitionRefused) as refused:
        case_transition(
            case=case,
            action="warn2",
            by=personas.bpjs_officer_a,
            note="Teguran kedua",
            letter_number="B/2/2026",
            letter_date=date(2026, 3, 19),
            today=date(2026, 4, 20),
        )
    assert refused.value.code == "letter_order" and "2026-03-20" in str(refused.value)


def test_the_role_is_checked_before_the_letter(personas: Personas) -> None:
    """A user who may not take the step learns nothing about the case's letters from the answer."""
    case = _open(personas)
    with pytest.raises(TransitionRefused) as refused:
        case_transition(
            case=case,
            action="warn1",
            by=personas.licensing_a,
            note="x",
            letter_number="B/1/2026",
            letter_date=date(2026, 3, 1),
            today=OPENED,
        )
    assert refused.value.code == "role"


def test_the_letter_and_its_file_are_recorded_with_the_step_and_audited(personas: Personas) -> None:
    case = case_transition(
        case=_open(personas),
        action="warn1",
        by=personas.bpjs_officer_a,
        note="Teguran pertama",
        letter_number="B/1/2026",
        letter_date=OPENED,
        letter_file=SimpleUploadedFile("surat-teguran.pdf", PDF),
        files=[SimpleUploadedFile("tanda-terima.pdf", PDF + b"%")],
        today=OPENED,
    )
    event = case.events.get(to_status=S.WARNING_1)
    assert sorted(Evidence.objects.filter(event=event).values_list("file_name", "is_letter")) == [
        ("surat-teguran.pdf", True),
        ("tanda-terima.pdf", False),
    ]
    audited = AuditEvent.objects.filter(entity_type="compliance.caseevent", entity_id=str(event.pk)).get()
    after = audited.after or {}
    assert after["letter_number"] == "B/1/2026" and after["letter_date"] == "2026-03-13"


def test_the_migration_gives_steps_recorded_before_letters_their_entry_date(personas: Personas) -> None:
    migration = importlib.import_module("cakupan.compliance.migrations.0006_letter_date_and_number")
    case = _warn(_open(personas), personas, letter_date=OPENED, today=OPENED)
    # Entered on 16 March, 02:00 in Jakarta (still 15 March in UTC): the local day is the letter's date.
    case.events.update(letter_date=None, letter_number="", at=datetime(2026, 3, 15, 19, 0, tzinfo=UTC))
    region_event = CaseEvent.objects.create(
        case=case,
        from_status=S.WARNING_1,
        to_status=S.WARNING_1,
        at=datetime(2026, 3, 20, 3, 0, tzinfo=UTC),
        by_label="admin",
        note="Region corrected",
    )
    migration.letter_dates_from_entry(apps, None)
    steps = case.events.exclude(pk=region_event.pk)
    assert set(steps.values_list("letter_date", "letter_number")) == {(date(2026, 3, 16), "")}
    region_event.refresh_from_db()
    assert region_event.letter_date is None
    seeded = Setting.objects.get(key=Setting.Key.LETTER_MAX_AGE_DAYS, valid_from=date(2014, 1, 1))
    assert seeded.value == 90 and seeded.legal_basis


def test_the_step_form_shows_a_refused_letter_at_its_field(personas: Personas) -> None:
    case = _open(personas)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(personas.bpjs_officer_a)
    client.cookies["cakupan_lang"] = "en"
    response = client.post(
        f"/kepatuhan/kasus/{case.pk}/langkah/warn1/",
        {"note": "Teguran", "letter_number": "B/1/2026", "letter_date": "2030-01-01"},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "after today" in body
    section = body.split('id="step-warn1"')[1].split("</section>")[0]
    assert 'value="2030-01-01"' in section and "after today" in section
    response = client.post(
        f"/kepatuhan/kasus/{case.pk}/langkah/warn1/", {"note": "Teguran", "letter_date": "13/03/2026"}
    )
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    case.refresh_from_db()
    assert case.status == S.DETECTED


def test_the_api_takes_a_step_on_its_letter_and_refuses_a_bad_letter_with_its_code(
    personas: Personas,
) -> None:
    case = case_open(employer=non_compliant(), by=personas.compliance_a, note="WLKP vs BPJS")
    _row, plain = token_create(
        user=personas.compliance_a, name="pengawas", role="COMPLIANCE_OFFICER", region_codes=["53"], days=30
    )
    api = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    url = f"/api/v1/compliance/cases/{case.pk}/steps/warn1"
    today = timezone.localdate()
    letter = {"note": "Teguran pertama", "letter_number": "B/9/2026"}
    refused = api.post(url, {**letter, "letter_date": (today + timedelta(days=1)).isoformat()})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "letter_future"
    done = api.post(url, {**letter, "letter_date": today.isoformat()})
    assert done.status_code == 200
    body = done.json()
    assert (body["status"], body["status_label"]) == ("WARNING_1", "First written warning")
    step = body["events"][-1]
    assert (step["letter_number"], step["letter_date"], step["note"]) == (
        "B/9/2026",
        today.isoformat(),
        "Teguran pertama",
    )
    assert api.post(url, {**letter, "letter_date": today.isoformat()}).status_code == 409  # not from here
