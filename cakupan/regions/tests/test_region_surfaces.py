"""Region identity through each surface: the web upload's preview and batch page, the API and the command
line; the crosswalk is imported by national administrators and analysts only. An officer of province B
sees nothing of A's codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cakupan.cli import main
from cakupan.imports.models import ImportBatch
from cakupan.regions.models import RegionCrosswalk
from tests.personas import Personas, csv_bytes

pytestmark = pytest.mark.django_db

BPS_FILE = csv_bytes(
    ("kode_bps", "region_name", "period", "sector", "workers", "source"),
    [
        ("5301", "SUMBA BARAT", "2024-08", "total", "120", "BPS Sakernas"),
        ("5371", "KOTA KUPANG", "2024-08", "total", "90", "BPS Sakernas"),
    ],
)
UNDOTTED = csv_bytes(
    ("region_code", "period", "sector", "workers", "source"),
    [("5301", "2024-08", "total", "1", "BPS Sakernas Agustus")],
)
CROSSWALK = csv_bytes(
    ("kode_bps", "kode_kemendagri", "valid_from", "source"), [("5301", "53.12", "2020-01", "BPS")]
)


def test_the_web_preview_shows_the_codes_read_and_the_batch_keeps_them(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.officer_a)
    response = client.post(
        "/impor/", {"dataset": "workforce", "file": SimpleUploadedFile("bps.csv", BPS_FILE)}
    )
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert 'id="codes-read"' in preview and "53.12" in preview
    client.post(response["Location"].rstrip("/") + "/simpan/")
    batch = ImportBatch.objects.get()
    assert batch.details["region_codes"] == [["5301", "bps", "53.12"], ["5371", "bps", "53.71"]]
    page = client.get(f"/impor/batch/{batch.pk}/").content.decode()
    assert "5301" in page and "53.12" in page
    client.force_login(personas.officer_b)
    assert "53.12" not in client.get(f"/impor/batch/{batch.pk}/").content.decode()


def test_officer_b_cannot_import_a_bps_row_of_a(client: Client, personas: Personas) -> None:
    client.force_login(personas.officer_b)
    response = client.post(
        "/impor/", {"dataset": "workforce", "file": SimpleUploadedFile("bps.csv", BPS_FILE)}
    )
    html = response.content.decode()
    assert response.status_code == 422 and "5301" in html and "53.12" in html
    assert not ImportBatch.objects.exists()


def test_the_api_dry_run_warns_of_bps_looking_codes_in_region_code(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.officer_a)
    upload = SimpleUploadedFile("w.csv", UNDOTTED)
    response = client.post("/api/v1/imports", {"dataset": "workforce", "file": upload, "dry_run": "true"})
    body = response.json()
    assert response.status_code == 200 and body["warnings"][0]["column"] == "region_code"
    assert "kode_bps" in body["warnings"][0]["reason"]


def _write(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_the_command_line_imports_a_crosswalk_and_reads_bps_codes_through_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], personas: Personas
) -> None:
    keyed = csv_bytes(("kode_bps", "period", "sector", "workers"), [("5301", "2024-08", "total", "7")])
    assert main(["import", "workforce", _write(tmp_path, "w.csv", keyed), "--lang", "en"]) == 1
    assert "region_crosswalk" in capsys.readouterr().out
    crosswalk = _write(tmp_path, "cw.csv", CROSSWALK)
    assert (
        main(["import", "region_crosswalk", crosswalk, "--user", personas.officer_a.username, "--lang", "en"])
        == 1
    )
    assert "may not import" in capsys.readouterr().out.lower() and not RegionCrosswalk.objects.exists()
    assert main(["import", "region_crosswalk", crosswalk, "--user", personas.national_analyst.username]) == 0
    assert RegionCrosswalk.objects.get().region_id == "53.12"
    capsys.readouterr()
    assert main(["import", "workforce", _write(tmp_path, "w.csv", keyed), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["stored"] is True
    assert ImportBatch.objects.get(dataset="workforce").details["region_codes"] == [["5301", "bps", "53.12"]]


def test_the_command_line_prints_the_bps_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["import", "workforce", _write(tmp_path, "w.csv", UNDOTTED), "--dry-run", "--lang", "en"]) == 0
    )
    assert "Warning" in capsys.readouterr().out


def test_an_analyst_imports_the_crosswalk_on_the_import_page_and_an_officer_is_not_offered_it(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.officer_a)
    assert 'value="region_crosswalk"' not in client.get("/impor/").content.decode()
    refused = client.post(
        "/impor/", {"dataset": "region_crosswalk", "file": SimpleUploadedFile("cw.csv", CROSSWALK)}
    )
    assert refused.status_code == 200 and not RegionCrosswalk.objects.exists()  # the form refuses the choice
    client.force_login(personas.national_analyst)
    assert 'value="region_crosswalk"' in client.get("/impor/").content.decode()
    staged = client.post(
        "/impor/", {"dataset": "region_crosswalk", "file": SimpleUploadedFile("cw.csv", CROSSWALK)}
    )
    assert staged.status_code == 302
    client.post(staged["Location"].rstrip("/") + "/simpan/")
    assert RegionCrosswalk.objects.get().region_id == "53.12"
    assert ImportBatch.objects.get().dataset == "region_crosswalk"


def test_the_api_takes_the_crosswalk_from_analysts_only(client: Client, personas: Personas) -> None:
    def upload() -> dict[str, object]:
        return {"dataset": "region_crosswalk", "file": SimpleUploadedFile("cw.csv", CROSSWALK)}

    client.force_login(personas.officer_a)
    assert client.post("/api/v1/imports", upload()).status_code == 403
    client.force_login(personas.national_analyst)
    dry = client.post("/api/v1/imports", {**upload(), "dry_run": "true"})
    assert dry.status_code == 200 and dry.json()["new"] == 1 and not RegionCrosswalk.objects.exists()
    stored = client.post("/api/v1/imports", upload())
    assert stored.status_code == 201 and RegionCrosswalk.objects.get().region_id == "53.12"
