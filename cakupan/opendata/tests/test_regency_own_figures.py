"""Open data of a regency shows the regency's own figures above its districts (issue 19 §6), also when
no district has figures."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


def test_a_regency_page_shows_its_own_figures_even_without_district_figures(client: Client) -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53.71", "2024-06", "total", "200000", "")]))
    load(
        "participation",
        csv_bytes(PARTICIPATION_HEADER, participation_rows("53.71", "2024-06", {"PU": 50_000})),
    )
    body = client.get("/data-terbuka/53.71/", {"periode": "2024-06"}).content.decode()
    own = body.split('data-own="53.71"', 1)[1].split("</section>", 1)[0]
    assert "Kota Kupang" in own and "200.000" in own and "50.000" in own
    assert body.index('data-own="53.71"') < body.index('id="h-table"')
    province = client.get("/data-terbuka/53/", {"periode": "2024-06"}).content.decode()
    assert "data-own=" not in province  # a province's table has its total as the table's last row


def test_the_downloads_carry_the_labels_of_the_codes_beside_them(client: Client) -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53.71", "2024-06", "total", "200000", "")]))
    rows = participation_rows("53.71", "2024-06", {"PU": 50_000})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    client.cookies["cakupan_lang"] = "en"
    data = client.get("/data-terbuka/53/unduh.json", {"periode": "2024-06"}).json()
    row = next(r for r in data["rows"] if r["region_code"] == "53.71")
    assert (row["kind"], row["kind_label"]) == ("kota", "city")
    text = client.get("/data-terbuka/53/unduh.csv", {"periode": "2024-06"}).content.decode("utf-8-sig")
    assert ",kota,city," in text
