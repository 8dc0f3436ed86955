"""Commitments (issue 18 §1–2): one register for targets and commitments, progress and status measured
from imported figures, owners that are offices, and the region scope (B never sees A's commitments)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from cakupan.accounts.models import Office
from cakupan.accounts.services import role_assign, user_create
from cakupan.imports.models import FigureChange
from cakupan.indicators.models import Target
from cakupan.monev import report_sections, scorecard
from cakupan.monev.meetings.models import Meeting
from cakupan.monev.meetings.selectors import follow_ups_for_user, meeting_list, meeting_minutes
from cakupan.monev.meetings.services import follow_up_create, meeting_create, meeting_item_add
from cakupan.monev.regulations.services import regulation_create
from cakupan.monev.targets import commitments
from cakupan.monev.targets.selectors import commitment_list, commitments_for_user
from cakupan.monev.targets.services import commitment_create, target_enter
from cakupan.monev.tests.helpers import meeting, region
from tests.personas import (
    PARTICIPATION_HEADER,
    PERSONA_PASSWORD,
    TARGETS_HEADER,
    WORKFORCE_HEADER,
    Personas,
    csv_bytes,
    load,
    participation_rows,
)

pytestmark = pytest.mark.django_db

KUPANG = "53.71"
TODAY = dt.date(2024, 7, 10)
END = dt.date(2024, 12, 31)


def _figures(period: str, active: int) -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [(KUPANG, period, "total", "100000", "BPS")]))
    load("participation", csv_bytes(PARTICIPATION_HEADER, participation_rows(KUPANG, period, {"PU": active})))


@pytest.fixture
def kupang_meeting(personas: Personas) -> Meeting:
    # Coverage 40 % in January, 45 % in June: a pace of one point a month.
    _figures("2024-01", 40_000)
    _figures("2024-06", 45_000)
    return meeting(KUPANG, personas.officer_a, held_on=dt.date(2024, 7, 1))


def _branch() -> Office:
    return Office.objects.get(name="BPJS Ketenagakerjaan Kantor Cabang Kupang")


def _commit(
    at: Meeting, by: object, value: str, *, indicator: str = "coverage_rate", **extra: object
) -> Target:
    return commitment_create(
        meeting=at,
        region=region(str(extra.get("code", KUPANG))),
        indicator=indicator,
        value=Decimal(value),
        deadline=extra.get("deadline", END),
        owner=extra.get("owner"),
        source="Notulen Monev Kota Kupang",
        by=by,
    )


def test_an_imported_target_is_in_the_one_register_without_an_owner_due_at_the_end_of_its_year(
    personas: Personas,
) -> None:
    load("targets", csv_bytes(TARGETS_HEADER, [(KUPANG, "2024", "coverage_rate", "55", "RPJMD")]))
    found = Target.objects.get()
    assert (found.region_id, found.indicator, found.value, found.source) == (
        KUPANG,
        "coverage_rate",
        Decimal("55"),
        "RPJMD",
    )
    assert found.owner is None and found.batch is not None and found.deadline == END
    assert list(commitment_list(personas.officer_a, region_code=KUPANG)) == [found]


def test_a_target_entered_on_the_page_is_revised_in_its_own_row_keeping_the_old_value(
    personas: Personas,
) -> None:
    for value in ("50", "52.5"):
        target_enter(
            region=region("53"),
            year=2025,
            indicator="coverage_rate",
            value=Decimal(value),
            source="Surat Kemendagri",
            regulation=None,
            by=personas.officer_a,
        )
    found = Target.objects.get()
    assert (found.region_id, found.value, found.deadline) == ("53", Decimal("52.5"), dt.date(2025, 12, 31))
    assert found.created_by == personas.officer_a
    change = FigureChange.objects.get(dataset="targets")
    assert (change.old_value, change.new_value) == (Decimal("50"), Decimal("52.5"))


def test_each_status_from_imported_figures(kupang_meeting: Meeting, personas: Personas) -> None:
    by = personas.officer_a
    met = _commit(kupang_meeting, by, "45")
    on_track = _commit(kupang_meeting, by, "50")  # 45 + 1 × 6 months = 51 by December
    at_risk = _commit(kupang_meeting, by, "60")
    late = _commit(kupang_meeting, by, "50", deadline=dt.date(2024, 7, 5))
    no_data = _commit(kupang_meeting, by, "80", indicator="non_asn_coverage")
    status = {m.commitment.pk: m for m in commitments.measure_all(list(Target.objects.all()), today=TODAY)}
    assert status[met.pk].status == commitments.MET
    assert status[on_track.pk].status == commitments.ON_TRACK
    assert status[on_track.pk].projected == 51 and status[on_track.pk].pace == 1
    assert status[at_risk.pk].status == commitments.AT_RISK
    assert status[late.pk].status == commitments.LATE
    assert status[no_data.pk].status == commitments.NO_DATA
    # A new import moves the figure: 60 % in September meets the commitment that was at risk.
    _figures("2024-09", 60_000)
    again = commitments.measure(Target.objects.get(pk=at_risk.pk), today=TODAY)
    assert (again.status, again.current, again.as_of) == (commitments.MET, 60, "2024-09")


def test_a_regulation_commitment_is_met_once_enacted(kupang_meeting: Meeting, personas: Personas) -> None:
    wanted = _commit(kupang_meeting, personas.officer_a, "1", indicator="regulation_enacted")
    assert commitments.measure(wanted, today=TODAY).status == commitments.ON_TRACK
    regulation_create(
        region=region(KUPANG),
        kind="PERWALI",
        number="7 Tahun 2024",
        issued_on=dt.date(2024, 9, 1),
        title="Perlindungan pekerja rentan",
        topics=["VULNERABLE"],
        acts_on=[],
        document=None,
        by=personas.officer_a,
    )
    assert commitments.measure(wanted, today=TODAY).status == commitments.MET
    assert commitments.measure(wanted, today=dt.date(2025, 1, 2)).status == commitments.MET


def test_the_owning_offices_users_see_it_as_theirs_and_region_b_sees_nothing(
    kupang_meeting: Meeting, personas: Personas
) -> None:
    owned = _commit(kupang_meeting, personas.officer_a, "50", owner=_branch())
    _commit(kupang_meeting, personas.officer_a, "55")
    follow_up = follow_up_create(
        meeting=kupang_meeting,
        action="Sosialisasi ke pasar",
        responsible="Kantor Cabang Kupang",
        due_on=dt.date(2024, 8, 1),
        recommendation=None,
        by=personas.officer_a,
        owner=_branch(),
    )
    assert list(commitments_for_user(personas.bpjs_officer_a)) == [owned]
    assert list(follow_ups_for_user(personas.bpjs_officer_a)) == [follow_up]
    for outsider in (personas.officer_b, personas.bpjs_b, personas.compliance_a):
        assert not commitments_for_user(outsider).exists()
        assert not follow_ups_for_user(outsider).exists()
    assert commitment_list(personas.officer_a, region_code="53").count() == 2
    assert commitment_list(personas.national_analyst).count() == 2
    assert not commitment_list(personas.officer_b).exists()
    with pytest.raises(PermissionDenied):
        _commit(kupang_meeting, personas.officer_b, "50")


def test_every_holder_of_a_role_in_the_owning_office_sees_its_commitments_and_follow_ups_as_theirs(
    kupang_meeting: Meeting, personas: Personas
) -> None:
    from cakupan.accounts.services import role_revoke
    from cakupan.tasks.selectors import tasks_for_user

    colleague = user_create(username="bpjs_kupang_2", password=PERSONA_PASSWORD)
    assignment = role_assign(user=colleague, role="BPJS_OFFICER", office=_branch())
    at_risk = _commit(kupang_meeting, personas.officer_a, "60", owner=_branch())
    overdue = follow_up_create(
        meeting=kupang_meeting,
        action="Sosialisasi ke pasar",
        responsible="Kantor Cabang Kupang",
        due_on=dt.date(2024, 7, 8),
        recommendation=None,
        by=personas.officer_a,
        owner=_branch(),
    )
    for holder in (personas.bpjs_officer_a, colleague):
        assert list(commitments_for_user(holder)) == [at_risk]
        assert list(follow_ups_for_user(holder)) == [overdue]
        tasks = {(t.kind, t.overdue) for t in tasks_for_user(holder, today=TODAY)}
        assert tasks == {("commitment", False), ("follow_up", True)}
    role_revoke(assignment=assignment)  # no role in the office: none of it is theirs any more
    assert not commitments_for_user(colleague).exists()
    assert tasks_for_user(colleague, today=TODAY) == []
    assert tasks_for_user(personas.officer_b, today=TODAY) == []


def test_a_commitment_for_a_region_outside_the_meeting_is_refused(
    kupang_meeting: Meeting, personas: Personas
) -> None:
    with pytest.raises(ValidationError):
        _commit(kupang_meeting, personas.national_admin, "50", code="53.01")
    with pytest.raises(ValidationError):
        _commit(kupang_meeting, personas.officer_a, "120")


def _client(user: object = None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def test_the_meeting_page_adds_and_shows_commitments_with_their_status(
    kupang_meeting: Meeting, personas: Personas
) -> None:
    client = _client(personas.officer_a)
    url = reverse("monev:commitment-add", args=[kupang_meeting.pk])
    form = {"region": KUPANG, "indicator": "coverage_rate", "deadline": "2099-12-31", "source": "Komitmen-X"}
    assert client.post(url, form | {"value": "50", "owner": _branch().pk}).status_code == 302
    refused = client.post(url, form | {"value": "120"})
    assert refused.status_code == 422 and "at most 100" in refused.content.decode()
    page = client.get(reverse("monev:meeting-detail", args=[kupang_meeting.pk])).content.decode()
    assert 'data-status="on_track"' in page and "Komitmen-X" in page and _branch().name in page
    assert (
        _client(personas.officer_b).get(reverse("monev:meeting-detail", args=[kupang_meeting.pk])).status_code
        == 404
    )


def test_the_region_page_report_and_api_show_commitments_only_to_their_readers(
    kupang_meeting: Meeting, personas: Personas
) -> None:
    _commit(kupang_meeting, personas.officer_a, "50", owner=_branch(), deadline=dt.date(2099, 12, 31))
    region_url = reverse("dashboards:region", args=[KUPANG])
    page = _client(personas.officer_a).get(region_url).content.decode()
    # The deadline as people write it, the machine's date only in the markup.
    assert 'id="commitments"' in page and '<time datetime="2099-12-31">31 Dec 2099</time>' in page
    for outsider in (None, personas.officer_b):
        assert 'id="commitments"' not in _client(outsider).get(region_url).content.decode()
    api = _client(personas.bpjs_officer_a).get("/api/v1/monev/commitments?mine=true").json()
    assert [(c["region_code"], c["status"], c["current"]) for c in api] == [(KUPANG, "on_track", 45.0)]
    assert _client(personas.officer_b).get(f"/api/v1/monev/commitments?region={KUPANG}").json() == []
    section = report_sections.targets_and_commitments(personas.officer_a, KUPANG, "2024-06")
    assert section is not None and section.tables[0].rows[0][1] == "on track"
    assert report_sections.targets_and_commitments(personas.officer_b, KUPANG, "2024-06") is None


def test_the_scorecard_counts_commitments_by_status_beside_the_index(
    kupang_meeting: Meeting, personas: Personas
) -> None:
    _commit(kupang_meeting, personas.officer_a, "50", deadline=dt.date(2099, 12, 31))
    _commit(kupang_meeting, personas.officer_a, "45", deadline=dt.date(2099, 12, 31))
    card = scorecard.scorecard(personas.officer_a, region=region("53"), year=2099)
    row = next(r for r in card.rows if r.region.code == KUPANG)
    assert row.commitments == {commitments.ON_TRACK: 1, commitments.MET: 1}
    card_b = scorecard.scorecard(personas.officer_b, region=region("53"), year=2099)
    assert all(not r.commitments for r in card_b.rows)


@pytest.fixture
def joint_meeting(personas: Personas) -> Meeting:
    """Hosted by province A, with Kota Mataram (region B) invited."""
    joint = meeting_create(
        region=region("53"),
        held_on=dt.date(2024, 7, 1),
        place="Kupang",
        institutions="Kemenko PMK",
        agenda="",
        other_regions=[region("52.71")],
        by=personas.national_admin,
    )
    meeting_item_add(meeting=joint, kind="FINDING", text="Temuan-NTT", by=personas.national_admin)
    follow_up_create(
        meeting=joint,
        action="Aksi-NTT",
        responsible="Disnaker",
        due_on=dt.date(2024, 9, 1),
        recommendation=None,
        by=personas.national_admin,
    )
    for code, source in (("53", "Komitmen-NTT"), ("52.71", "Komitmen-Mataram")):
        commitment_create(
            meeting=joint,
            region=region(code),
            indicator="regulation_enacted",
            value=Decimal("1"),
            deadline=dt.date(2024, 12, 31),
            owner=None,
            source=source,
            by=personas.national_admin,
        )
    return joint


def test_an_invited_regions_officer_reads_the_meeting_and_only_their_regions_parts(
    joint_meeting: Meeting, personas: Personas
) -> None:
    url = reverse("monev:meeting-detail", args=[joint_meeting.pk])
    page = _client(personas.officer_b).get(url).content.decode()
    assert "Komitmen-Mataram" in page
    for hidden in ("Komitmen-NTT", "Temuan-NTT", "Aksi-NTT"):
        assert hidden not in page
    host_page = _client(personas.officer_a).get(url).content.decode()
    assert all(text in host_page for text in ("Komitmen-NTT", "Temuan-NTT", "Aksi-NTT"))
    assert "Komitmen-Mataram" not in host_page  # Kota Mataram is outside officer A's regions
    assert list(meeting_list(personas.officer_b)) == [joint_meeting]
    assert list(meeting_list(personas.national_analyst)) == [joint_meeting]
    minutes = meeting_minutes(personas.officer_b, pk=joint_meeting.pk)
    assert minutes.findings == [] and minutes.follow_ups == []


def test_an_officer_of_a_region_neither_host_nor_invited_gets_404(
    joint_meeting: Meeting, personas: Personas
) -> None:
    bali = user_create(username="petugas_bali", password=PERSONA_PASSWORD)
    role_assign(user=bali, role="REGIONAL_OFFICER", region=region("51"))
    assert _client(bali).get(reverse("monev:meeting-detail", args=[joint_meeting.pk])).status_code == 404
    assert _client(bali).get(reverse("monev:minutes", args=[joint_meeting.pk])).status_code == 404
    assert not meeting_list(bali).exists()


def test_bad_commitment_input_is_refused_with_a_message_never_a_server_error(
    kupang_meeting: Meeting, personas: Personas
) -> None:
    client = _client(personas.officer_a)
    url = reverse("monev:commitment-add", args=[kupang_meeting.pk])
    good = {"region": KUPANG, "indicator": "coverage_rate", "value": "50", "deadline": "2099-12-31"}
    for field, bad in (
        ("owner", "99999999999999999999999"),
        ("value", "1e400"),
        ("deadline", "2024-02-30"),
        ("deadline", "2024-06-30"),  # before the meeting
        ("region", "52.71"),  # neither host nor invited
        ("indicator", "ranking"),
    ):
        response = client.post(url, good | {field: bad})
        assert response.status_code == 422, (field, bad)
        assert 'class="error"' in response.content.decode()
    assert not Target.objects.exists()
    assert client.get("/api/v1/monev/commitments?region=zz%27&mine=maybe").status_code == 422


def test_a_targets_file_import_writes_the_register_in_its_own_transaction(personas: Personas) -> None:
    load("targets", csv_bytes(TARGETS_HEADER, [(KUPANG, "2025", "active_participants", "60000", "RPJMD")]))
    found = Target.objects.get()
    assert (found.indicator, found.value, found.owner, found.batch is not None) == (
        "active_participants",
        Decimal("60000"),
        None,
        True,
    )


def test_a_file_never_replaces_a_commitment_of_a_meeting_for_the_same_region_year_and_indicator(
    kupang_meeting: Meeting, personas: Personas
) -> None:
    agreed = _commit(kupang_meeting, personas.officer_a, "50", owner=_branch())
    load("targets", csv_bytes(TARGETS_HEADER, [(KUPANG, "2024", "coverage_rate", "55", "RPJMD")]))
    load("targets", csv_bytes(TARGETS_HEADER, [(KUPANG, "2024", "coverage_rate", "57", "RPJMD")]))
    agreed.refresh_from_db()
    assert (agreed.value, agreed.owner, agreed.batch) == (Decimal("50"), _branch(), None)
    yearly = Target.objects.yearly().get()
    assert (yearly.region_id, yearly.year, yearly.value) == (KUPANG, 2024, Decimal("57"))
    assert Target.objects.count() == 2
    # The library reads the yearly target as the region's target, never the meeting's commitment.
    from cakupan.indicators import library

    found = library.region_indicators(KUPANG, "2024-06")
    assert found is not None and found.target_rate == 57
