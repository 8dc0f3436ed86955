"""A participants file or a list named after a NIK is reported and stored under a safe name."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from cakupan.participants import cli
from cakupan.participants.models import ParticipantsIngest
from cakupan.participants.tests.helpers import HEADER, participants_file, write_csv
from cakupan.participants.tests.test_cli import run

pytestmark = pytest.mark.django_db

NIK = "5371020501850002"


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"


def test_a_participants_file_named_after_a_nik_is_stored_and_reported_under_a_safe_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    named = tmp_path / f"peserta {NIK}.parquet"
    shutil.copyfile(participants_file(tmp_path), named)
    assert run(["import", "participants", str(named), "--json"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert NIK not in out and json.loads(out)["file"].startswith("berkas-participants-")
    assert ParticipantsIngest.objects.get().file_name.startswith("berkas-participants-")


def test_the_problems_of_a_file_named_after_a_nik_name_the_safe_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / f"{NIK}.csv", HEADER, [("x", "53.71", "2024-06", "PU", "active", "JKK")])
    assert run(["import", "participants", str(path)]) == cli.EXIT_DATA
    out = capsys.readouterr().out
    assert NIK not in out and "berkas-participants-" in out
