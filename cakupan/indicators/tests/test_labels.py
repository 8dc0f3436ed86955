"""Codes with their words (issue 19 §3): the API and `--json` carry every code of the indicators (a region's
kind and level, the coverage band, a segment, why a region is not ranked or has no rate, a warning, a
dataset, a target's indicator) with its label beside it, in the reader's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from cakupan.core.vocabulary import SEGMENTS
from cakupan.imports import registry
from cakupan.indicators.formulas import BANDS
from cakupan.indicators.labels import (
    BAND_LABELS,
    INDICATOR_LABELS,
    SEGMENT_LABELS,
    band_label,
    dataset_label,
    kind_label,
    level_label,
)
from cakupan.regions.models import Region
from tests.personas import (
    PARTICIPATION_HEADER,
    TARGETS_HEADER,
    WORKFORCE_HEADER,
    csv_bytes,
    load,
    participation_rows,
)

pytestmark = pytest.mark.django_db

INDONESIAN = {"HTTP_ACCEPT_LANGUAGE": "id"}


@pytest.fixture
def figures() -> None:
    """NTT at 33.73 % (rendah), Kota Kupang at 60 % (sedang), Kabupaten Kupang with participants and no
    workforce (no rate, not ranked), and a coverage target for Kota Kupang."""
    workforce = [("53", "2024-06", "total", "1654526", "BPS"), ("53.71", "2024-06", "total", "100000", "BPS")]
    load("workforce", csv_bytes(WORKFORCE_HEADER, workforce))
    rows = participation_rows("53", "2024-06", {"PU": 500_000, "BPU": 58_115})
    rows += participation_rows("53.71", "2024-06", {"PU": 60_000})
    rows += participation_rows("53.01", "2024-06", {"PU": 300})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    load("targets", csv_bytes(TARGETS_HEADER, [("53.71", "2024", "coverage_rate", "65", "Perwali 3/2024")]))


def test_every_band_segment_kind_level_and_target_indicator_has_words() -> None:
    assert set(BAND_LABELS) == set(BANDS) and set(SEGMENT_LABELS) == set(SEGMENTS)
    assert set(INDICATOR_LABELS) == {"coverage_rate", "active_participants", "vulnerable_workers_funded"}
    with translation.override("en"):
        assert all(kind_label(kind) != kind for kind in Region.Kind.values)
        levels = [level_label(level) for level in Region.Level.values]
        assert levels == ["National", "Province", "Regency/city", "District", "Village"]
        assert all(dataset_label(name) != name for name in registry.names())
    assert band_label(None) is None


def test_the_indicators_api_names_each_code_in_the_readers_language(client: Client, figures: None) -> None:
    english = client.get("/api/v1/indicators/53/2024-06").json()
    assert (english["kind"], english["kind_label"]) == ("provinsi", "province")
    assert (english["level"], english["level_label"]) == (1, "Province")
    assert (english["band"], english["band_label"]) == ("rendah", "low")
    assert english["segments"]["PU"]["label"] == "Wage earners (PU)"
    indonesian = client.get("/api/v1/indicators/53/2024-06", **INDONESIAN).json()
    assert (indonesian["kind_label"], indonesian["band_label"]) == ("provinsi", "rendah")
    assert indonesian["segments"]["BPU"]["label"] == "Bukan penerima upah (BPU)"
    # The codes themselves do not change with the language.
    worded = ("segments", "warnings")
    assert {k: v for k, v in indonesian.items() if not k.endswith("_label") and k not in worded} == {
        k: v for k, v in english.items() if not k.endswith("_label") and k not in worded
    }


def test_a_region_without_a_rate_says_why_in_words_beside_the_reasons_kind(
    client: Client, figures: None
) -> None:
    missing = client.get("/api/v1/indicators/53.01/2024-06").json()["coverage_missing"]
    assert missing["kind"] == "no_workforce" and missing["text"].startswith("No workforce")
    worded = client.get("/api/v1/indicators/53.01/2024-06", **INDONESIAN).json()["coverage_missing"]
    assert worded["kind"] == "no_workforce" and worded["text"] != missing["text"]


def test_the_ranking_api_labels_kind_band_and_why_a_region_is_not_ranked(
    client: Client, figures: None
) -> None:
    ranking = client.get("/api/v1/ranking/53/2024-06", **INDONESIAN).json()
    [city] = ranking["regions"]
    assert (city["region_code"], city["kind_label"], city["band"], city["band_label"]) == (
        "53.71",
        "kota",
        "sedang",
        "sedang",
    )
    [regency] = ranking["not_ranked"]
    assert regency["region_code"] == "53.01" and regency["reason"] == "no_workforce"
    assert regency["reason_label"].startswith("Tidak diperingkat")


def test_warnings_carry_their_sentence(client: Client) -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53", "2024-06", "total", "1000", "BPS")]))
    load(
        "participation", csv_bytes(PARTICIPATION_HEADER, participation_rows("53", "2024-06", {"PU": 10_160}))
    )
    [warning] = client.get("/api/v1/indicators/53/2024-06").json()["warnings"]
    assert warning["kind"] == "coverage_above_100" and warning["coverage_rate"] == 1016.0
    assert warning["text"].startswith("Coverage above 100 %")


def test_trend_sources_and_targets_name_segments_datasets_and_indicators(
    client: Client, figures: None
) -> None:
    trend = client.get("/api/v1/trends/53.71", {"end": "2024-06"}, **INDONESIAN).json()
    assert trend["segment_labels"]["PU"] == "Penerima upah (PU)"
    assert set(trend["segment_labels"]) == set(trend["points"][0]["segments_active"])
    sources = client.get("/api/v1/indicators/53.71/2024-06/sources").json()
    labels = {d["dataset"]: d["dataset_label"] for d in sources["datasets"]}
    assert labels["workforce"] == "Workforce (denominator)"
    assert all(b["dataset_label"] == labels[b["dataset"]] for b in sources["batches"])
    [target] = client.get("/api/v1/targets", {"region": "53.71"}, **INDONESIAN).json()["items"]
    assert (target["indicator"], target["indicator_label"]) == ("coverage_rate", "tingkat cakupan")


def test_the_command_lines_json_labels_in_its_language(figures: None, capsys: Any) -> None:
    import json

    from cakupan import cli

    assert cli.main(["indicators", "53.71", "2024-06", "--json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["kind_label"], data["band_label"]) == ("city", "medium")
