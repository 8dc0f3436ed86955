"""Every `--covers` case of issue 14 §2 beyond the first ones (test_covers.py): the file's months only, two
covered regions, a province, a row above village level inside or outside the covered regions, and the
nation, which only a national importer may declare, through the service, the command line, the upload page
and the API alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cakupan.imports.models import ImportBatch
from cakupan.indicators.models import ParticipantsComplete, ParticipationFigure
from cakupan.participants import cli
from cakupan.participants.services import CoversRefused, covers_parsed, participants_rollup_import
from cakupan.participants.tests.helpers import keyed, participants_file, person
from cakupan.participants.tests.test_cli import run
from tests.personas import PARTICIPATION_HEADER, csv_bytes, load

pytestmark = pytest.mark.django_db

MONTH, EARLIER = "2024-06", "2024-05"
CITY, VILLAGE, OTHER_VILLAGE, DISTRICT = "53.71", "53.71.01.1001", "53.71.01.1002", "53.71.01"
KUPANG, SUMBA_BARAT = "53.01", "53.12"


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"
    settings.LANGUAGE_CODE = "en"


def figure(code: str, segment: str = "PU", period: str = MONTH) -> int | None:
    row = ParticipationFigure.objects.filter(region_id=code, period=period, segment=segment, status="active")
    return row.values_list("participants", flat=True).first()


def aggregate(rows: list[tuple[object, ...]]) -> None:
    batch, _plan = load("participation", csv_bytes(PARTICIPATION_HEADER, rows), "agregat.csv")
    assert batch is not None


def village_file(folder: Path, people: tuple[int, ...] = (1, 2, 3)) -> Path:
    rows = [(keyed(person(n)), VILLAGE, MONTH, "PU", "active", "JKK") for n in people]
    return participants_file(folder, rows, "desa.parquet")


def test_a_covered_region_keeps_its_figures_of_months_the_file_does_not_hold(tmp_path: Path) -> None:
    aggregate([(OTHER_VILLAGE, EARLIER, "BPU", "active", 7), (OTHER_VILLAGE, MONTH, "BPU", "active", 8)])
    done = participants_rollup_import(path=village_file(tmp_path), user=None, covers=(CITY,))
    assert done.ok and [r["period"] for r in done.summary()["removed"]] == [MONTH]
    assert (figure(OTHER_VILLAGE, "BPU", EARLIER), figure(OTHER_VILLAGE, "BPU")) == (7, None)
    assert not ParticipantsComplete.objects.filter(period=EARLIER).exists()


def test_two_covered_regions_lose_what_the_file_does_not_repeat_and_a_third_keeps_it(tmp_path: Path) -> None:
    aggregate(
        [
            (KUPANG, MONTH, "BPU", "active", 40),
            (SUMBA_BARAT, MONTH, "BPU", "active", 30),
            (OTHER_VILLAGE, MONTH, "BPU", "active", 8),
        ]
    )
    done = participants_rollup_import(path=village_file(tmp_path), user=None, covers=(KUPANG, CITY))
    summary = done.summary()
    assert summary["covers"] == [KUPANG, CITY] and summary["complete_regions"] == [KUPANG, CITY]
    assert sorted(r["region_code"] for r in summary["removed"]) == [KUPANG, OTHER_VILLAGE]
    # Kupang had no one in the file: declared complete, its figure is removed; Sumba Barat is not covered.
    assert (figure(KUPANG, "BPU"), figure(SUMBA_BARAT, "BPU"), figure(CITY)) == (None, 30, 3)


def test_a_covered_province_replaces_its_own_figure_and_removes_its_regencies_the_file_lacks(
    tmp_path: Path,
) -> None:
    aggregate(
        [
            ("53", MONTH, "PU", "active", 372_007),
            (SUMBA_BARAT, MONTH, "PU", "active", 30),
            ("52", MONTH, "PU", "active", 11),
        ]
    )
    done = participants_rollup_import(path=village_file(tmp_path), user=None, covers=("53",))
    assert done.ok and [r["region_code"] for r in done.summary()["removed"]] == [SUMBA_BARAT]
    assert (figure("53"), figure(SUMBA_BARAT), figure(CITY), figure("52")) == (3, None, 3, 11)


def test_a_row_above_village_level_is_taken_inside_a_covered_region_and_refused_outside_every_one(
    tmp_path: Path,
) -> None:
    rows = [
        (keyed(person(1)), VILLAGE, MONTH, "PU", "active", "JKK"),
        (keyed(person(2)), DISTRICT, MONTH, "BPU", "active", "JKK"),  # known only by its district
    ]
    path = participants_file(tmp_path, rows)
    outside = participants_rollup_import(path=path, user=None, covers=(KUPANG,))
    assert [(p.column, p.value) for p in outside.problems] == [("region_code", DISTRICT)]
    assert "does not declare it complete" in outside.problems[0].reason
    assert not ImportBatch.objects.exists()
    inside = participants_rollup_import(path=path, user=None, covers=(CITY,))
    assert inside.ok and (figure(DISTRICT, "BPU"), figure(VILLAGE)) == (1, 1)


def test_only_a_national_importer_may_declare_a_file_complete_for_the_nation(personas: Any) -> None:
    assert covers_parsed(["00"], user=personas.national_admin) == ("00",)
    assert covers_parsed(["5371", DISTRICT], user=personas.bpjs_officer_a) == (CITY, DISTRICT)
    for codes in (["00"], ["53"], [SUMBA_BARAT], ["52.71"]):
        with pytest.raises(CoversRefused, match="may not import participants"):
            covers_parsed(codes, user=personas.bpjs_officer_a)
    for codes, reason in ((["53.7"], "Not a region code"), (["53.99"], "Unknown region code")):
        with pytest.raises(CoversRefused, match=reason):
            covers_parsed(codes, user=personas.national_admin)


def test_the_command_line_refuses_a_national_cover_of_a_regional_user_and_takes_an_administrators(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], personas: Any
) -> None:
    aggregate([("52", MONTH, "PU", "active", 11)])
    path = str(village_file(tmp_path))
    officer = personas.bpjs_officer_a.username
    assert run(["import", "participants", path, "--covers", "00", "--user", officer]) == cli.EXIT_USAGE
    assert "00" in capsys.readouterr().err and figure("52") == 11
    admin = personas.national_admin.username
    assert (
        run(["import", "participants", path, "--covers", "00", "--user", admin, "--dry-run", "--json"])
        == cli.EXIT_OK
    )
    report = json.loads(capsys.readouterr().out)
    assert report["covers"] == ["00"] and "52" in [r["region_code"] for r in report["removed"]]
    assert run(["import", "participants", path, "--covers", "00", "--user", admin]) == cli.EXIT_OK
    assert figure("52") is None and ParticipantsComplete.objects.filter(region_id="00").exists()


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("desa.parquet", content, content_type="application/octet-stream")


def test_the_api_and_the_upload_page_take_a_national_cover_from_a_national_administrator_only(
    tmp_path: Path, personas: Any
) -> None:
    aggregate([("52", MONTH, "PU", "active", 11)])
    content = village_file(tmp_path).read_bytes()
    officer, admin = Client(), Client()
    officer.force_login(personas.bpjs_officer_a)
    admin.force_login(personas.national_admin)
    api = "/api/v1/participants/imports"
    refused = officer.post(api, {"file": _upload(content), "covers": "00", "dry_run": "true"})
    assert refused.status_code == 422 and "covers" in refused.json()["error"]["fields"]
    page = reverse("participants:import")
    html = officer.post(page, {"file": _upload(content), "covers": "00", "action": "check"}).content.decode()
    assert "cannot be chosen here" in html and 'id="removed"' not in html
    checked = admin.post(page, {"file": _upload(content), "covers": "00", "action": "check"}).content.decode()
    assert 'id="removed"' in checked and figure("52") == 11
    stored = admin.post(api, {"file": _upload(content), "covers": "00"})
    assert stored.status_code == 201 and stored.json()["covers"] == ["00"] and figure("52") is None
