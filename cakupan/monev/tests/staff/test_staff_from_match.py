"""Non-ASN coverage by agency from a list match (issue 23): the matcher's result feeds the by-agency table."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from cakupan.monev.staff.models import StaffCoverage
from cakupan.participants.models import MatchList, MatchMember, ParticipantsIngest
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _list(personas: Personas, members: list[tuple[str, str, str]], region: str = "53.71") -> MatchList:
    """A matched list of `members` (region, agency, segment; blank segment: not active)."""
    ingest = ParticipantsIngest.objects.create(
        file_name="peserta.parquet", sha256="0" * 64, size_bytes=1, rows=1, engine="duckdb", actor="test"
    )
    match_list = MatchList.objects.create(
        name="Non-ASN Kota Kupang",
        region_id=region,
        period="2024-06",
        file_name="non_asn.csv",
        sha256="1" * 64,
        members_count=len(members),
        matched_count=sum(1 for _r, _a, segment in members if segment),
        ingest=ingest,
        uploaded_by=personas.officer_a,
        actor="petugas",
    )
    MatchMember.objects.bulk_create(
        MatchMember(match_list=match_list, nik_hash=f"{n:064x}", region_code=r, agency=a, segment=s)
        for n, (r, a, s) in enumerate(members)
    )
    return match_list


def _client(user: object) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def test_a_list_match_writes_listed_and_active_by_agency_into_the_non_asn_table(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAKUPAN_SUPPRESSION_K", "1")
    members = (
        [("53.71", "BKPSDM", "PU")] * 8 + [("53.71", "BKPSDM", "")] * 2 + [("53.71", "Dinkes", "BPU")] * 3
    )
    match_list = _list(personas, [*members, ("53.71", "", "PU")])
    client = _client(personas.officer_a)
    page = client.get("/monev/non-asn/53.71/").content.decode()
    assert f'action="/monev/non-asn-dari-daftar/{match_list.pk}/"' in page
    response = client.post(f"/monev/non-asn-dari-daftar/{match_list.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == "/monev/non-asn/53.71/"
    stored = {
        row.agency: (row.period, row.group, row.staff, row.covered) for row in StaffCoverage.objects.all()
    }
    assert stored == {"BKPSDM": ("2024-06", "NON_ASN", 10, 8), "Dinkes": ("2024-06", "NON_ASN", 3, 3)}
    assert "the list gives no agency" in response.content.decode()
    assert StaffCoverage.objects.get(agency="BKPSDM").source.startswith("List match: Non-ASN Kota Kupang")
    # The by-agency table shows it.
    assert "8/10" in response.content.decode()


def test_counts_the_match_hides_are_not_written(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAKUPAN_SUPPRESSION_K", "5")
    members = (
        [("53.71", "BKPSDM", "PU")] * 20 + [("53.71", "BKPSDM", "")] * 10 + [("53.71", "Dinkes", "PU")] * 2
    )
    match_list = _list(personas, members)
    response = _client(personas.officer_a).post(f"/monev/non-asn-dari-daftar/{match_list.pk}/", follow=True)
    # Dinkes' 2 are hidden; so is what would give them away (BKPSDM's against the list's totals).
    assert "Dinkes" not in set(StaffCoverage.objects.values_list("agency", flat=True))
    assert "Dinkes: a count is hidden by the small-count rule" in response.content.decode()


def test_the_officer_of_ntb_cannot_use_ntts_list_nor_write_its_table(personas: Personas) -> None:
    match_list = _list(personas, [("53.71", "BKPSDM", "PU")] * 12)
    officer_b = _client(personas.officer_b)
    assert officer_b.post(f"/monev/non-asn-dari-daftar/{match_list.pk}/").status_code == 404
    assert (
        f"non-asn-dari-daftar/{match_list.pk}" not in officer_b.get("/monev/non-asn/53.71/").content.decode()
    )
    assert not StaffCoverage.objects.exists()
    # Reading is not enough: a GET does nothing.
    assert _client(personas.officer_a).get(f"/monev/non-asn-dari-daftar/{match_list.pk}/").status_code == 405
