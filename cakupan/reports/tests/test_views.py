from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from cakupan.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_the_region_page_offers_the_report_and_the_tables_as_files(client: Client, figures: None) -> None:
    html = client.get("/wilayah/53/?periode=2024-06").content.decode()
    assert (
        'href="/laporan/53/2024-06.pdf?bahasa=id"' in html
        and 'href="/laporan/53/2024-06.xlsx?bahasa=id"' in html
    )
    for table in ("anak", "tren", "segmen"):
        assert f'href="/laporan/53/2024-06/{table}.csv"' in html
    pdf = client.get("/laporan/53/2024-06.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content[:5] == b"%PDF-"
    assert 'filename="monev-53-2024-06-id.pdf"' in pdf["Content-Disposition"]
    english = client.get("/laporan/53/2024-06.xlsx?bahasa=en")
    assert 'filename="monev-53-2024-06-en.xlsx"' in english["Content-Disposition"]


def test_a_month_without_figures_or_an_unknown_format_is_not_found(client: Client, figures: None) -> None:
    assert client.get("/laporan/53/2019-01.pdf").status_code == 404
    assert client.get("/laporan/53/2024-06.doc").status_code == 404
    assert client.get("/laporan/53/2024-13.pdf").status_code == 404
    assert client.get("/laporan/53/2024-06/rahasia.csv").status_code == 404


def test_the_children_csv_has_the_api_values_and_no_formula(client: Client, figures: None) -> None:
    api = client.get("/api/v1/ranking/53/2024-06").json()["regions"]
    response = client.get("/laporan/53/2024-06/anak.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    # Simulated data says so in every row and in the file's name, never above the header.
    assert {r["simulated"] for r in rows} == {"true"}
    assert 'filename="anak-53-2024-06-simulasi.csv"' in response["Content-Disposition"]
    assert [r["region_code"] for r in rows] == [r["region_code"] for r in api]
    assert [float(r["coverage_rate"]) for r in rows] == [r["coverage_rate"] for r in api]


def test_the_trend_json_and_the_map_geojson(client: Client, figures: None) -> None:
    trend = client.get("/laporan/53/2024-06/tren.json").json()
    assert trend["simulated"] is True and len(trend["rows"]) == 13
    assert trend["rows"][-1]["period"] == "2024-06" and trend["rows"][-1]["coverage_rate"] == 33.73
    geo = json.loads(client.get("/laporan/53/2024-06/peta.geojson").content)
    assert geo["type"] == "FeatureCollection"
    assert {f["id"] for f in geo["features"]} == {"53.01", "53.71"}
    # Without boundaries the figures are all there, without geometry.
    assert all(f["geometry"] is None and f["properties"]["coverage_rate"] for f in geo["features"])


def test_a_user_with_a_role_asks_for_a_batch_and_is_sent_to_follow_it(personas: Any, figures: None) -> None:
    client = Client()
    client.force_login(personas.officer_a)
    with translation.override("en"):
        form = client.get("/laporan/batch/")
        assert form.status_code == 200 and 'value="2024-06"' in form.content.decode()
    response = client.post("/laporan/batch/", {"periode": "2024-06", "tingkat": "provinsi", "format": "pdf"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tugas/{job.pk}/"
    # Another officer asking for the same is sent to the same job, which they may follow.
    other = Client()
    other.force_login(personas.officer_b)
    again = other.post("/laporan/batch/", {"periode": "2024-06", "tingkat": "provinsi", "format": "pdf"})
    assert again["Location"] == f"/tugas/{job.pk}/" and Job.objects.count() == 1
    assert other.get(f"/tugas/{job.pk}/").status_code == 200
    refused = client.post("/laporan/batch/", {"periode": "1999-01", "tingkat": "provinsi"})
    assert refused.status_code == 200 and Job.objects.count() == 1


def test_the_api_gives_the_file_and_runs_batches_with_a_token(
    client: Client, personas: Any, figures: None
) -> None:
    from cakupan.accounts.tokens import token_create

    xlsx = client.get("/api/v1/reports/53/2024-06?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/api/v1/reports/53/2019-01").status_code == 404
    _token, plain = token_create(
        user=personas.officer_a, name="t", role="REGIONAL_OFFICER", region_codes=["53"], days=1
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plain}"}
    created = client.post(
        "/api/v1/reports/batch",
        {"level": "provinsi", "period": "2024-06", "format": "xlsx"},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 202, created.content
    job_id = created.json()["id"]
    state = client.get(f"/api/v1/jobs/{job_id}", **auth).json()
    assert state["status"] == "queued" and state["result_url"] is None
    assert client.post("/api/v1/reports/batch", {}, content_type="application/json").status_code == 401
