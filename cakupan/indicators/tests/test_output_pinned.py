"""The indicators' JSON and the shape of their OpenAPI schemas, pinned on a fixed database: issue 22 §4
generates the serialiser and the API schema from one definition of each field, and what `--json`, the API
and the exports give must stay the same to the byte. The pinned files were written by the code before that
change (`CAKUPAN_PIN_WRITE=1` writes them again, for a deliberate change of the output)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from cakupan.indicators import library
from cakupan.indicators.serialise import budget_dict, indicators_dict, ranking_dict, trend_dict
from tests.personas import (
    PARTICIPATION_HEADER,
    TARGETS_HEADER,
    WORKFORCE_HEADER,
    csv_bytes,
    load,
    participation_rows,
    seed_regions,
)

PINNED = Path(__file__).parent / "pinned"
MONTHS = [
    f"{year}-{month:02d}"
    for year, month in [(2023, m) for m in range(5, 13)] + [(2024, m) for m in range(1, 7)]
]
# 53.71 and 53.01 report every month (53.01 with formal and informal workers and a target), 53.02 from
# 2024-03, 53.03 has participants and no workforce figure, and 53.04 a workforce figure two years old.
CODES = ("00", "53", "53.71", "53.01", "53.02", "53.03", "53.04", "52")
INDICATOR_SCHEMAS: tuple[str, ...] = (
    "IndicatorsOut",
    "SegmentOut",
    "RankingOut",
    "RankedOut",
    "NotRankedOut",
    "TrendOut",
)
INDICATOR_SCHEMAS += ("TrendPointOut", "WarningOut", "CoverageMissingOut", "BudgetOut", "NoData")


def _seed() -> None:
    seed_regions()
    workforce: list[tuple[object, ...]] = [("53", "2024-06", "total", 2_400_000, "BPS Sakernas")]
    workforce += [("53.04", "2022-06", "total", 30_000, "Disnaker")]
    participation: list[tuple[object, ...]] = []
    for i, month in enumerate(MONTHS):
        workforce += [("53.71", month, "total", 200_000 + 500 * i, "BPS")]
        workforce += [("53.01", month, "formal", 60_000, "BPS"), ("53.01", month, "informal", 90_000, "BPS")]
        participation += participation_rows(
            "53.71",
            month,
            {"PU": 41_000 + 250 * i, "BPU": 9_000 + 40 * i, "JAKON": 700, "PMI": 12},
            {"PU": 3_100},
        )
        participation += participation_rows("53.01", month, {"PU": 20_000 + 90 * i, "BPU": 7_000 + 333 * i})
        participation += participation_rows("53.03", month, {"PU": 5_000})
        participation += participation_rows("53.04", month, {"PU": 4_000 + 7 * i}, {"BPU": 800})
        if month >= "2024-03":
            workforce += [("53.02", month, "total", 75_000, "Disnaker")]
            participation += participation_rows("53.02", month, {"PU": 8_000 + 100 * i, "BPU": 3_000})
        participation += participation_rows("52", month, {"PU": 300_000 + 1_000 * i, "BPU": 80_000})
        workforce += [("52", month, "total", 2_000_000, "BPS")]
    load("workforce", csv_bytes(WORKFORCE_HEADER, workforce))
    load("participation", csv_bytes(PARTICIPATION_HEADER, participation))
    targets = [
        ("53.01", "2024", "coverage_rate", "35.5", "Perbup 12/2024"),
        ("53", "2024", "coverage_rate", "30", "RPJMD"),
    ]
    load("targets", csv_bytes(TARGETS_HEADER, targets))


def _outputs() -> dict[str, Any]:
    """What the serialiser gives for every region, the ranking, a trend and a budget, in both languages."""
    out: dict[str, Any] = {}
    for lang in ("en", "id"):
        with translation.override(lang):
            for code in CODES:
                found = library.region_indicators(code, MONTHS[-1])
                out[f"{lang}/indicators/{code}"] = indicators_dict(found) if found is not None else None
            for code in ("53", "00"):
                rows = library.children_ranking(code, MONTHS[-1])
                out[f"{lang}/ranking/{code}"] = ranking_dict(code, MONTHS[-1], rows)
            out[f"{lang}/trend/53.01"] = trend_dict(library.trend("53.01", MONTHS[-1], 14))
            out[f"{lang}/trend/53"] = trend_dict(library.trend("53", MONTHS[-1], 14))
    out["budget"] = budget_dict(library.contribution_budget(workers=1200, months=6, as_of=date(2024, 6, 30)))
    return out


def _api_answers(client: Client) -> str:
    paths = [f"/api/v1/indicators/{code}/{MONTHS[-1]}" for code in ("00", "53", "53.01", "53.03", "53.04")]
    paths += [f"/api/v1/ranking/53/{MONTHS[-1]}", f"/api/v1/trends/53.01?end={MONTHS[-1]}&months=14"]
    paths += ["/api/v1/indicators/53/2020-01", "/api/v1/budget?workers=1200&months=6&as_of=2024-06-30"]
    lines = []
    for path in paths:
        response = client.get(path, headers={"accept-language": "en"})
        lines += [f"{path} {response.status_code}", response.content.decode()]
    return "\n".join(lines) + "\n"


def _shapes(document: dict[str, Any]) -> dict[str, Any]:
    """The indicators' schemas of the OpenAPI document without their descriptions: names, properties, types,
    what is required, in order."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "description"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    schemas = document["components"]["schemas"]
    return {name: strip(schemas[name]) for name in INDICATOR_SCHEMAS}


def _compare(name: str, text: str) -> None:
    path = PINNED / name
    if os.environ.get("CAKUPAN_PIN_WRITE"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the pinned output"


@pytest.mark.django_db
def test_the_indicators_json_of_a_fixed_database_is_the_pinned_one_byte_for_byte() -> None:
    _seed()
    text = json.dumps(_outputs(), ensure_ascii=False, indent=2) + "\n"
    _compare("serialised.json", text)


@pytest.mark.django_db
def test_the_api_answers_the_pinned_bytes_for_the_indicators_ranking_trend_and_budget(client: Client) -> None:
    _seed()
    _compare("api.txt", _api_answers(client))


def test_the_indicators_openapi_schemas_keep_their_names_properties_and_types(client: Client) -> None:
    document = json.loads(client.get("/api/openapi.json").content)
    _compare("openapi-shapes.json", json.dumps(_shapes(document), ensure_ascii=False, indent=2) + "\n")
