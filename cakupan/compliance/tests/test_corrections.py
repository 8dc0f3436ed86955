from __future__ import annotations

from datetime import date

import pytest

from cakupan.common.testing import Personas
from cakupan.compliance.models import Finding
from cakupan.compliance.services import employer_update
from cakupan.compliance.tests.helpers import non_compliant
from cakupan.compliance.transitions import case_open
from cakupan.regions.models import Region

pytestmark = pytest.mark.django_db


def test_moving_an_employer_moves_its_finding_and_open_case(personas: Personas) -> None:
    employer = non_compliant()
    case = case_open(employer=employer, by=personas.compliance_a, note="x", today=date(2026, 3, 13))
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
