"""Warnings of region identity on every surface: BPS-looking codes in region_code, and a BPS 94 or 91 row of
2022-08..2023-12 that may still mean the old Papua province, said by the web preview, the API dry run and
the command line's dry run before anything is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cakupan.cli import main
from cakupan.imports.models import ImportBatch
from cakupan.regions.tests.test_region_surfaces import UNDOTTED
from tests.personas import Personas, csv_bytes

pytestmark = pytest.mark.django_db

PAPUA_2023 = csv_bytes(("kode_bps", "period", "sector", "workers"), [("94", "2023-01", "total", "10")])


def test_the_web_preview_warns_of_bps_looking_codes_and_of_a_papua_code_in_the_months_of_doubt(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.national_admin)
    for content, words in ((UNDOTTED, "kode_bps"), (PAPUA_2023, "91")):
        staged = client.post(
            "/impor/",
            {"dataset": "workforce", "file": SimpleUploadedFile("w.csv", content)},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert staged.status_code == 302
        preview = client.get(staged["Location"]).content.decode()
        assert 'id="import-warnings"' in preview and words in preview
    assert not ImportBatch.objects.exists()


def test_the_api_dry_run_and_the_command_line_warn_of_a_papua_code_in_the_months_of_doubt(
    client: Client, personas: Personas, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client.force_login(personas.national_admin)
    upload = SimpleUploadedFile("w.csv", PAPUA_2023)
    body = client.post("/api/v1/imports", {"dataset": "workforce", "file": upload, "dry_run": "true"}).json()
    [warning] = body["warnings"]
    assert warning["column"] == "kode_bps" and "old province" in warning["reason"]
    path = tmp_path / "w.csv"
    path.write_bytes(PAPUA_2023)
    assert main(["import", "workforce", str(path), "--dry-run", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Warning" in out and "old province" in out
    # An officer of another province is refused the Papua row before any warning is given.
    client.force_login(personas.officer_b)
    refused = client.post(
        "/api/v1/imports", {"dataset": "workforce", "file": SimpleUploadedFile("w.csv", PAPUA_2023)}
    )
    assert refused.status_code == 422 and not ImportBatch.objects.exists()
