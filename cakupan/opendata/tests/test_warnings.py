"""Open data publishes the warnings of each figure with it (issue 15 §2): a coverage of 1,016 % is named in
the table, the CSV and the JSON."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def above_100(client: Client) -> None:
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [("53", "2024-06", "total", "1000", "BPS"), ("52", "2024-06", "total", "100000", "BPS")],
        ),
    )
    rows = participation_rows("53", "2024-06", {"PU": 10_160})
    rows += participation_rows("52", "2024-06", {"PU": 30_000})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    client.cookies["cakupan_lang"] = "en"


def test_the_table_names_the_warning_beside_the_figure(client: Client, above_100: None) -> None:
    html = client.get("/data-terbuka/?periode=2024-06").content.decode()
    item = '<li data-region="53" data-warning="coverage_above_100">'
    assert f"{item}Nusa Tenggara Timur: coverage above 100 %" in html
    assert 'data-region="52" data-warning' not in html


def test_the_csv_and_the_json_carry_the_warning_kinds(client: Client, above_100: None) -> None:
    text = client.get("/data-terbuka/00/unduh.csv?periode=2024-06").content.decode("utf-8-sig")
    rows = {r["region_code"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["53"]["coverage_rate"] == "1016.00" and rows["53"]["warnings"] == "coverage_above_100"
    assert rows["52"]["warnings"] == ""
    data = client.get("/data-terbuka/00/unduh.json?periode=2024-06").json()
    by_code = {r["region_code"]: r for r in data["rows"]}
    assert by_code["53"]["warnings"] == ["coverage_above_100"] and by_code["52"]["warnings"] == []
