"""Presenting a meeting's pack: a background job freezes the figures and keeps the three files; later
imports never change them; presenting again makes an audited new version; scope as the meeting's."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from cakupan.audit.models import AuditEvent
from cakupan.common.formatting import fmt_pct
from cakupan.indicators import library
from cakupan.jobs.models import Job
from cakupan.jobs.runner import job_execute
from cakupan.jobs.services import job_claim
from cakupan.packs.models import PackSnapshot
from tests.personas import PARTICIPATION_HEADER, csv_bytes, load, participation_rows, streamed

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _present(client: Client, pk: int) -> PackSnapshot:
    response = client.post(f"/paket/rapat/{pk}/presentasikan/", {"bahasa": "en"})
    assert response.status_code == 302 and response["Location"].endswith(f"/monev/rapat/{pk}/#pack")
    job = Job.objects.filter(kind="packs.present").order_by("-pk").first()
    assert job is not None
    page = client.get(f"/paket/rapat/{pk}/")
    assert b'hx-trigger="every 1s"' in page.content  # the part polls while the job runs
    claimed = job_claim(worker="test", pk=job.pk)
    assert claimed is not None
    assert job_execute(claimed).status == Job.Status.DONE, job.error
    return PackSnapshot.objects.filter(meeting_id=pk).order_by("-version").first()  # type: ignore[return-value]


def test_presenting_freezes_the_figures_and_a_later_import_changes_only_todays(
    meetings: Any, personas: Any
) -> None:
    _earlier, later = meetings
    client = _client(personas.officer_a)
    first = _present(client, later.pk)
    assert (first.version, first.period, first.lang) == (1, "2024-06", "en")
    assert first.values["regions"][0]["code"] == "53"
    ntt = library.region_indicators("53", "2024-06")
    assert ntt is not None and first.values["regions"][0]["coverage_rate"] == str(ntt.coverage_rate)
    for fmt, magic in (("pptx", b"PK"), ("pdf", b"%PDF"), ("xlsx", b"PK")):
        response = client.get(f"/paket/{first.pk}/{fmt}/")
        assert response.status_code == 200 and response.streaming
        assert streamed(response).startswith(magic)
    assert AuditEvent.objects.filter(entity_type="packs.packsnapshot", action="create").count() == 1
    assert AuditEvent.objects.get(entity_type="packs.packsnapshot").actor_id == personas.officer_a.pk
    # New participation figures for the month: the frozen figures stay, today's change.
    load(
        "participation",
        csv_bytes(
            PARTICIPATION_HEADER, participation_rows("53.01", "2024-06", {"PU": 400_000, "BPU": 8_115})
        ),
        "koreksi.csv",
        simulated=True,
    )
    first.refresh_from_db()
    assert first.values["regions"][0]["coverage_rate"] == str(ntt.coverage_rate)
    page = client.get(f"/monev/rapat/{later.pk}/").content.decode()
    assert "33.73%" in page  # as presented
    now = library.region_indicators("53", "2024-06")
    assert now is not None and now.coverage_rate != ntt.coverage_rate
    assert fmt_pct(now.coverage_rate, "en") in page and 'data-figure="pack-changed"' in page
    # Presenting again makes version 2; version 1 stays downloadable.
    second = _present(client, later.pk)
    assert second.version == 2 and second.values["regions"][0]["coverage_rate"] == str(now.coverage_rate)
    assert client.get(f"/paket/{first.pk}/pdf/").status_code == 200
    assert AuditEvent.objects.filter(entity_type="packs.packsnapshot", action="create").count() == 2


def test_region_b_sees_neither_the_snapshot_nor_its_files_and_readers_see_only_their_regions(
    meetings: Any, personas: Any
) -> None:
    _earlier, later = meetings
    snapshot = _present(_client(personas.national_analyst), later.pk)
    officer_b = _client(personas.officer_b)
    # NTB was invited (issue 17 §2): its officer reads NTB's frozen row only, never the files or NTT's row.
    part_b = officer_b.get(f"/paket/rapat/{later.pk}/").content.decode()
    assert 'data-region="52"' in part_b and 'data-region="53"' not in part_b and "/pptx/" not in part_b
    assert officer_b.get(f"/paket/{snapshot.pk}/pptx/").status_code == 404
    assert officer_b.post(f"/paket/rapat/{later.pk}/presentasikan/").status_code == 403
    inspector_b = _client(personas.compliance_b)  # NTB too: the inspectorate of B
    assert inspector_b.get(f"/paket/{snapshot.pk}/pdf/").status_code == 404
    # Officer A reads the meeting, and of the frozen figures only NTT's (NTB was invited too).
    part = _client(personas.officer_a).get(f"/paket/rapat/{later.pk}/").content.decode()
    assert 'data-region="53"' in part and 'data-region="52"' not in part
    analyst = _client(personas.national_analyst).get(f"/paket/rapat/{later.pk}/").content.decode()
    assert 'data-region="52"' in analyst


def test_only_the_meetings_editors_present(meetings: Any, personas: Any) -> None:
    _earlier, later = meetings
    reader = _client(personas.bpjs_officer_a)
    response = reader.post(f"/paket/rapat/{later.pk}/presentasikan/")
    assert response.status_code in (403, 404)
    assert not Job.objects.filter(kind="packs.present").exists()


def test_the_api_lists_the_presented_versions_with_their_frozen_figures_in_scope(
    meetings: Any, personas: Any
) -> None:
    _earlier, later = meetings
    _present(_client(personas.national_analyst), later.pk)
    url = f"/api/v1/packs/meetings/{later.pk}/snapshots"
    found = _client(personas.officer_a).get(url).json()
    assert [s["version"] for s in found] == [1]
    ntt = library.region_indicators("53", "2024-06")
    assert ntt is not None
    assert found[0]["regions"] == [
        {
            "region_code": "53",
            "region_name": ntt.region_name,
            "period": "2024-06",
            "coverage_rate": 33.73,
            "active": ntt.active,
            "workers": ntt.workers,
            "change_points": found[0]["regions"][0]["change_points"],
            "compared_with": "2024-03",
        }
    ]
    # An invited region's officer (NTB) lists the versions with NTB's frozen row only.
    invited = _client(personas.officer_b).get(url).json()
    assert [r["region_code"] for r in invited[0]["regions"]] == ["52"]
    assert _client(personas.licensing_b).get(url).status_code == 404
    assert Client().get(url).status_code == 401


def test_a_pack_that_could_not_be_made_is_said_and_nothing_is_frozen(
    meetings: Any, personas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cakupan.packs import services

    def broken(pack: Any, fmt: str) -> bytes:
        raise RuntimeError("no fonts")

    monkeypatch.setattr(services, "pack_render", broken)
    _earlier, later = meetings
    client = _client(personas.officer_a)
    client.post(f"/paket/rapat/{later.pk}/presentasikan/", {"bahasa": "en"})
    job = Job.objects.get(kind="packs.present")
    claimed = job_claim(worker="test", pk=job.pk)
    assert claimed is not None and job_execute(claimed).status == Job.Status.FAILED
    assert not PackSnapshot.objects.exists()
    part = client.get(f"/paket/rapat/{later.pk}/").content.decode()
    assert "Making the pack stopped with an error" in part and job.reference in part


def test_a_version_that_cannot_be_stored_leaves_no_file(
    meetings: Any, personas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cakupan.monev import config
    from cakupan.packs import services
    from cakupan.packs.content import pack_build

    _earlier, later = meetings
    pack = pack_build(
        personas.officer_a, code="53", period="2024-06", lang="id", meeting=later, drawings=False
    )

    def refused(**kwargs: Any) -> PackSnapshot:
        raise RuntimeError("the database refused the row")

    monkeypatch.setattr(services.PackSnapshot.objects, "create", refused)
    with pytest.raises(RuntimeError):
        services.pack_snapshot_create(
            meeting=later,
            pack=pack,
            files={"pptx": b"PK", "pdf": b"%PDF", "xlsx": b"PK"},
            by=personas.officer_a,
        )
    assert list(config.documents_dir().iterdir()) == []
