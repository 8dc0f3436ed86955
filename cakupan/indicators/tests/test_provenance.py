"""A figure's sources are the batches behind it for that region and month, not the latest import touching
the region (issue 15 §2)."""

from __future__ import annotations

import pytest
from django.test import Client

from cakupan.imports.models import ImportBatch
from cakupan.indicators.provenance import figure_sources, summarise
from cakupan.indicators.versions import region_version
from tests.personas import PARTICIPATION_HEADER, TARGETS_HEADER, WORKFORCE_HEADER, csv_bytes, load
from tests.personas import participation_rows as rows_of

pytestmark = pytest.mark.django_db


def _load(dataset: str, header: tuple[str, ...], rows: list[tuple[object, ...]], name: str) -> ImportBatch:
    batch, _plan = load(dataset, csv_bytes(header, rows), name)
    assert batch is not None
    return batch


@pytest.fixture
def batches() -> dict[str, ImportBatch]:
    """NTT's two regencies: Kupang's workforce of 2023-06 is replaced for later months by 2024-03's, and a
    2024-09 figure comes after the month; participants of 2024-02, 2024-06 and 2024-07 in three files."""
    found = {
        key: _load("workforce", WORKFORCE_HEADER, [(code, month, "total", n, source)], f"{key}.csv")
        for key, code, month, n, source in (
            ("wf_old", "53.01", "2023-06", 1000, "Sakernas 2023"),
            ("wf_kupang", "53.01", "2024-03", 1100, "Sakernas 2024"),
            ("wf_kota", "53.71", "2023-06", 900, "Disnaker"),
            ("wf_later", "53.01", "2024-09", 1200, "Sakernas"),
        )
    }
    for month in ("2024-02", "2024-06", "2024-07"):
        rows = rows_of("53.01", month, {"PU": 300}) + rows_of("53.71", month, {"PU": 200})
        found[month] = _load("participation", PARTICIPATION_HEADER, rows, f"p-{month}.csv")
    found["targets"] = _load(
        "targets", TARGETS_HEADER, [("53", "2024", "coverage_rate", "30.00", "Surat")], "targets.csv"
    )
    return found


def test_the_sources_are_the_batches_of_the_month_and_the_workforce_applied(
    batches: dict[str, ImportBatch],
) -> None:
    found = {s.batch_id: s for s in figure_sources("53", "2024-06")}
    expected = {batches[k].pk for k in ("2024-06", "wf_kupang", "wf_kota", "targets")}
    assert set(found) == expected  # not 2024-07 (the latest import), not the replaced nor the later workforce
    assert found[batches["wf_kupang"].pk].periods == ["2024-03"]
    assert found[batches["wf_kupang"].pk].sources == ["Sakernas 2024"]
    assert found[batches["wf_kota"].pk].periods == ["2023-06"]
    assert found[batches["2024-06"].pk].periods == ["2024-06"]
    assert found[batches["targets"].pk].periods == ["2024"]


def test_a_regency_lists_only_its_own_batches(batches: dict[str, ImportBatch]) -> None:
    found = {s.batch_id for s in figure_sources("53.71", "2024-06")}
    assert found == {batches["2024-06"].pk, batches["wf_kota"].pk}


def test_a_month_before_the_newer_workforce_uses_the_older_one(batches: dict[str, ImportBatch]) -> None:
    found = {s.batch_id for s in figure_sources("53.01", "2024-02")}
    assert found == {batches["2024-02"].pk, batches["wf_old"].pk}
    assert {s.batch_id for s in figure_sources("53.01", "2024-06")} == {
        batches["2024-06"].pk,
        batches["wf_kupang"].pk,
    }


def test_the_summary_gives_files_sources_and_the_range_per_dataset(batches: dict[str, ImportBatch]) -> None:
    summary = {s.dataset: s for s in summarise(figure_sources("53", "2024-06"))}
    workforce = summary["workforce"]
    assert (workforce.files, workforce.first, workforce.last) == (2, "2023-06", "2024-03")
    assert workforce.sources == ["Disnaker", "Sakernas 2024"]
    assert (summary["participation"].files, summary["participation"].first) == (1, "2024-06")
    assert list(summary) == ["participation", "workforce", "targets"]


def test_the_api_lists_every_batch_and_a_summary_per_dataset(
    client: Client, batches: dict[str, ImportBatch]
) -> None:
    body = client.get("/api/v1/indicators/53/2024-06/sources").json()
    assert body["region_code"] == "53" and body["period"] == "2024-06"
    assert body["figures_version"] == region_version("53", "2024-06")
    assert {b["batch_id"] for b in body["batches"]} == {
        batches[k].pk for k in ("2024-06", "wf_kupang", "wf_kota", "targets")
    }
    assert [d["dataset"] for d in body["datasets"]] == ["participation", "workforce", "targets"]
    assert body["datasets"][1] | {"sources": None} == {
        "dataset": "workforce",
        "dataset_label": "Workforce (denominator)",  # the API speaks English without Accept-Language
        "files": 2,
        "sources": None,
        "first": "2023-06",
        "last": "2024-03",
    }
    missing = client.get("/api/v1/indicators/53/2024-04/sources")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "no_data"
