"""What the backup tests run inside a `cakupan manage shell` process of their own database: a realistic set of
data to back up, the full state of a database to compare, and a backup taken while another connection
writes. Each prints one JSON line last."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

PERIODS = ("2024-04", "2024-05", "2024-06")
REGENCIES = ("53.71", "53.01", "53.02", "52.01")


def seed() -> None:
    """On a migrated database (tests/support.py makes it): figures, people with roles, a case with
    evidence, Monev records with a document, a participants file, a dated parameter, a finished job with
    its result and an upload waiting for its preview. Prints the state."""
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cakupan.compliance.tests.helpers import PDF, non_compliant
    from cakupan.compliance.transitions import case_open
    from cakupan.imports import staging
    from cakupan.indicators.models import Parameter
    from cakupan.jobs.models import Job
    from cakupan.monev.tests import helpers as monev
    from cakupan.participants.services import participants_rollup_import
    from cakupan.participants.tests.helpers import participants_file
    from tests import personas as t

    t.seed_regions()
    people = t.make_personas()
    workforce = [
        (code, period, "total", 40_000 + i * 1000, "Sakernas")
        for period in PERIODS
        for i, code in enumerate(REGENCIES)
    ]
    t.load("workforce", t.csv_bytes(t.WORKFORCE_HEADER, workforce))
    for i, period in enumerate(PERIODS):
        rows = [
            row
            for j, code in enumerate(REGENCIES)
            for row in t.participation_rows(
                code, period, {"PU": 9000 + 100 * i + j, "BPU": 3000 + 7 * j}, {"PU": 400 + i}
            )
        ]
        t.load("participation", t.csv_bytes(t.PARTICIPATION_HEADER, rows), name=f"peserta-{period}.csv")
    target = ("53.01", "2024", "coverage_rate", "35.5", "Perbup 12/2024")
    t.load("targets", t.csv_bytes(t.TARGETS_HEADER, [target]))

    evidence = SimpleUploadedFile("bukti-wlkp.pdf", PDF + b"evidence", content_type="application/pdf")
    case_open(employer=non_compliant(), by=people.compliance_a, note="Data WLKP vs BPJS", files=[evidence])
    meeting = monev.meeting("53", people.officer_a, held_on=dt.date(2024, 6, 20))
    monev.follow_up(meeting, people.officer_a, action="Perbup kepesertaan", due_on=dt.date(2024, 9, 30))
    monev.regulation("53", people.officer_a, document=True)
    # A presented meeting pack: its frozen figures and its three files (Monev documents).
    from cakupan.packs.services import pack_present

    pack_present(user=people.officer_a, meeting=meeting, period=PERIODS[-1], lang="id")

    folder = Path(settings.DATA_DIR) / "upload"
    folder.mkdir(parents=True, exist_ok=True)
    participants_rollup_import(path=participants_file(folder), user=None)

    current = Parameter.objects.get(key=Parameter.Key.PROJECTION_WINDOW_MONTHS, valid_to=None)
    current.valid_to = dt.date(2025, 12, 31)
    current.save()
    Parameter.objects.create(
        key=Parameter.Key.PROJECTION_WINDOW_MONTHS,
        value=Decimal("6"),
        valid_from=dt.date(2026, 1, 1),
        legal_basis="Keputusan Deputi 3/2025",
    )

    job = Job.objects.create(kind="reports.batch", params={"level": "provinsi"}, key="b" * 64)
    job.folder.mkdir(parents=True)
    (job.folder / "monev-provinsi.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, result_name="monev-provinsi.zip")
    staging.stage(dataset="participation", file_name="x.csv", user_id=people.officer_a.pk, content=b"a,b\n")
    print(json.dumps(database_state()))


def _canonical(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return repr(value)


def database_state() -> dict[str, Any]:
    """Every row of every table (as a digest per table, with the count), read through the ORM without the
    backup's own code; restores and backups recorded in the audit trail are listed apart. And the
    indicators and ranking computed from the figures."""
    from django.apps import apps

    from cakupan.indicators.library import children_ranking, region_indicators
    from cakupan.indicators.serialise import indicators_dict, ranking_dict

    tables: dict[str, Any] = {}
    backups: list[str] = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [f.attname for f in model._meta.concrete_fields]
        rows = model._base_manager.order_by("pk").values_list(*names)
        if model._meta.label_lower == "audit.auditevent":
            backups = [a for (a,) in rows.filter(entity_type="backup.archive").values_list("action")]
            rows = rows.exclude(entity_type="backup.archive")
        digest = hashlib.sha256()
        count = 0
        for row in rows.iterator(chunk_size=2000):
            digest.update(("\x1f".join(_canonical(v) for v in row) + "\n").encode())
            count += 1
        tables[model._meta.label_lower] = [count, digest.hexdigest()]
    indicators = {}
    for code in ("53", "53.71", "52"):
        found = region_indicators(code, PERIODS[-1])
        indicators[code] = indicators_dict(found) if found is not None else None
    ranking = ranking_dict("53", PERIODS[-1], children_ranking("53", PERIODS[-1]))
    return {"tables": tables, "backup_events": backups, "indicators": indicators, "ranking": ranking}


def state() -> None:
    print(json.dumps(database_state()))


COUNTED = (
    "imports.importbatch",
    "indicators.participationfigure",
    "indicators.regionmonth",
    "audit.auditevent",
)


def backup_while_writing(path: str) -> None:
    """A backup whose snapshot is taken, then another connection commits an import, then the backup reads
    its tables. Prints the row counts before and after the import."""
    from django.apps import apps
    from django.db import connections

    from cakupan.backup.dump import backup_create
    from tests import personas as t

    def counts() -> dict[str, int]:
        return {label: apps.get_model(label)._base_manager.count() for label in COUNTED}

    before = counts()
    failures: list[BaseException] = []

    def write() -> None:
        try:
            rows = t.participation_rows("52.01", "2024-07", {"PU": 7, "BPU": 3})
            t.load("participation", t.csv_bytes(t.PARTICIPATION_HEADER, rows), name="while-backup.csv")
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)
        finally:
            connections.close_all()

    def during_snapshot() -> None:
        writer = threading.Thread(target=write)
        writer.start()
        writer.join()

    backup_create(path=Path(path), on_snapshot=during_snapshot)
    if failures:
        raise failures[0]
    print(json.dumps({"before": before, "after": counts()}))
