"""Each indicator field is defined once (fields.py): the serialiser and the API schema are written from the
dataclass declarations, with the unit's rounding and the description in both languages."""

from __future__ import annotations

import dataclasses
from datetime import date
from fractions import Fraction

import pytest
from django.test import Client
from django.utils import translation

from cakupan.indicators.fields import COUNT, RATE, SPEC, Spec, english, fact, indicators, outputs
from cakupan.indicators.library import Budget, RegionIndicators, SegmentFigures, TrendPoint
from cakupan.indicators.serialise import (
    BUDGET,
    INDICATORS,
    NOT_RANKED,
    RANKED,
    RANKING,
    SEGMENT,
    TREND,
    budget_dict,
)

CODE_LISTS = {"provinsi, kabupaten, kota, ...", "incomplete, no_workforce, partial_participants, ..."}


@indicators
class Example:
    region_code: str = fact(COUNT, "A code")
    coverage_rate: Fraction | None = fact(RATE, "A rate")


def test_a_rate_is_written_rounded_half_up_to_two_decimals_and_a_count_as_it_is() -> None:
    written = outputs(Example, {})
    example = Example(region_code="53", coverage_rate=Fraction(1, 8))
    assert {name: output.read(example) for name, output in written.items()} == {
        "region_code": "53",
        "coverage_rate": 0.13,
    }
    assert written["coverage_rate"].type == float | None


def test_a_field_declared_without_its_definition_is_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class Undeclared:
        workers: int

    with pytest.raises(TypeError, match=r"Undeclared\.workers is not declared"):
        outputs(Undeclared, {})


def test_every_field_of_the_indicators_and_the_trend_is_defined_with_a_unit() -> None:
    for cls in (RegionIndicators, TrendPoint, SegmentFigures, Budget):
        for item in dataclasses.fields(cls):
            assert isinstance(item.metadata.get(SPEC), Spec), (cls.__name__, item.name)


def test_every_written_field_has_a_description_in_english_and_in_indonesian() -> None:
    for name, output in {**INDICATORS, **TREND, **RANKING}.items():
        described = english(output.description)
        assert described, name
        with translation.override("id"):
            translated = str(output.description)
        assert translated != described or described in CODE_LISTS, name


def test_a_segment_and_a_budget_are_written_from_their_fields_with_a_day_as_iso_and_the_share_rounded() -> (
    None
):
    budget = Budget(
        workers=2,
        months=3,
        monthly_idr=16_800,
        jkk_idr=10_000,
        jkm_idr=6_800,
        total_idr=100_800,
        as_of=date(2024, 6, 30),
    )
    assert budget_dict(budget)["as_of"] == "2024-06-30" and BUDGET["as_of"].type is str
    segment = SegmentFigures(
        segment="PU", active=2, inactive=1, registered=3, share_of_active=Fraction(200, 3)
    )
    with translation.override("en"):
        written = {name: output.read(segment) for name, output in SEGMENT.items()}
    assert written == {
        "label": "Wage earners (PU)",
        "active": 2,
        "inactive": 1,
        "registered": 3,
        "share": 66.67,
    }


def test_the_segment_and_budget_schemas_are_generated_with_every_property_described(client: Client) -> None:
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    for name, written in (("SegmentOut", SEGMENT), ("BudgetOut", BUDGET)):
        properties = schemas[name]["properties"]
        assert list(properties) == list(written)
        assert [key for key, found in properties.items() if "description" not in found] == []
    for output in [*SEGMENT.values(), *BUDGET.values()]:
        with translation.override("id"):
            assert str(output.description) != english(output.description)


def test_the_ranking_columns_are_fields_of_the_indicators() -> None:
    assert set(RANKED) - {"reason", "reason_label"} <= set(INDICATORS)
    assert set(NOT_RANKED) - {"reason", "reason_label"} <= set(INDICATORS)


def test_the_openapi_document_describes_every_indicator_with_its_definition(client: Client) -> None:
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    properties = schemas["IndicatorsOut"]["properties"]
    assert list(properties) == list(INDICATORS)
    assert properties["workers_to_target"]["description"] == (
        "Workers still to protect to reach the region's target"
    )
    assert [name for name, found in properties.items() if "description" not in found] == []
