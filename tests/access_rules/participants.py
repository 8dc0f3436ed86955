"""Access rules for the participants routes (pages, parts, downloads, API operations).

List matching needs `view_restricted` for the list's region; a list of region A does not exist for the
officer of region B (404). Its members (masked) are for whoever uploaded it and national administrators."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from cakupan.participants.models import (
    MatchList,
    MatchMember,
    ParticipantsIngest,
    PovertyCell,
    PovertyLinkage,
)
from tests.access_rules import (
    B_RESTRICTED,
    CAN_IMPORT_PARTICIPATION,
    SEES_A_DETAIL,
    Check,
    hidden_from_b,
    split,
)
from tests.personas import Personas

LIST_A = "Honorer Kota Kupang"
LIST_B = "Honorer NTB"
MEMBER_HASH = "c0ffee" + "0" * 58


def _list(name: str, region: str, user: Any, ingest: ParticipantsIngest) -> MatchList:
    match_list = MatchList.objects.create(
        name=name,
        region_id=region,
        period="2024-06",
        file_name="list.csv",
        sha256="0" * 64,
        members_count=1,
        matched_count=1,
        ingest=ingest,
        uploaded_by=user,
        actor="test",
    )
    MatchMember.objects.create(
        match_list=match_list, nik_hash=MEMBER_HASH, region_code=region, agency="Dinas", segment="PU"
    )
    return match_list


def _poverty_linkage() -> PovertyLinkage:
    """A poverty list matched in region A only: its published cells for Kota Kupang, NTT and the list."""
    linkage = PovertyLinkage.objects.create(
        name="DTSEN Kupang",
        period="2024-06",
        file_name="d.csv",
        listed=40,
        with_work=False,
        k=10,
        actor="test",
    )
    for area in ("53.71", "53", "00"):
        for group in ("1-4", "*"):
            PovertyCell.objects.create(
                linkage=linkage,
                area=area,
                group=group,
                listed=40,
                active=30,
                workers=0,
                active_workers=0,
                shown={"listed": 40, "active": 30, "not_active": 10},
            )
    return linkage


def rules(personas: Personas) -> dict[str, list[Check]]:
    ingest = ParticipantsIngest.objects.create(
        file_name="p.parquet",
        sha256="1" * 64,
        size_bytes=1,
        rows=1,
        engine="duckdb",
        actor="test",
        stored_file="",
    )
    list_a = _list(LIST_A, "53.71", personas.bpjs_officer_a, ingest)
    _list(LIST_B, "52", personas.officer_b, ingest)
    may_match = SEES_A_DETAIL | B_RESTRICTED
    not_theirs = dict.fromkeys(B_RESTRICTED, 404)
    members = {"national_admin", "bpjs_officer_a"}
    _poverty_linkage()

    def header_only() -> dict[str, Any]:
        header = b"nik_hash,region_code,period,segment,status\n"
        return {"file": SimpleUploadedFile("p.csv", header), "covers": "53.71"}

    return {
        # A participant file: those who may import participants; covering Kota Kupang is region A's.
        "participants:import": [
            Check("GET", "/peserta/impor/", split(CAN_IMPORT_PARTICIPATION, 200, 403, 302)),
            Check(
                "POST",
                "/peserta/impor/",
                split(CAN_IMPORT_PARTICIPATION, 200, 403, 302),
                data=header_only,
                # Region B's officer is told at the field that the file cannot cover Kota Kupang (nothing
                # is read); region A's officer gets the file's problems.
                forbidden_text={"bpjs_b": 'id="problems"'},
                required_text={"bpjs_b": 'role="alert"', "bpjs_officer_a": 'id="problems"'},
            ),
        ],
        "api:participants_import": [
            Check(
                "POST",
                "/api/v1/participants/imports",
                split(CAN_IMPORT_PARTICIPATION, 422, 403, 401),
                data=header_only,
                required_text={"bpjs_b": "cannot cover it"},
            )
        ],
        "participants:match-upload": [
            Check(
                "GET",
                "/peserta/cocokkan/",
                split(may_match, 200, 403, 302),
                forbidden_text={**hidden_from_b(LIST_A), "officer_a": LIST_B},
                required_text={"officer_a": LIST_A, "officer_b": LIST_B},
            ),
            Check("POST", "/peserta/cocokkan/", split(may_match, 200, 403, 302), data=lambda: {"name": ""}),
        ],
        "participants:match-detail": [
            Check(
                "GET",
                f"/peserta/cocokkan/{list_a.pk}/",
                split(SEES_A_DETAIL, 200, 403, 302, others=not_theirs),
            )
        ],
        "participants:match-members": [
            Check(
                "GET",
                f"/peserta/cocokkan/{list_a.pk}/anggota/",
                split(members, 200, 403, 302, others=not_theirs),
                required_text=dict.fromkeys(members, "c0ffee00…"),
                forbidden_text=dict.fromkeys(members, MEMBER_HASH),
            )
        ],
        "api:participants_match_index": [
            Check(
                "GET",
                "/api/v1/participants/matches",
                split(may_match, 200, 403, 401),
                forbidden_text=hidden_from_b(LIST_A),
                required_text={"officer_a": LIST_A},
            )
        ],
        "api:participants_match_detail": [
            Check(
                "GET",
                f"/api/v1/participants/matches/{list_a.pk}",
                split(SEES_A_DETAIL, 200, 403, 401, others=not_theirs),
            )
        ],
        # Who is left out: the person-level analyses of a region, for whoever reads its restricted figures;
        # region B's officer is refused Kota Kupang at the picker (the page) or as unknown (the API).
        "participants:left-out": [
            Check(
                "GET",
                "/peserta/tertinggal/?region=53.71",
                split(may_match, 200, 403, 302),
                required_text=dict.fromkeys(SEES_A_DETAIL, "data-no-participant-data"),
                forbidden_text=dict.fromkeys(B_RESTRICTED, "data-no-participant-data"),
            )
        ],
        "api:participants_inactivity": [
            Check(
                "GET",
                "/api/v1/participants/left-out/inactivity?region=53.71",
                split(SEES_A_DETAIL, 200, 403, 401, others=not_theirs),
            )
        ],
        "participants:village-funding": [
            Check(
                "GET",
                "/peserta/tertinggal/desa-100/?region=53.71",
                split(may_match, 200, 403, 302),
                required_text=dict.fromkeys(SEES_A_DETAIL, "data-no-participant-data"),
                forbidden_text=dict.fromkeys(B_RESTRICTED, "data-no-participant-data"),
            )
        ],
        "api:participants_village_funding": [
            Check(
                "GET",
                "/api/v1/participants/left-out/villages?region=53.71",
                split(SEES_A_DETAIL, 200, 403, 401, others=not_theirs),
            )
        ],
        "api:participants_cohorts": [
            Check(
                "GET",
                "/api/v1/participants/left-out/cohorts?region=53.71",
                split(SEES_A_DETAIL, 200, 403, 401, others=not_theirs),
            )
        ],
        # The poverty linkage and the sectors: published aggregates of a region, for whoever reads its
        # restricted figures; a list is matched through the web by a national importer only.
        "participants:poverty": [
            Check(
                "GET",
                "/peserta/kemiskinan/?region=53.71",
                split(may_match, 200, 403, 302),
                required_text=dict.fromkeys(SEES_A_DETAIL, 'id="poverty-groups"'),
                forbidden_text=dict.fromkeys(B_RESTRICTED, "DTSEN Kupang"),
            )
        ],
        "participants:poverty-upload": [
            Check("GET", "/peserta/kemiskinan/cocokkan/", split({"national_admin"}, 200, 403, 302)),
            Check(
                "POST",
                "/peserta/kemiskinan/cocokkan/",
                split({"national_admin"}, 200, 403, 302),
                data=lambda: {"name": ""},
            ),
        ],
        "api:participants_poverty": [
            Check(
                "GET",
                "/api/v1/participants/poverty?region=53.71",
                split(SEES_A_DETAIL, 200, 403, 401, others=not_theirs),
                forbidden_text=hidden_from_b("DTSEN Kupang"),
            )
        ],
        "participants:sectors": [
            Check(
                "GET",
                "/peserta/sektor/?region=53.71",
                split(may_match, 200, 403, 302),
                required_text=dict.fromkeys(SEES_A_DETAIL, "data-no-participant-data"),
                forbidden_text=dict.fromkeys(B_RESTRICTED, "data-no-participant-data"),
            )
        ],
        "api:participants_sectors": [
            Check(
                "GET",
                "/api/v1/participants/sectors?region=53.71",
                split(SEES_A_DETAIL, 200, 403, 401, others=not_theirs),
            )
        ],
        "api:participants_match_members": [
            Check(
                "GET",
                f"/api/v1/participants/matches/{list_a.pk}/members",
                split(members, 200, 403, 401, others=not_theirs),
                forbidden_text=dict.fromkeys(members, MEMBER_HASH),
            )
        ],
    }
