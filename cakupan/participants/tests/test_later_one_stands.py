"""Between an aggregate file and a participant file for the same region and month the later one stands, and
each preview says which figures of which file it replaces (issue 14 §2): the participant file's check on
the command line, the upload page and the API, and the aggregate file's preview on the import page and the
API dry run. An officer of province B sees nothing of A's files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cakupan.imports.models import ImportBatch
from cakupan.participants.services import participants_rollup_import
from cakupan.participants.tests.helpers import keyed, participants_file, person
from cakupan.participants.tests.test_cli import run
from tests.personas import PARTICIPATION_HEADER, csv_bytes, load

pytestmark = pytest.mark.django_db

MONTH, VILLAGE, OTHER_VILLAGE = "2024-06", "53.71.01.1001", "53.71.01.1002"


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"
    settings.LANGUAGE_CODE = "en"


def aggregate_file(value: int) -> bytes:
    return csv_bytes(PARTICIPATION_HEADER, [(VILLAGE, MONTH, "PU", "active", value)])


def three_people(folder: Path) -> Path:
    rows = [(keyed(person(n)), VILLAGE, MONTH, "PU", "active", "JKK") for n in (1, 2, 3)]
    return participants_file(folder, rows, "tiga.parquet")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/octet-stream")


def test_a_participant_files_check_lists_each_figure_it_replaces_with_the_file_that_stored_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], personas: Any
) -> None:
    old, _plan = load("participation", aggregate_file(50), "agregat-juni.csv")
    assert old is not None
    path = three_people(tmp_path)
    preview = participants_rollup_import(path=path, user=None, dry_run=True)
    assert preview.summary()["replaced"] == [
        {
            "region_code": VILLAGE,
            "period": MONTH,
            "segment": "PU",
            "status": "active",
            "participants": 50,
            "new_participants": 3,
            "batch_id": old.pk,
            "origin": "aggregate",
        }
    ]
    assert run(["import", "participants", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"replaced: {VILLAGE} June 2024 PU/active 50 → 3 (aggregate file, #{old.pk})" in out
    assert f"agregat-juni.csv (import batch #{old.pk})" in out
    officer = _client(personas.bpjs_officer_a)
    page = officer.post(
        reverse("participants:import"), {"file": _upload(path), "action": "check"}
    ).content.decode()
    assert 'id="replaced"' in page and f'data-batch="{old.pk}"' in page and "agregat-juni.csv" in page
    body = officer.post("/api/v1/participants/imports", {"file": _upload(path), "dry_run": "true"}).json()
    assert [(r["region_code"], r["participants"], r["batch_id"]) for r in body["replaced"]] == [
        (VILLAGE, 50, old.pk)
    ]
    # Province B's BPJS officer may not import A's villages: refused before anything of A is named.
    refused = _client(personas.bpjs_b).post(
        "/api/v1/participants/imports", {"file": _upload(path), "dry_run": "true"}
    )
    assert refused.status_code == 422 and "agregat-juni.csv" not in refused.content.decode()


def test_an_aggregate_files_preview_names_the_participant_file_whose_figure_it_replaces(
    tmp_path: Path, personas: Any
) -> None:
    done = participants_rollup_import(path=three_people(tmp_path), user=None)
    assert done.batch is not None
    officer = _client(personas.bpjs_officer_a)
    staged = officer.post(
        "/impor/", {"dataset": "participation", "file": SimpleUploadedFile("agregat.csv", aggregate_file(60))}
    )
    assert staged.status_code == 302
    preview = officer.get(staged["Location"]).content.decode()
    assert f'data-batch="{done.batch.pk}"' in preview and "tiga.parquet" in preview
    assert "(participant file)" in preview
    dry = officer.post(
        "/api/v1/imports",
        {
            "dataset": "participation",
            "file": SimpleUploadedFile("agregat.csv", aggregate_file(60)),
            "dry_run": "true",
        },
    )
    [replaced] = dry.json()["replaced_figures"]
    assert (replaced["region_code"], replaced["old_value"], replaced["new_value"]) == (VILLAGE, 3, 60)
    assert (replaced["old_batch_id"], replaced["old_origin"]) == (done.batch.pk, "participants")
    assert replaced["old_file_name"] == "tiga.parquet"
    # The later aggregate file stands; the participant file checked again would replace it in turn.
    officer.post(staged["Location"].rstrip("/") + "/simpan/")
    later = ImportBatch.objects.get(dataset="participation", file_name="agregat.csv")
    again = participants_rollup_import(path=three_people(tmp_path), user=None, dry_run=True).summary()
    assert [(r["batch_id"], r["origin"], r["participants"]) for r in again["replaced"]] == [
        (later.pk, "aggregate", 60)
    ]
    forbidden = _client(personas.bpjs_b).post(
        "/api/v1/imports",
        {
            "dataset": "participation",
            "file": SimpleUploadedFile("agregat.csv", aggregate_file(60)),
            "dry_run": "true",
        },
    )
    assert forbidden.status_code == 422 and "tiga.parquet" not in json.dumps(forbidden.json())


def test_the_upload_page_names_people_kept_in_the_village_another_file_counts_them_in(
    tmp_path: Path, personas: Any
) -> None:
    first = [(keyed(person(n)), OTHER_VILLAGE, MONTH, "BPU", "active", "JKK") for n in (1, 2)]
    participants_rollup_import(path=participants_file(tmp_path, first, "a.parquet"), user=None)
    second = [(keyed(person(n)), VILLAGE, MONTH, "PU", "active", "JKK") for n in (2, 3)]
    path = participants_file(tmp_path, second, "b.parquet")
    page = (
        _client(personas.bpjs_officer_a)
        .post(reverse("participants:import"), {"file": _upload(path), "action": "check"})
        .content.decode()
    )
    assert 'id="kept-elsewhere-rows"' in page and OTHER_VILLAGE in page
    assert keyed(person(2)) not in page  # the hash is shown shortened, never whole
