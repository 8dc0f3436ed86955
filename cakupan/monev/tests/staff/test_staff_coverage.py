from __future__ import annotations

from fractions import Fraction

import pytest
from django.conf import settings
from django.test import Client

from cakupan.audit.models import AuditEvent
from cakupan.monev.staff.models import StaffCoverage
from cakupan.monev.staff.selectors import staff_coverage_latest, staff_coverage_tables
from cakupan.monev.staff.services import staff_coverage_record
from cakupan.monev.tests.helpers import region
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _client(user: object = None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def _record(user: object, period: str, agency: str, staff: int, covered: int, group: str = "NON_ASN") -> None:
    staff_coverage_record(
        region=region("53"),
        period=period,
        group=group,
        agency=agency,
        staff=staff,
        covered=covered,
        source="",
        by=user,
    )


def test_staff_and_covered_counts_per_agency_over_time_with_totals(personas: Personas) -> None:
    _record(personas.officer_a, "2024-01", "Dinas Kesehatan", 400, 100)
    _record(personas.officer_a, "2024-06", "Dinas Kesehatan", 400, 300)
    _record(personas.officer_a, "2024-06", "Dinas Pendidikan", 600, 150)
    [table] = staff_coverage_tables(None, region=region("53"))
    assert table.periods == ["2024-01", "2024-06"]
    assert [(a, [c.covered if c else None for c in cells]) for a, cells in table.rows] == [
        ("Dinas Kesehatan", [100, 300]),
        ("Dinas Pendidikan", [None, 150]),
    ]
    assert table.totals[1] is not None and table.totals[1].rate == Fraction(45)
    latest = staff_coverage_latest(region_code="53", group="NON_ASN", year=2024)
    assert latest is not None and (latest.staff, latest.covered) == (1000, 450)


def test_a_correction_replaces_the_figure_and_the_audit_trail_keeps_the_old_value(personas: Personas) -> None:
    _record(personas.officer_a, "2024-06", "Dinas Kesehatan", 400, 100)
    _record(personas.officer_a, "2024-06", "Dinas Kesehatan", 400, 120)
    assert StaffCoverage.objects.get().covered == 120
    update = AuditEvent.objects.get(entity_type="monev.staffcoverage", action="update")
    assert update.before == {"covered": 100} and update.after == {"covered": 120}


def test_the_entry_form_refuses_more_covered_than_staff_and_stores_a_valid_figure(personas: Personas) -> None:
    client = _client(personas.officer_a)
    data = {"period": "2024-06", "group": "VILLAGE", "agency": "Desa Oebelo", "staff": 12, "covered": 13}
    refused = client.post("/monev/non-asn/53/isi/", data)
    assert refused.status_code == 200 and "Covered staff cannot exceed the staff." in refused.content.decode()
    assert client.post("/monev/non-asn/53/isi/", data | {"covered": 8}).status_code == 302
    page = _client().get("/monev/non-asn/53/").content.decode()
    assert "Desa Oebelo" in page and 'data-group="VILLAGE"' in page


def test_the_officer_of_ntb_cannot_enter_figures_for_ntt(personas: Personas) -> None:
    data = {"period": "2024-06", "group": "NON_ASN", "agency": "X", "staff": 1, "covered": 1}
    assert _client(personas.officer_b).post("/monev/non-asn/53/isi/", data).status_code == 403
    with pytest.raises(Exception, match="may not write"):
        _record(personas.officer_b, "2024-06", "X", 1, 1)
    assert not StaffCoverage.objects.exists()
