from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from cakupan.audit.models import AuditEvent
from cakupan.common.dated import dated_value_add
from cakupan.compliance.evidence import evidence_path
from cakupan.compliance.models import Case, CaseEvent, Evidence, Setting
from cakupan.compliance.tests.helpers import PDF, comply, non_compliant
from cakupan.compliance.transitions import STEPS, TransitionRefused, case_open, case_transition
from tests.personas import Personas

pytestmark = pytest.mark.django_db
S = Case.Status
OPENED = date(2026, 3, 13)  # a Friday just before Nyepi and Idulfitri 2026


def _open(personas: Personas, today: date = OPENED) -> Case:
    return case_open(
        employer=non_compliant(), by=personas.compliance_a, note="Data WLKP vs BPJS", today=today
    )


def _step(case: Case, action: str, user: object, today: date, **kwargs: object) -> Case:
    return case_transition(
        case=case,
        action=action,
        by=user,
        note=f"{action} done",
        today=today,
        **kwargs,
        letter_number="B/1/2026",
        letter_date=today,
    )


def _walk_to(personas: Personas, status: str) -> tuple[Case, date]:
    """The case moved by the right roles, each step on the first day it is possible."""
    case = _open(personas)
    today = OPENED
    path = [
        ("warn1", personas.bpjs_officer_a),
        ("warn2", personas.bpjs_officer_a),
        ("inspect", personas.compliance_a),
        ("refer", personas.compliance_a),
        ("recheck", personas.compliance_a),
        ("sanction", personas.licensing_a),
    ]
    for action, user in path:
        if case.status == status:
            break
        today = max(today, case.next_from or today)
        case = _step(case, action, user, today)
    assert case.status == status
    return case, today


def test_a_compliance_officer_opens_a_case_with_the_first_deadline_in_working_days(
    personas: Personas,
) -> None:
    case = _open(personas)
    assert (case.status, case.rules, case.worker_shortfall_at_open) == (S.DETECTED, "PDS_TK;PDS_UPAH", 10)
    # Five working days after Friday 13 March 2026: Nyepi (18–19), Idulfitri (20–24) and the weekends
    # are not counted.
    assert case.due_date == date(2026, 3, 27)
    [event] = case.events.all()
    assert (event.from_status, event.to_status, event.by, event.by_role) == (
        "",
        S.DETECTED,
        personas.compliance_a,
        "COMPLIANCE_OFFICER",
    )


def test_a_case_opened_under_a_frozen_clock_takes_today_from_the_clock(personas: Personas) -> None:
    with time_machine.travel(datetime(2026, 12, 23, 3, 0, tzinfo=UTC), tick=False):
        case = case_open(employer=non_compliant(), by=personas.compliance_a, note="x")
    # 24 (cuti bersama) and 25 December (Christmas), 1 January and the weekends are not working days;
    # the deadline runs into 2027 and its holiday list.
    assert case.opened_at.date() == date(2026, 12, 23)
    assert case.due_date == date(2027, 1, 4)


@pytest.mark.parametrize("persona", ["licensing_a", "officer_a", "officer_b", "national_analyst"])
def test_other_roles_may_not_open_a_case(personas: Personas, persona: str) -> None:
    employer = non_compliant()
    with pytest.raises(TransitionRefused) as refused:
        case_open(employer=employer, by=getattr(personas, persona), note="x", today=OPENED)
    assert refused.value.code == "role"
    assert not Case.objects.exists()


def test_an_employer_without_a_finding_gets_no_case(personas: Personas) -> None:
    employer = non_compliant()
    comply()
    with pytest.raises(TransitionRefused) as refused:
        case_open(employer=employer, by=personas.compliance_a, note="x", today=OPENED)
    assert refused.value.code == "compliance"


def test_an_employer_has_one_open_case_at_a_time(personas: Personas) -> None:
    case = _open(personas)
    with pytest.raises(TransitionRefused) as refused:
        case_open(employer=case.employer, by=personas.bpjs_officer_a, note="x", today=OPENED)
    assert refused.value.code == "exists"


def test_the_whole_chain_is_walked_by_the_right_roles_with_working_day_deadlines(personas: Personas) -> None:
    case = _open(personas)
    case = _step(case, "warn1", personas.bpjs_officer_a, OPENED)
    # A written warning lasts ten working days (PP 86/2013): Good Friday (3 April) is not one of them.
    assert (case.status, case.next_from, case.due_date) == (S.WARNING_1, date(2026, 4, 6), date(2026, 4, 13))
    case = _step(case, "warn2", personas.compliance_a, date(2026, 4, 6))
    assert case.status == S.WARNING_2
    case = _step(case, "inspect", personas.compliance_a, case.next_from)
    case = _step(case, "refer", personas.compliance_a, date(2026, 5, 29))
    # The re-check falls due three months after the referral.
    assert (case.status, case.next_from) == (S.REFERRED, date(2026, 8, 29))
    case = _step(case, "recheck", personas.compliance_a, date(2026, 8, 31))
    case = _step(case, "sanction", personas.licensing_a, date(2026, 9, 1))
    assert (case.status, case.sanctioned_on, case.sanction_reason) == (
        S.SANCTIONED,
        date(2026, 9, 1),
        "sanction done",
    )
    comply()
    case = _step(case, "lift", personas.licensing_a, date(2026, 10, 1))
    assert case.status == S.LIFTED and case.closed_at is not None
    assert [e.to_status for e in case.events.all()] == [
        S.DETECTED,
        S.WARNING_1,
        S.WARNING_2,
        S.INSPECTION_NOTE,
        S.REFERRED,
        S.RECHECK_DUE,
        S.SANCTIONED,
        S.LIFTED,
    ]


# Who may take each step (the case is in region 53.71, Kota Kupang, where every persona of A has a role;
# the BPJS inspector is a compliance officer of a BPJS office: every compliance officer's step but the
# labour inspector's inspection note).
ALLOWED = {
    "warn1": {"bpjs_officer_a", "compliance_a", "bpjs_inspector"},
    "warn2": {"bpjs_officer_a", "compliance_a", "bpjs_inspector"},
    "inspect": {"compliance_a"},
    "refer": {"compliance_a", "bpjs_inspector"},
    "recheck": {"compliance_a", "bpjs_officer_a", "bpjs_inspector"},
    "sanction": {"licensing_a"},
    "close": {"compliance_a", "bpjs_officer_a", "bpjs_inspector"},
    "lift": {"licensing_a"},
}
# The status each step is tried from; `close` and `lift` once the employer complies.
FROM = {
    "warn1": S.DETECTED,
    "warn2": S.WARNING_1,
    "inspect": S.WARNING_2,
    "refer": S.INSPECTION_NOTE,
    "recheck": S.REFERRED,
    "sanction": S.RECHECK_DUE,
    "close": S.DETECTED,
    "lift": S.SANCTIONED,
}


@pytest.mark.parametrize("action", list(ALLOWED))
def test_each_step_is_allowed_to_its_roles_and_refused_to_the_others(
    personas: Personas, bpjs_inspector: object, action: str
) -> None:
    # Every persona (those of province B included) and the BPJS inspector.
    users = {**personas.all(), "bpjs_inspector": bpjs_inspector}
    case, today = _walk_to(personas, FROM[action])
    if STEPS[action].needs_compliance:
        comply()
    today = max(today, case.next_from or today)
    for persona in users:
        if persona in ALLOWED[action]:
            continue
        with pytest.raises(TransitionRefused) as refused:
            _step(case, action, users[persona], today)
        assert refused.value.code == "role", persona
    events = CaseEvent.objects.count()
    allowed = sorted(ALLOWED[action])[0]
    moved = _step(case, action, users[allowed], today)
    assert moved.status == STEPS[action].target and CaseEvent.objects.count() == events + 1
    assert moved.events.last().by == users[allowed]  # type: ignore[union-attr]


def test_a_bpjs_inspector_is_told_that_only_a_labour_inspector_records_the_inspection_note(
    personas: Personas, bpjs_inspector: object
) -> None:
    case, today = _walk_to(personas, S.WARNING_2)
    today = max(today, case.next_from or today)
    with pytest.raises(TransitionRefused) as refused:
        _step(case, "inspect", bpjs_inspector, today)
    assert refused.value.code == "role"
    assert str(refused.value) == (
        "Only a labour inspector (a compliance officer of a labour inspectorate) for region 53.71 may "
        "“Record the labour inspector's inspection note”."
    )
    # A compliance officer assigned to the region directly (not through an inspectorate) is no inspector.
    from cakupan.accounts.services import role_assign
    from cakupan.regions.models import Region

    role_assign(user=personas.officer_a, role="COMPLIANCE_OFFICER", region=Region.objects.get(code="53"))
    with pytest.raises(TransitionRefused) as refused:
        _step(case, "inspect", personas.officer_a, today)
    assert refused.value.code == "role"
    case = _step(case, "inspect", personas.compliance_a, today)
    assert case.status == S.INSPECTION_NOTE


@pytest.mark.parametrize("action", ["warn2", "inspect", "refer", "recheck", "sanction", "lift"])
def test_steps_out_of_order_are_refused_with_a_clear_message(personas: Personas, action: str) -> None:
    case = _open(personas)
    user = personas.licensing_a if action in ("sanction", "lift") else personas.compliance_a
    with pytest.raises(TransitionRefused) as refused:
        _step(case, action, user, OPENED)
    assert refused.value.code == "order"
    assert "Detected" in str(refused.value) or "Terdeteksi" in str(refused.value)
    case.refresh_from_db()
    assert case.status == S.DETECTED and case.events.count() == 1


def test_the_second_warning_waits_until_the_first_has_run_its_course(personas: Personas) -> None:
    case = _step(_open(personas), "warn1", personas.compliance_a, OPENED)
    with pytest.raises(TransitionRefused) as refused:
        _step(case, "warn2", personas.compliance_a, date(2026, 4, 3))
    assert refused.value.code == "wait" and "2026-04-06" in str(refused.value)


def test_the_recheck_waits_for_the_configured_months(personas: Personas) -> None:
    case, today = _walk_to(personas, S.REFERRED)
    with pytest.raises(TransitionRefused) as refused:
        _step(case, "recheck", personas.compliance_a, today + timedelta(days=60))
    assert refused.value.code == "wait"


def test_the_recheck_months_are_dated_configuration(personas: Personas) -> None:
    dated_value_add(
        model=Setting, key="recheck_months", value=1, valid_from=date(2026, 1, 1), legal_basis="test"
    )
    case, today = _walk_to(personas, S.REFERRED)
    assert case.next_from is not None and (case.next_from - today).days in (28, 29, 30, 31)


def test_a_case_closes_as_compliant_only_once_the_employer_complies(personas: Personas) -> None:
    case = _open(personas)
    with pytest.raises(TransitionRefused) as refused:
        _step(case, "close", personas.bpjs_officer_a, OPENED)
    assert refused.value.code == "compliance" and "PDS-TK: only some workers registered" in str(refused.value)
    comply()
    case = _step(case, "close", personas.bpjs_officer_a, OPENED)
    assert case.status == S.CLOSED_COMPLIANT and case.closed_at is not None


def test_a_sanction_is_lifted_only_once_the_employer_complies(personas: Personas) -> None:
    case, today = _walk_to(personas, S.SANCTIONED)
    with pytest.raises(TransitionRefused) as refused:
        _step(case, "lift", personas.licensing_a, today)
    assert refused.value.code == "compliance"


def test_no_sanction_is_imposed_on_an_employer_that_complies_by_the_recheck(personas: Personas) -> None:
    case, today = _walk_to(personas, S.RECHECK_DUE)
    comply()  # the re-check finds every worker registered: no finding any more
    with pytest.raises(TransitionRefused) as refused:
        _step(case, "sanction", personas.licensing_a, today)
    assert refused.value.code == "compliance"
    assert str(refused.value) == (
        "The employer complies now (no finding in its latest position): close the case as compliant instead."
    )
    case.refresh_from_db()
    assert case.status == S.RECHECK_DUE and case.sanctioned_on is None
    assert _step(case, "close", personas.compliance_a, today).status == S.CLOSED_COMPLIANT


def test_a_deadline_in_a_year_without_holidays_refuses_the_step_and_names_the_year(
    personas: Personas,
) -> None:
    from cakupan.compliance.models import Holiday

    case = case_open(employer=non_compliant(), by=personas.compliance_a, note="x", today=date(2027, 12, 10))
    # The first warning's deadline runs into January 2028, a year with no holiday list.
    with pytest.raises(TransitionRefused) as refused:
        _step(case, "warn1", personas.compliance_a, date(2027, 12, 29))
    assert refused.value.code == "holidays"
    assert "the administrator must add the holidays of 2028" in str(refused.value)
    case.refresh_from_db()
    assert case.status == S.DETECTED and case.events.count() == 1
    Holiday.objects.create(date=date(2028, 1, 1), name="Tahun Baru Masehi", kind="libur_nasional")
    assert _step(case, "warn1", personas.compliance_a, date(2027, 12, 29)).status == S.WARNING_1


def test_every_step_needs_a_note(personas: Personas) -> None:
    case = _open(personas)
    with pytest.raises(TransitionRefused) as refused:
        case_transition(
            case=case,
            action="warn1",
            by=personas.compliance_a,
            note="  ",
            today=OPENED,
            letter_number="B/1/2026",
            letter_date=OPENED,
        )
    assert refused.value.code == "note"


def test_a_compliance_officer_of_another_region_may_not_move_the_case(personas: Personas) -> None:
    case = _open(personas)
    with pytest.raises(TransitionRefused) as refused:
        _step(case, "warn1", personas.compliance_b, OPENED)
    assert refused.value.code == "role" and "53.71" in str(refused.value)


def test_every_transition_is_in_the_audit_trail(personas: Personas) -> None:
    case, today = _walk_to(personas, S.SANCTIONED)
    comply()
    case = _step(case, "lift", personas.licensing_a, today)
    updates = AuditEvent.objects.filter(
        entity_type="compliance.case", entity_id=str(case.pk), action="update"
    ).order_by("id")
    statuses = [e.after["status"] for e in updates if e.after and "status" in e.after]
    assert statuses == [
        S.WARNING_1,
        S.WARNING_2,
        S.INSPECTION_NOTE,
        S.REFERRED,
        S.RECHECK_DUE,
        S.SANCTIONED,
        S.LIFTED,
    ]
    created = AuditEvent.objects.filter(entity_type="compliance.caseevent", action="create")
    assert created.count() == case.events.count() == 8
    assert {e.region_code for e in updates} == {"53.71"}


def test_evidence_is_stored_outside_the_web_root_with_its_step(personas: Personas, settings: object) -> None:
    case = _open(personas)
    upload = SimpleUploadedFile("teguran-1.pdf", PDF, content_type="application/pdf")
    case = _step(case, "warn1", personas.compliance_a, OPENED, files=[upload])
    item = Evidence.objects.get()
    assert (item.file_name, item.content_type, item.event.to_status) == (
        "teguran-1.pdf",
        "application/pdf",
        S.WARNING_1,
    )
    path = evidence_path(item.stored_name)
    assert path.read_bytes() == PDF
    assert "evidence" in str(path) and "static" not in str(path) and "teguran" not in path.name


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("nota.docx", b"PK\x03\x04", "PDF"),
        ("nota.pdf", b"<html>not a pdf</html>", "not a real"),
        ("nota.png", b"%PDF-1.4", "not a real"),
    ],
)
def test_evidence_of_the_wrong_type_is_refused_and_nothing_moves(
    personas: Personas, name: str, content: bytes, reason: str
) -> None:
    case = _open(personas)
    with pytest.raises(TransitionRefused) as refused:
        _step(case, "warn1", personas.compliance_a, OPENED, files=[SimpleUploadedFile(name, content)])
    assert refused.value.code == "evidence" and reason in str(refused.value)
    case.refresh_from_db()
    assert case.status == S.DETECTED and not Evidence.objects.exists()


def test_evidence_above_the_configured_size_is_refused(personas: Personas) -> None:
    dated_value_add(
        model=Setting, key="evidence_max_mb", value=1, valid_from=date(2026, 1, 1), legal_basis="test"
    )
    case = _open(personas)
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(TransitionRefused) as refused:
        _step(case, "warn1", personas.compliance_a, OPENED, files=[big])
    assert refused.value.code == "evidence" and "1 MB" in str(refused.value)


def test_with_no_waiting_configured_the_whole_chain_is_walked_in_one_day(personas: Personas) -> None:
    """How a demonstration (or a browser test) walks the chain without waiting months: settings valid
    from today that set the warning period and the re-check delay to zero."""
    for key in ("warning_days", "recheck_months"):
        dated_value_add(model=Setting, key=key, value=0, valid_from=OPENED, legal_basis="demonstration")
    case = _open(personas)
    for action, user in [
        ("warn1", personas.bpjs_officer_a),
        ("warn2", personas.bpjs_officer_a),
        ("inspect", personas.compliance_a),
        ("refer", personas.compliance_a),
        ("recheck", personas.compliance_a),
        ("sanction", personas.licensing_a),
    ]:
        case = _step(case, action, user, OPENED)
    comply()
    case = _step(case, "lift", personas.licensing_a, OPENED)
    assert case.status == S.LIFTED
