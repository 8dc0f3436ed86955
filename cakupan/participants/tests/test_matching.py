from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from cakupan.participants.models import MatchList, MatchMember
from cakupan.participants.services import MatchRefused, match_list_create, participants_rollup_import
from cakupan.participants.tests.helpers import KEY, keyed, participants_file, person
from tests.personas import Personas

pytestmark = pytest.mark.django_db

# 12 people of Dinas Pendidikan (3 of them active participants) and 10 of Dinas Kesehatan (none).
LIST_ROWS = [(keyed(person(n)), "53.71", "Dinas Pendidikan", "non-ASN") for n in range(1, 4)]
LIST_ROWS += [(keyed(person(n)), "53.71", "Dinas Pendidikan", "non-ASN") for n in range(10, 19)]
LIST_ROWS += [(keyed(person(n)), "53.71.01", "Dinas Kesehatan", "non-ASN") for n in range(20, 30)]


def list_csv(
    rows: Sequence[Sequence[str]] = LIST_ROWS, header: str = "nik_hash,region_code,agency,category"
) -> bytes:
    return ("\n".join([header, *(",".join(r) for r in rows)]) + "\n").encode()


@pytest.fixture(autouse=True)
def _participants(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"
    done = participants_rollup_import(path=participants_file(tmp_path), user=None)
    assert done.ok


def upload(client: Client, **fields: Any) -> Any:
    data = {
        "name": "Honorer",
        "region": "53.71",
        "period": "",
        "file": SimpleUploadedFile("l.csv", list_csv()),
    }
    return client.post("/peserta/cocokkan/", {**data, **fields})


def test_a_list_is_matched_and_its_members_stored_as_keyed_hashes(personas: Personas) -> None:
    outcome = match_list_create(
        name="Honorer",
        region_code="53.71",
        file_name="l.csv",
        content=list_csv(),
        user=personas.bpjs_officer_a,
    )
    match_list = outcome.match_list
    assert match_list is not None and match_list.period == "2024-06"
    assert (match_list.members_count, match_list.matched_count) == (22, 3)
    segments = dict(MatchMember.objects.exclude(segment="").values_list("nik_hash", "segment"))
    assert segments == {keyed(person(1)): "PU", keyed(person(2)): "PU", keyed(person(3)): "BPU"}


def test_matching_needs_participant_data_first(personas: Personas) -> None:
    from cakupan.participants.models import ParticipantsIngest

    ParticipantsIngest.objects.update(stored_file="")
    with pytest.raises(MatchRefused):
        match_list_create(name="x", region_code="53", file_name="l.csv", content=list_csv(), user=None)


def test_the_results_page_hides_small_counts(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.officer_a)
    response = upload(client)
    match_list = MatchList.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/peserta/cocokkan/{match_list.pk}/"
    with translation.override("en"):
        page = client.get(response["Location"]).content.decode()
    # Dinas Pendidikan: 12 listed, 3 active (hidden: fewer than 10), 9 not (hidden with it).
    assert '<td class="num">12</td><td class="num">–</td><td class="num">–</td>' in page
    assert "Members of the list" in page  # officer_a uploaded it


def test_a_raw_nik_list_needs_the_servers_key(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client()
    client.force_login(personas.officer_a)
    raw = list_csv(
        [(person(1), "53.71", "Dinas", "x"), (person(4), "53.71", "Dinas", "x")],
        "nik,region_code,agency,category",
    )
    monkeypatch.delenv("CAKUPAN_NIK_KEY", raising=False)
    monkeypatch.delenv("CAKUPAN_NIK_KEY_FILE", raising=False)
    with translation.override("en"):
        # Without a key the option is not offered, and the page says why (issue 19: it was offered, then
        # refused).
        page = client.get("/peserta/cocokkan/").content.decode()
        assert 'name="pseudonymise"' not in page
        assert 'data-nik-key="missing"' in page and "This server has no pseudonymisation key" in page
        refused = upload(client, file=SimpleUploadedFile("l.csv", raw), pseudonymise="on")
        assert "raw NIK column is refused" in refused.content.decode()
        assert not MatchList.objects.exists()
    monkeypatch.setenv("CAKUPAN_NIK_KEY", KEY.decode())
    offered = client.get("/peserta/cocokkan/").content.decode()
    assert 'name="pseudonymise"' in offered and "data-nik-key" not in offered
    done = upload(client, file=SimpleUploadedFile("l.csv", raw), pseudonymise="on")
    assert done.status_code == 302
    match_list = MatchList.objects.get()
    assert match_list.pseudonymised and match_list.matched_count == 1
    assert set(MatchMember.objects.values_list("nik_hash", flat=True)) == {keyed(person(1)), keyed(person(4))}


def test_an_officer_cannot_match_a_list_for_another_region(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.officer_b)
    with translation.override("en"):
        response = upload(client)
    assert (
        response.status_code == 200
        and "Kota Kupang — Nusa Tenggara Timur cannot be chosen here." in response.content.decode()
    )
    assert not MatchList.objects.exists()


def test_members_outside_the_lists_region_are_refused_row_by_row(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.national_admin)
    with translation.override("en"):
        response = upload(client, region="53.71.01")
    body = response.content.decode()
    assert response.status_code == 200 and "region 53.71 is outside 53.71.01" in body
    assert not MatchList.objects.exists()


def test_the_member_list_is_masked_and_only_for_the_uploader_and_administrators(personas: Personas) -> None:
    outcome = match_list_create(
        name="Honorer",
        region_code="53.71",
        file_name="l.csv",
        content=list_csv(),
        user=personas.bpjs_officer_a,
    )
    assert outcome.match_list is not None
    pk = outcome.match_list.pk
    client = Client()
    client.force_login(personas.bpjs_officer_a)
    page = client.get(f"/peserta/cocokkan/{pk}/anggota/?status=matched").content.decode()
    assert keyed(person(1))[:8] + "…" in page and keyed(person(1)) not in page
    assert keyed(person(20))[:8] not in page  # not matched: filtered out
    api = client.get(f"/api/v1/participants/matches/{pk}/members?status=unmatched").json()
    assert api["count"] == 19 and all(len(m["nik_hash_prefix"]) == 9 for m in api["items"])
    matched = client.get(f"/api/v1/participants/matches/{pk}/members?status=matched").json()["items"]
    assert {(m["segment"], m["segment_label"]) for m in matched} == {
        ("PU", "Wage earners (PU)"),
        ("BPU", "Non-wage earners (BPU)"),
    }
    client.force_login(personas.officer_a)
    assert client.get(f"/peserta/cocokkan/{pk}/anggota/").status_code == 403
    assert client.get(f"/api/v1/participants/matches/{pk}/members").status_code == 403


def test_the_api_gives_the_aggregates_with_small_counts_suppressed(personas: Personas) -> None:
    outcome = match_list_create(
        name="Honorer",
        region_code="53.71",
        file_name="l.csv",
        content=list_csv(),
        user=personas.bpjs_officer_a,
    )
    assert outcome.match_list is not None
    client = Client()
    client.force_login(personas.officer_a)
    body = client.get(f"/api/v1/participants/matches/{outcome.match_list.pk}").json()
    rows = {r["agency"]: r["counts"] for r in body["rows"]}
    assert rows["Dinas Kesehatan"]["listed"] == 10
    assert rows["Dinas Pendidikan"]["listed"] == 12 and rows["Dinas Pendidikan"]["matched"] is None
    assert body["totals"]["listed"] == 22 and body["suppression_k"] == 10


def test_every_read_of_a_member_list_is_logged(personas: Personas, caplog: pytest.LogCaptureFixture) -> None:
    outcome = match_list_create(
        name="Honorer",
        region_code="53.71",
        file_name="l.csv",
        content=list_csv(),
        user=personas.bpjs_officer_a,
    )
    assert outcome.match_list is not None
    client = Client()
    client.force_login(personas.bpjs_officer_a)
    with caplog.at_level("INFO", logger="cakupan.participants.access"):
        client.get(f"/peserta/cocokkan/{outcome.match_list.pk}/anggota/")
        client.get(f"/api/v1/participants/matches/{outcome.match_list.pk}/members")
    reads = [r.getMessage() for r in caplog.records if r.name == "cakupan.participants.access"]
    assert (
        len(reads) == 2 and f"user={personas.bpjs_officer_a.pk} via=web" in reads[0] and "via=api" in reads[1]
    )
