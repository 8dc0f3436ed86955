"""The national fair ranking (514 regencies) has a province column and a province filter (issue 19 §1);
a row filtered keeps its national rank."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db

ACTIVE = {"53.01": 10_000, "53.71": 30_000, "52.71": 20_000}


@pytest.fixture
def regencies() -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [(c, "2024-06", "total", "100000", "") for c in ACTIVE]))
    rows = [row for c, n in ACTIVE.items() for row in participation_rows(c, "2024-06", {"PU": n})]
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))


def _rows(body: str) -> list[tuple[str, str, str]]:
    """(region code, rank, province) of each row."""
    found = []
    for part in body.split('<tr data-region="')[1:]:
        code = part.split('"', 1)[0]
        rank = part.split('<td class="num">', 1)[1].split("<", 1)[0]
        province = part.split("data-province=", 1)[1].split(">", 1)[1].split("<", 1)[0]
        found.append((code, rank, province))
    return found


def test_the_national_ranking_names_each_regencys_province_and_filters_by_it(
    client: Client, regencies: None
) -> None:
    everything = client.get("/peringkat/00/", {"periode": "2024-06"}).content.decode()
    assert _rows(everything) == [
        ("53.71", "1", "Nusa Tenggara Timur"),
        ("52.71", "2", "Nusa Tenggara Barat"),
        ("53.01", "3", "Nusa Tenggara Timur"),
    ]
    assert '<option value="53">Nusa Tenggara Timur</option>' in everything
    ntt = client.get("/peringkat/00/", {"periode": "2024-06", "provinsi": "53"}).content.decode()
    assert _rows(ntt) == [("53.71", "1", "Nusa Tenggara Timur"), ("53.01", "3", "Nusa Tenggara Timur")]
    assert '<option value="53" selected>' in ntt and "provinsi=53&amp;unduh=csv" in ntt
    odd = client.get("/peringkat/00/", {"periode": "2024-06", "provinsi": "99"}).content.decode()
    assert len(_rows(odd)) == 3
    province = client.get("/peringkat/53/", {"periode": "2024-06"}).content.decode()
    assert "data-province" not in province and 'id="provinsi"' not in province
