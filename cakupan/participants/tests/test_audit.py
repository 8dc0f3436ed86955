"""A participants ingest and a matched list each leave audit events saying who, when, from where, which
ingest and import batch, and the values: the program figures an ingest replaced, before and after."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cakupan.audit.context import audit_context
from cakupan.audit.models import AuditEvent
from cakupan.participants.services import match_list_create, participants_rollup_import
from cakupan.participants.tests.helpers import ROWS, keyed, participants_file, person
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"


def _program_events(ingest_id: int, action: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            entity_type="participants.programfigure", entity_id=str(ingest_id), action=action
        )
    )


def test_an_ingest_records_its_batch_and_every_replaced_program_figure(
    tmp_path: Path, personas: Personas
) -> None:
    with audit_context(source="cli", actor_label="operator"):
        first = participants_rollup_import(
            path=participants_file(tmp_path), user=personas.bpjs_officer_a, covers=("53.71",)
        )
        more = [*ROWS, (keyed(person(6)), "53.71.01.1001", "2024-06", "PU", "active", "JKK")]
        second = participants_rollup_import(
            path=participants_file(tmp_path, more, "p2.parquet"),
            user=personas.bpjs_officer_a,
            covers=("53.71",),
        )
    assert first.ingest is not None and second.ingest is not None and second.batch is not None
    [summary] = _program_events(second.ingest.pk, "import")
    assert (summary.source, summary.actor, summary.batch_id) == (
        "cli",
        personas.bpjs_officer_a,
        second.batch.pk,
    )
    assert summary.at is not None and summary.after is not None
    assert summary.after["ingest"] == second.ingest.pk and summary.after["file"] == "p2.parquet"
    # JKK of the person added, at the village and every level up to the city it covers: 3 figures, none
    # new (the province's is no file's: it is the sum of its children's).
    assert (summary.after["new"], summary.after["replaced"]) == (0, 3)
    [replaced] = _program_events(second.ingest.pk, "update")
    assert replaced.batch_id == second.batch.pk and replaced.source == "cli"
    assert replaced.before is not None and replaced.after is not None
    key = "53.71 2024-06 JKK active"
    assert (replaced.before[key], replaced.after[key]) == (4, 5)
    assert (
        set(replaced.before)
        == set(replaced.after)
        == {f"{code} 2024-06 JKK active" for code in ("53.71", "53.71.01", "53.71.01.1001")}
    )
    # The first ingest replaced nothing: only its summary, with every figure new.
    assert _program_events(first.ingest.pk, "update") == []
    ingest_created = AuditEvent.objects.get(
        entity_type="participants.participantsingest", action="create", entity_id=str(second.ingest.pk)
    )
    assert ingest_created.batch_id == second.batch.pk


def test_a_matched_list_records_who_from_where_its_ingest_and_its_counts(
    tmp_path: Path, personas: Personas
) -> None:
    done = participants_rollup_import(path=participants_file(tmp_path), user=None, actor="loader")
    assert done.ingest is not None
    members = [(keyed(person(n)), "53.71", "Dinas", "non-ASN") for n in (1, 3, 40)]
    content = ("nik_hash,region_code,agency,category\n" + "\n".join(",".join(r) for r in members)).encode()
    with audit_context(source="web", actor=personas.bpjs_officer_a, ip="10.0.0.7"):
        outcome = match_list_create(
            name="Honorer",
            region_code="53.71",
            file_name="l.csv",
            content=content,
            user=personas.bpjs_officer_a,
        )
    assert outcome.match_list is not None
    event = AuditEvent.objects.get(entity_type="participants.matchmember")
    assert (event.source, event.actor, event.ip, event.region_code) == (
        "web",
        personas.bpjs_officer_a,
        "10.0.0.7",
        "53.71",
    )
    assert event.entity_id == str(outcome.match_list.pk) and event.after is not None
    assert event.after["ingest"] == done.ingest.pk and event.after["file_name"] == "l.csv"
    assert (event.after["members"], event.after["matched"]) == (3, 2)
    assert event.after["members_by_segment"] == {"BPU": 1, "PU": 1, "none": 1}
    assert keyed(person(1)) not in str(event.after)  # the members' hashes stay out of the log
