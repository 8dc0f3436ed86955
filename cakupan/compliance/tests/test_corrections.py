from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.utils import timezone

from cakupan.compliance.models import Finding
from cakupan.compliance.selectors import region_summary
from cakupan.compliance.services import employer_update
from cakupan.compliance.tests.helpers import non_compliant
from cakupan.compliance.transitions import case_open, case_transition
from cakupan.regions.models import Region
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_moving_an_employer_moves_its_finding_and_open_case(personas: Personas) -> None:
    employer = non_compliant()
    with time_machine.travel(datetime(2026, 3, 13, 2, 0, tzinfo=UTC), tick=False):
        case = case_open(employer=employer, by=personas.compliance_a, note="x")
    with time_machine.travel(datetime(2026, 3, 14, 2, 0, tzinfo=UTC), tick=False):
        employer_update(
            employer=employer,
            by=personas.compliance_a,
            name=employer.name,
            region=Region.objects.get(code="53.01"),
            npp="NPP0001",
            nib="",
        )
    case.refresh_from_db()
    assert case.region_id == "53.01" and Finding.objects.get().region_id == "53.01"
    # Through the transitions module, with its event: the case's history says where it went and who moved it.
    moved = case.events.last()
    assert moved is not None and case.events.count() == 2
    assert (moved.from_status, moved.to_status, moved.by, moved.by_role) == (
        "DETECTED",
        "DETECTED",
        personas.compliance_a,
        "COMPLIANCE_OFFICER",
    )
    assert moved.note == "Region corrected from 53.71 to 53.01 with the employer's data."
    assert (moved.due_date, moved.next_from) == (case.due_date, case.next_from)
    # Not a step: the case stays at its stage from its opening, the whole 4 days to the first warning.
    with time_machine.travel(datetime(2026, 3, 17, 2, 0, tzinfo=UTC), tick=False):
        case_transition(
            case=case,
            action="warn1",
            by=personas.compliance_a,
            note="x",
            letter_number="B/1/2026",
            letter_date=timezone.localdate(),
        )
    summary = region_summary(personas.compliance_a, region_code="53.01", today=date(2026, 3, 17))
    assert summary is not None and summary.median_days_by_stage == {"DETECTED": 4.0}


def test_a_correction_refused_for_a_shared_npp_moves_no_case(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    from cakupan.compliance.tests.helpers import employer as stored
    from cakupan.compliance.tests.helpers import load_employers, row

    target = non_compliant()
    load_employers([row("NPP0002", name="PT Dua")])
    case = case_open(employer=target, by=personas.compliance_a, note="x", today=date(2026, 3, 13))
    with pytest.raises(ValidationError) as refused:
        employer_update(
            employer=target,
            by=personas.compliance_a,
            name=target.name,
            region=Region.objects.get(code="53.01"),
            npp="NPP0002",
            nib="",
        )
    assert refused.value.message_dict == {"npp": ["NPP0002 is already the NPP or NIB of PT Dua (NPP0002)."]}
    case.refresh_from_db()
    assert case.region_id == "53.71" and case.events.count() == 1 and stored("NPP0001").npp == "NPP0001"


def test_a_correction_that_changes_nothing_writes_nothing(personas: Personas) -> None:
    employer = non_compliant()
    _employer, changed = employer_update(
        employer=employer,
        by=personas.compliance_a,
        name=employer.name,
        region=employer.region,
        npp="NPP0001",
        nib="",
    )
    assert not changed
