"""Participant files that say what they cover, and a person once a month (issue 14 §2): through the
service, the command line, the web page and the API; an officer of region B sees and changes nothing of A."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cakupan.imports.models import ImportBatch
from cakupan.indicators.models import (
    ParticipantsComplete,
    ParticipationFigure,
    ParticipationRemoval,
    RegionMonth,
)
from cakupan.participants import cli
from cakupan.participants.services import participants_rollup_import
from cakupan.participants.tests.helpers import HEADER, keyed, participants_file, person, write_csv
from cakupan.participants.tests.test_cli import run
from tests.personas import PARTICIPATION_HEADER, csv_bytes, load

pytestmark = pytest.mark.django_db

MONTH = "2024-06"
CITY, VILLAGE, OTHER_VILLAGE = "53.71", "53.71.01.1001", "53.71.01.1002"


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"
    settings.LANGUAGE_CODE = "en"


def figure(code: str, segment: str = "PU", status: str = "active") -> int | None:
    row = ParticipationFigure.objects.filter(region_id=code, period=MONTH, segment=segment, status=status)
    return row.values_list("participants", flat=True).first()


def active(code: str) -> int | None:
    month = RegionMonth.objects.get(region_id=code, period=MONTH)
    return sum(n or 0 for n in (month.active_pu, month.active_bpu, month.active_jakon, month.active_pmi))


def aggregate(rows: list[tuple[object, ...]], name: str = "agregat.csv") -> ImportBatch:
    batch, _plan = load("participation", csv_bytes(PARTICIPATION_HEADER, rows), name)
    assert batch is not None
    return batch


def three_rows(folder: Path, name: str = "tiga.parquet") -> Path:
    rows = [(keyed(person(n)), VILLAGE, MONTH, "PU", "active", "JKK") for n in (1, 2, 3)]
    return participants_file(folder, rows, name)


def test_a_three_row_file_for_one_village_leaves_the_city_and_province_aggregates(tmp_path: Path) -> None:
    aggregate([(CITY, MONTH, "PU", "active", 372_000), ("53", MONTH, "PU", "active", 372_007)])
    done = participants_rollup_import(path=three_rows(tmp_path), user=None)
    assert done.ok and done.batch is not None
    assert (figure(VILLAGE), figure(CITY), figure("53")) == (3, 372_000, 372_007)
    assert active("53") == 372_007 and active(CITY) == 372_000  # the aggregates stand, not 3
    assert not ParticipantsComplete.objects.exists()


def test_a_file_covering_the_city_removes_what_it_does_not_repeat_and_says_from_which_file(
    tmp_path: Path,
) -> None:
    old = aggregate(
        [
            (CITY, MONTH, "PU", "active", 50),
            (OTHER_VILLAGE, MONTH, "BPU", "active", 7),
            ("53", MONTH, "PU", "active", 90),
        ]
    )
    preview = participants_rollup_import(path=three_rows(tmp_path), user=None, covers=(CITY,), dry_run=True)
    summary = preview.summary()
    assert preview.ok and preview.batch is None and summary["complete_regions"] == [CITY]
    assert [(r["region_code"], r["segment"], r["participants"]) for r in summary["removed"]] == [
        (OTHER_VILLAGE, "BPU", 7)
    ]
    assert summary["replaces"] == [
        {"batch_id": old.pk, "file_name": "agregat.csv", "origin": "aggregate", "replaced": 1, "removed": 1}
    ]
    assert figure(OTHER_VILLAGE, "BPU") == 7  # a dry run changes nothing
    done = participants_rollup_import(path=three_rows(tmp_path), user=None, covers=(CITY,))
    assert done.batch is not None and done.batch.details == {"removed_figures": 1, "complete_regions": 1}
    assert (figure(CITY), figure(OTHER_VILLAGE, "BPU"), figure("53")) == (3, None, 90)
    stored = ParticipationFigure.objects.get(region_id=CITY, period=MONTH, segment="PU", status="active")
    assert (stored.origin, stored.covered_by) == ("participants", CITY)
    removal = ParticipationRemoval.objects.get(batch=done.batch)
    assert (removal.region_id, removal.old_value, removal.old_batch_id) == (OTHER_VILLAGE, 7, old.pk)
    assert ParticipantsComplete.objects.filter(region_id=CITY, period=MONTH).exists()
    # The province's own aggregate stands (the file does not cover it), and the later aggregate file for
    # the city replaces the participant file's figure in turn.
    later = aggregate([(CITY, MONTH, "PU", "active", 60)], "agregat-2.csv")
    assert figure(CITY) == 60 and later.replaced_figures == 1
    assert ParticipationFigure.objects.get(
        region_id=CITY, period=MONTH, segment="PU", status="active"
    ).origin == ("aggregate")


def test_a_national_extract_covers_every_region_and_a_row_above_village_level_needs_a_cover(
    tmp_path: Path,
) -> None:
    aggregate([("52", MONTH, "PU", "active", 11), ("53", MONTH, "PU", "active", 90)])
    rows = [
        (keyed(person(1)), VILLAGE, MONTH, "PU", "active", "JKK"),
        (keyed(person(2)), "53.01", MONTH, "BPU", "active", "JKK"),  # known only at regency level
    ]
    path = participants_file(tmp_path, rows)
    refused = participants_rollup_import(path=path, user=None)
    assert [(p.column, p.value) for p in refused.problems] == [("region_code", "53.01")]
    assert "does not declare it complete" in refused.problems[0].reason
    assert not participants_rollup_import(path=path, user=None, covers=(CITY,)).ok  # 53.01 is outside it
    done = participants_rollup_import(path=path, user=None, covers=("00",))
    assert done.ok and figure("53.01", "BPU") == 1
    assert (figure("52"), figure("53")) == (None, 1)  # NTB had no one in the file: removed
    assert active("53") == 2 and RegionMonth.objects.get(region_id="00", period=MONTH).active_pu == 1


def test_a_person_counts_once_active_in_the_segment_and_village_of_the_deciding_record(
    tmp_path: Path,
) -> None:
    one, two, three = keyed(person(1)), keyed(person(2)), keyed(person(3))
    rows = [
        (one, OTHER_VILLAGE, MONTH, "BPU", "active", "JKK"),
        (one, VILLAGE, MONTH, "PU", "inactive", "JKK"),
        (one, VILLAGE, MONTH, "PU", "active", "JKK;JKM"),  # decides: active, PU before BPU
        (two, OTHER_VILLAGE, MONTH, "BPU", "inactive", "JKK"),
        (two, OTHER_VILLAGE, MONTH, "BPU", "inactive", "JKK"),  # identical to the row above
        (three, VILLAGE, MONTH, "PMI", "active", "JKK"),
        (three, VILLAGE, MONTH, "JAKON", "active", "JKK"),  # JAKON before PMI
    ]
    done = participants_rollup_import(path=participants_file(tmp_path, rows), user=None, covers=(CITY,))
    summary = done.summary()
    assert (summary["rows"], summary["persons"], summary["merged_records"], summary["identical_rows"]) == (
        7,
        3,
        4,
        1,
    )
    [identical] = summary["identical_examples"]
    assert (identical["region_code"], identical["segment"], identical["copies"]) == (OTHER_VILLAGE, "BPU", 2)
    assert identical["nik_hash"] != two and identical["nik_hash"].endswith("…")
    assert (figure(VILLAGE), figure(VILLAGE, "JAKON"), figure(VILLAGE, "PMI")) == (1, 1, None)
    assert (figure(OTHER_VILLAGE, "BPU"), figure(OTHER_VILLAGE, "BPU", "inactive")) == (None, 1)
    assert figure(CITY) == 1 and active(CITY) == 2


def test_a_person_another_file_counts_in_another_village_is_reported_and_not_moved(tmp_path: Path) -> None:
    first = [(keyed(person(n)), OTHER_VILLAGE, MONTH, "BPU", "active", "JKK") for n in (1, 2)]
    participants_rollup_import(path=participants_file(tmp_path, first, "a.parquet"), user=None)
    second = [(keyed(person(n)), VILLAGE, MONTH, "PU", "active", "JKK") for n in (2, 3)]
    done = participants_rollup_import(path=participants_file(tmp_path, second, "b.parquet"), user=None)
    assert done.ok and done.rollup.kept_elsewhere == 1
    [kept] = done.rollup.kept_examples
    assert (kept["region_code"], kept["stored_region"]) == (VILLAGE, OTHER_VILLAGE)
    assert (figure(OTHER_VILLAGE, "BPU"), figure(VILLAGE)) == (2, 1)
    # The store of the month holds each person once: matching reads it.
    import pyarrow.parquet as pq
    from django.conf import settings

    assert done.ingest is not None
    store = pq.read_table(Path(settings.DATA_DIR) / done.ingest.stored_file).to_pylist()
    assert sorted((r["nik_hash"] == keyed(person(2)), r["region_code"]) for r in store) == [
        (False, VILLAGE),
        (False, OTHER_VILLAGE),
        (True, OTHER_VILLAGE),
    ]


def test_the_command_line_takes_covers_and_refuses_a_region_that_is_not_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aggregate([(OTHER_VILLAGE, MONTH, "BPU", "active", 7)])
    path = three_rows(tmp_path)
    assert run(["import", "participants", str(path), "--covers", "99.99"]) == cli.EXIT_USAGE
    assert "99.99" in capsys.readouterr().err
    assert (
        run(["import", "participants", str(path), "--covers", "5371", "--dry-run", "--json"]) == cli.EXIT_OK
    )
    report = json.loads(capsys.readouterr().out)
    assert report["covers"] == [CITY] and report["removed_figures"] == 1 and not report["stored"]
    assert run(["import", "participants", str(path), "--covers", CITY]) == cli.EXIT_OK
    out = capsys.readouterr().out
    # Regions with their names, months and statuses in words.
    assert "Declared complete for: 53.71 Kota Kupang" in out
    assert "removed: 53.71.01.1002 June 2024 BPU/active (7)" in out
    assert figure(OTHER_VILLAGE, "BPU") is None


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_upload_page_checks_and_imports_within_the_officers_regions(
    tmp_path: Path, personas: Any
) -> None:
    aggregate([(OTHER_VILLAGE, MONTH, "BPU", "active", 7)])
    content = three_rows(tmp_path).read_bytes()
    client = _client(personas.bpjs_officer_a)
    url = reverse("participants:import")
    assert client.get(url).status_code == 200

    def post(who: Client, covers: str, action: str) -> Any:
        upload = {"file": _named(content), "covers": covers, "action": action}
        return who.post(url, upload)

    checked = post(client, CITY, "check")
    html = checked.content.decode()
    assert 'id="removed"' in html and OTHER_VILLAGE in html and figure(OTHER_VILLAGE, "BPU") == 7
    imported = post(client, CITY, "import")
    assert 'data-stored="true"' in imported.content.decode() and figure(OTHER_VILLAGE, "BPU") is None
    # Region B's officer may neither cover Kota Kupang nor import its villages; the public not at all.
    other = _client(personas.bpjs_b)
    refused = post(other, CITY, "import").content.decode()
    assert "Kota Kupang — Nusa Tenggara Timur cannot be chosen here." in refused
    outside = post(other, "", "import").content.decode()
    assert "outside the regions you may import" in outside and ImportBatch.objects.count() == 2
    assert Client().get(url).status_code == 302


def _named(content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("tiga.parquet", content, content_type="application/octet-stream")


def test_the_api_takes_covers_and_dry_run_within_the_callers_regions(tmp_path: Path, personas: Any) -> None:
    aggregate([(OTHER_VILLAGE, MONTH, "BPU", "active", 7)])
    content = three_rows(tmp_path).read_bytes()
    client = _client(personas.bpjs_officer_a)
    url = "/api/v1/participants/imports"
    dry = client.post(url, {"file": _named(content), "covers": CITY, "dry_run": "true"})
    assert dry.status_code == 200, dry.content
    body = dry.json()
    assert body["covers"] == [CITY], body
    assert body["removed"][0]["region_code"] == OTHER_VILLAGE and body["replaces"][0]["origin"] == "aggregate"
    assert body["stored"] is False and figure(OTHER_VILLAGE, "BPU") == 7
    stored = client.post(url, {"file": _named(content), "covers": CITY})
    assert stored.status_code == 201 and stored.json()["batch_id"] is not None
    other = _client(personas.bpjs_b)
    assert other.post(url, {"file": _named(content), "covers": CITY}).status_code == 422
    outside = other.post(url, {"file": _named(content)})
    assert outside.status_code == 422 and "outside" in json.dumps(outside.json())
    assert Client().post(url, {"file": _named(content)}).status_code in (401, 403)


def test_a_csv_with_a_regency_row_is_refused_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "p.csv", HEADER, [(keyed(person(1)), "5371", MONTH, "PU", "active", "JKK")])
    assert run(["import", "participants", str(path)]) == cli.EXIT_DATA
    assert "does not declare it complete" in capsys.readouterr().out
    assert run(["import", "participants", str(path), "--covers", "53.71"]) == cli.EXIT_OK
