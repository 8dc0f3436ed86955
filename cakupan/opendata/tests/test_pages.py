from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cakupan.accounts.models import RoleAssignment
from cakupan.indicators import library, serialise
from cakupan.indicators.models import ParticipantsComplete
from cakupan.indicators.services import rollup_refresh
from cakupan.opendata.selectors import COUNT_COLUMNS, linked_relations, opendata_periods
from cakupan.opendata.tests.test_suppression import exactly_known
from tests.personas import (
    PARTICIPATION_HEADER,
    WORKFORCE_HEADER,
    csv_bytes,
    load,
    participation_rows,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("cakupan.opendata.tests.urls")]

PERIOD = "2024-06"
BASE = "/data-terbuka/"
CONTRACT_HEADER = [
    "region_code",
    "region_name",
    "period",
    "workers",
    "active",
    "inactive",
    "registered",
    "coverage_rate",
    "active_pu",
    "active_bpu",
    "active_jakon",
    "active_pmi",
]
# Every column open data publishes: the indicator fields marked public, in their order (the codes with
# their labels, the denominator's month(s) and sources beside the rate, each segment's active
# participants, whether simulated, and the warnings with their words).
PUBLISHED = [
    "region_code",
    "region_name",
    "level",
    "level_label",
    "kind",
    "kind_label",
    "period",
    "workers",
    "workers_period",
    "workforce_source",
    "active",
    "inactive",
    "registered",
    "coverage_rate",
    "active_pu",
    "active_bpu",
    "active_jakon",
    "active_pmi",
    "simulated",
    "warnings",
    "warning_labels",
]

# The districts of Kota Kupang: (active by segment, inactive PU). Alak's JAKON (3) and Kota Raja's
# inactive (4) are below k = 10.
DISTRICTS: dict[str, tuple[dict[str, int], int]] = {
    "53.71.01": ({"PU": 500, "BPU": 40, "JAKON": 3, "PMI": 0}, 20),
    "53.71.02": ({"PU": 800, "BPU": 60, "JAKON": 25, "PMI": 0}, 70),
    "53.71.03": ({"PU": 600, "BPU": 70, "JAKON": 30, "PMI": 0}, 50),
    "53.71.04": ({"PU": 900, "BPU": 90, "JAKON": 40, "PMI": 0}, 100),
    "53.71.05": ({"PU": 700, "BPU": 55, "JAKON": 20, "PMI": 0}, 4),
    "53.71.06": ({"PU": 400, "BPU": 35, "JAKON": 15, "PMI": 0}, 30),
}
# Hand-worked for k = 10: Alak's JAKON 3 takes Kota Lama's JAKON 15 (the smallest other in the column);
# each of them takes its row's smallest other segment (BPU 40 and 35), which pair up in the BPU column.
# Kota Raja's inactive 4 takes Alak's inactive 20; in both rows `registered` goes rather than `active`
# (active = registered − inactive would give inactive back), and the two pair up in their column.
HIDDEN_FOR_THE_PUBLIC = {
    ("53.71.01", "active_jakon"),
    ("53.71.06", "active_jakon"),
    ("53.71.01", "active_bpu"),
    ("53.71.06", "active_bpu"),
    ("53.71.05", "inactive"),
    ("53.71.01", "inactive"),
    ("53.71.05", "registered"),
    ("53.71.01", "registered"),
}


@pytest.fixture(autouse=True)
def _k(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAKUPAN_SUPPRESSION_K", "10")


def _load_figures(*, simulated: bool, villages: bool = False) -> None:
    workforce = [("53.01", PERIOD, "total", "1000000", "Sakernas"), ("52.01", PERIOD, "total", "500000", "")]
    workforce += [(code, PERIOD, "total", "5000", "Dinas") for code in DISTRICTS]
    load("workforce", csv_bytes(WORKFORCE_HEADER, workforce))
    rows = participation_rows("53.01", PERIOD, {"PU": 300_000, "BPU": 8_115}, {"PU": 5_000})
    rows += participation_rows("52.01", PERIOD, {"PU": 100_000})
    for code, (active, inactive) in DISTRICTS.items():
        if villages and code == "53.71.01":
            continue  # Alak comes from its villages
        rows += participation_rows(code, PERIOD, active, {"PU": inactive})
    if villages:
        # Alak again (PU 500, BPU 40, JAKON 3; inactive 20), from three of its villages.
        rows += participation_rows(
            "53.71.01.1001", PERIOD, {"PU": 300, "BPU": 20, "JAKON": 2, "PMI": 0}, {"PU": 10}
        )
        rows += participation_rows(
            "53.71.01.1002", PERIOD, {"PU": 195, "BPU": 20, "JAKON": 1, "PMI": 0}, {"PU": 10}
        )
        rows += participation_rows(
            "53.71.01.1003", PERIOD, {"PU": 5, "BPU": 0, "JAKON": 0, "PMI": 0}, {"PU": 0}
        )
    batch, _plan = load("participation", csv_bytes(PARTICIPATION_HEADER, rows), simulated=simulated)
    if villages:
        assert batch is not None
        # The village file covers Alak whole (its other villages have no participants): without that
        # declaration Alak's workforce would have participants from 3 of its villages only, no rate.
        ParticipantsComplete.objects.create(region_id="53.71.01", period=PERIOD, batch=batch)
        rollup_refresh(months=[PERIOD])


@pytest.fixture
def figures() -> None:
    _load_figures(simulated=False)


@pytest.fixture
def simulated_figures() -> None:
    _load_figures(simulated=True)


@pytest.fixture
def village_figures() -> None:
    _load_figures(simulated=False, villages=True)


def _csv(client: Client, url: str) -> tuple[str, list[dict[str, str]]]:
    """(the file's name, rows) of a CSV download, read as any CSV reader does: the header first."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert reader.fieldnames == PUBLISHED
    return response["Content-Disposition"].split('filename="')[1].rstrip('"'), list(reader)


def _json(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return dict(json.loads(response.content))


def _hidden(rows: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(r["region_code"], c) for r in rows for c in CONTRACT_HEADER if r[c] == ""}


def _expected(code: str) -> dict[str, Any]:
    ind = library.region_indicators(code, PERIOD)
    assert ind is not None
    full = serialise.indicators_dict(ind)
    return {
        **{c: full[c] for c in ("region_code", "region_name", "period", "workers", "active", "inactive")},
        "registered": full["registered"],
        "coverage_rate": full["coverage_rate"],
        **{f"active_{s.lower()}": v["active"] for s, v in full["segments"].items()},
    }


def _officer(code: str) -> Any:
    user = get_user_model().objects.create_user(f"petugas-{code}", password="a-long-passphrase")
    RoleAssignment.objects.create(user=user, role="REGIONAL_OFFICER", region_id=code)
    return user


# Public access -----------------------------------------------------------------------------------------


def test_anyone_reads_the_national_table_of_provinces_with_downloads(client: Client, figures: None) -> None:
    response = client.get(BASE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-region="53"' in html and 'data-region="52"' in html
    assert 'data-region="00"' in html  # the national totals
    assert f"{BASE}00/unduh.csv?periode={PERIOD}" in html and f"{BASE}00/unduh.json?periode={PERIOD}" in html
    assert f'href="{BASE}53/?periode={PERIOD}"' in html
    assert 'value="2024-06" selected' in html
    assert "Data simulasi" not in html
    assert "<script" not in html.split("</head>", 1)[1] and " style=" not in html


def test_anyone_reads_a_province_table_of_regencies_unsuppressed(client: Client, figures: None) -> None:
    html = client.get(f"{BASE}53/").content.decode()
    assert 'data-region="53.01"' in html and 'data-region="53.71"' in html
    assert 'data-suppressed="true"' not in html
    assert "1.000.000" in html  # Indonesian number formatting through the cakupan_format filters


def test_the_csv_download_has_a_bom_the_contract_header_and_the_library_figures(
    client: Client, figures: None
) -> None:
    name, rows = _csv(client, f"{BASE}53/unduh.csv?periode={PERIOD}")
    assert name == f"cakupan-53-{PERIOD}.csv" and {r["simulated"] for r in rows} == {"false"}
    assert [r["region_code"] for r in rows] == ["53.01", "53.71"]
    for row in rows:
        expected = _expected(row["region_code"])
        for column in CONTRACT_HEADER:
            value = expected[column]
            if column == "coverage_rate":
                assert row[column] == f"{value:.2f}"  # a dot for decimals, two of them
            else:
                assert row[column] == ("" if value is None else str(value))
        ind = library.region_indicators(row["region_code"], PERIOD)
        assert ind is not None  # the denominator beside the rate, as the indicators API gives it
        assert row["workers_period"] == (serialise.indicators_dict(ind)["workers_period"] or "")
        assert row["workforce_source"] == (serialise.indicators_dict(ind)["workforce_source"] or "")


# A row's keys beside its figures: what was hidden, the codes and their labels, the warnings, the
# denominator, whether simulated.
NOT_FIGURES = (
    "suppressed",
    "level",
    "level_label",
    "kind",
    "kind_label",
    "warnings",
    "warning_labels",
    "workers_period",
    "workforce_source",
    "simulated",
)


def test_the_json_download_gives_the_library_figures_and_the_metadata(client: Client, figures: None) -> None:
    data = _json(client, f"{BASE}00/unduh.json?periode={PERIOD}")
    assert data["period"] == PERIOD and data["simulated"] is False
    assert data["region"]["region_code"] == "00"
    assert data["suppression"]["applied"] is False and data["suppression"]["k"] == 10
    assert data["columns"] == PUBLISHED
    assert {k: v for k, v in data["total"].items() if k not in NOT_FIGURES} == _expected("00")
    by_code = {r["region_code"]: r for r in data["rows"]}
    assert set(by_code) == {"52", "53"}
    for code, row in by_code.items():
        assert {k: v for k, v in row.items() if k not in NOT_FIGURES} == _expected(code)


def test_the_downloads_and_the_page_say_when_the_figures_are_simulated(
    client: Client, simulated_figures: None
) -> None:
    name, rows = _csv(client, f"{BASE}53/unduh.csv")
    assert name.endswith("-simulasi.csv") and rows and {r["simulated"] for r in rows} == {"true"}
    assert _json(client, f"{BASE}53/unduh.json")["simulated"] is True
    assert 'class="simulated-inline">Data simulasi' in client.get(f"{BASE}53/").content.decode()


# Suppression ------------------------------------------------------------------------------------------


def test_small_district_counts_are_hidden_from_anonymous_readers_with_their_complements(
    client: Client, figures: None
) -> None:
    _name, rows = _csv(client, f"{BASE}53.71/unduh.csv?periode={PERIOD}")
    assert [r["region_code"] for r in rows] == sorted(DISTRICTS)
    assert _hidden(rows) == HIDDEN_FOR_THE_PUBLIC
    by_code = {r["region_code"]: r for r in rows}
    # The rest as the library has it: active and the coverage rate of every district stay.
    for code in DISTRICTS:
        expected = _expected(code)
        for column in CONTRACT_HEADER:
            if (code, column) not in HIDDEN_FOR_THE_PUBLIC and column != "coverage_rate":
                assert by_code[code][column] == str(expected[column])
        assert by_code[code]["coverage_rate"] == f"{expected['coverage_rate']:.2f}"


def test_the_json_of_a_district_table_has_nulls_the_rule_and_what_each_row_hides(
    client: Client, figures: None
) -> None:
    data = _json(client, f"{BASE}53.71/unduh.json")
    assert data["suppression"]["applied"] is True and data["suppression"]["k"] == 10
    assert "9" in data["suppression"]["rule"]
    alak = next(r for r in data["rows"] if r["region_code"] == "53.71.01")
    assert alak["active_jakon"] is None and alak["active_bpu"] is None and alak["active_pu"] == 500
    assert alak["suppressed"] == ["active_bpu", "active_jakon", "inactive", "registered"]
    assert data["total"]["region_code"] == "53.71" and data["total"]["suppressed"] == []


def test_the_district_page_marks_hidden_cells_and_explains_why(client: Client, figures: None) -> None:
    html = client.get(f"{BASE}53.71/").content.decode()
    assert html.count('data-suppressed="true"') == len(HIDDEN_FOR_THE_PUBLIC)
    assert 'id="suppression-rule"' in html and 'aria-describedby="suppression-rule"' in html
    assert 'data-region="53.71.01"' in html
    assert 'data-figure="active_jakon" data-value="3"' not in html


def test_a_logged_in_reader_without_a_role_gets_the_same_suppression(client: Client, figures: None) -> None:
    client.force_login(get_user_model().objects.create_user("pembaca", password="a-long-passphrase"))
    _name, rows = _csv(client, f"{BASE}53.71/unduh.csv")
    assert _hidden(rows) == HIDDEN_FOR_THE_PUBLIC


def test_a_regional_officer_of_the_city_sees_every_count_privately(client: Client, figures: None) -> None:
    client.force_login(_officer("53.71"))
    response = client.get(f"{BASE}53.71/unduh.csv")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    _name, rows = _csv(client, f"{BASE}53.71/unduh.csv")
    assert _hidden(rows) == set()
    alak = next(r for r in rows if r["region_code"] == "53.71.01")
    assert alak["active_jakon"] == "3" and alak["inactive"] == "20"
    data = _json(client, f"{BASE}53.71/unduh.json")
    assert data["suppression"]["applied"] is False
    html = client.get(f"{BASE}53.71/").content.decode()
    assert 'data-suppressed="true"' not in html and 'data-figure="active_jakon" data-value="3"' in html


def test_a_regional_officer_of_another_province_still_sees_them_suppressed(
    client: Client, figures: None
) -> None:
    client.force_login(_officer("52"))
    _name, rows = _csv(client, f"{BASE}53.71/unduh.csv")
    assert _hidden(rows) == HIDDEN_FOR_THE_PUBLIC


def test_a_village_table_does_not_give_back_what_the_district_table_hides(
    client: Client, village_figures: None
) -> None:
    _name, districts = _csv(client, f"{BASE}53.71/unduh.csv")
    alak_hidden = {c for code, c in _hidden(districts) if code == "53.71.01"} - {"coverage_rate"}
    assert "active_jakon" in alak_hidden
    data = _json(client, f"{BASE}53.71.01/unduh.json")
    assert set(data["total"]["suppressed"]) == alak_hidden  # Alak's row as the district table has it
    villages = data["rows"]
    assert [v["region_code"] for v in villages] == ["53.71.01.1001", "53.71.01.1002", "53.71.01.1003"]
    for column in alak_hidden:
        assert any(v[column] is None for v in villages), column  # else their sum gives Alak's back

    # Taken together, the two tables pin no hidden count down.
    shown = {(r["region_code"], c): r[c] for r in districts for c in COUNT_COLUMNS}
    shown.update({(v["region_code"], c): v[c] for v in villages for c in COUNT_COLUMNS})
    values = {cell: _count(cell) for cell in shown}
    hidden = {cell for cell, value in shown.items() if value in ("", None) and values[cell] is not None}
    assert {cell for cell in hidden if cell[1] == "active_jakon"} >= {("53.71.01.1001", "active_jakon")}
    codes = sorted({code for code, _c in values})
    relations = linked_relations(values, codes)
    assert not {cell for cell in exactly_known(values, hidden, relations) if values[cell]}
    for cell, value in values.items():
        if cell not in hidden and value is not None:
            assert value == 0 or value >= 10, cell


def _count(cell: tuple[str, str]) -> int | None:
    ind = library.region_indicators(cell[0], PERIOD)
    assert ind is not None
    return {
        "workers": ind.workers,
        "active": ind.active,
        "inactive": ind.inactive,
        "registered": ind.registered,
        **{f"active_{s.segment.lower()}": s.active for s in ind.segments},
    }[cell[1]]


# Addresses ------------------------------------------------------------------------------------------


def test_unknown_regions_and_formats_are_not_found(client: Client, figures: None) -> None:
    assert client.get(f"{BASE}99/").status_code == 404
    assert client.get(f"{BASE}abc/").status_code == 404
    assert client.get(f"{BASE}99/unduh.csv").status_code == 404
    assert client.get(f"{BASE}53/unduh.xlsx").status_code == 404
    assert client.get(f"{BASE}53.71.01.1001/").status_code == 404  # a village has no table of its own


def test_a_malformed_or_unknown_month_falls_back_to_the_latest(client: Client, figures: None) -> None:
    html = client.get(f"{BASE}53/?periode=2024-13").content.decode()
    assert 'value="2024-06" selected' in html
    assert _json(client, f"{BASE}53/unduh.json?periode=1999-01")["period"] == PERIOD


def test_an_undotted_code_redirects_and_national_is_the_index(client: Client, figures: None) -> None:
    response = client.get(f"{BASE}5371/?periode={PERIOD}")
    assert response.status_code == 302 and response["Location"] == f"{BASE}53.71/?periode={PERIOD}"
    assert client.get(f"{BASE}00/")["Location"] == BASE


def test_the_months_offered_are_those_with_figures_newest_first(figures: None) -> None:
    assert opendata_periods() == [PERIOD]
    assert opendata_periods("11") == []


def test_a_region_without_figures_says_so(client: Client) -> None:
    response = client.get(f"{BASE}11/")
    assert response.status_code == 200 and "Belum ada angka" in response.content.decode()
    assert _json(client, f"{BASE}11/unduh.json")["rows"] == []


def test_a_threshold_of_one_publishes_every_district_count(
    client: Client, figures: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAKUPAN_SUPPRESSION_K", "1")
    _name, rows = _csv(client, f"{BASE}53.71/unduh.csv")
    assert _hidden(rows) == set()
