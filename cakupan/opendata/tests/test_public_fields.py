"""Open data publishes exactly the indicator fields whose definition says `public=True` (columns.py): the
example app's field is published once it is marked public and never before, and no field left unmarked
appears in any open-data page or download, suppressed or not, for any reader."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import pytest
from django.test import Client

from cakupan.indicators import library
from cakupan.indicators.fields import indicators, outputs, same_as
from cakupan.indicators.serialise import INDICATORS, SEGMENT, writers
from cakupan.opendata.columns import NAMES, published
from cakupan.opendata.selectors import COUNT_COLUMNS, open_row
from tests.example_app.indicators import WithVisits
from tests.personas import (
    PARTICIPATION_HEADER,
    TARGETS_HEADER,
    WORKFORCE_HEADER,
    Personas,
    csv_bytes,
    load,
    participation_rows,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("cakupan.opendata.tests.urls")]

PERIOD = "2024-06"
VISITS = "visits_per_100_workers"
# Every field the library writes that is not marked public: none of these names is ever published.
UNMARKED = [name for name, output in INDICATORS.items() if not output.public]


@indicators
class WithPublicVisits(WithVisits):
    """The example app's field, marked public: what its declaration would say to be published."""

    visits_per_100_workers: Fraction | None = same_as(WithVisits, VISITS, public=True, default=None)


def _with_visits(cls: type, visits: Fraction) -> Any:
    ind = library.region_indicators("53.71", PERIOD)
    assert ind is not None
    return cls(
        **{f.name: getattr(ind, f.name) for f in dataclasses.fields(ind)}, visits_per_100_workers=visits
    )


@pytest.fixture
def figures() -> None:
    workforce = [("53", PERIOD, "total", "2000000", "BPS"), ("53.71", PERIOD, "total", "200000", "BPS")]
    workforce += [
        ("53.71.01", PERIOD, "total", "5000", "Dinas"),
        ("53.71.02", PERIOD, "total", "6000", "Dinas"),
    ]
    load("workforce", csv_bytes(WORKFORCE_HEADER, workforce))
    rows = participation_rows("53.71.01", PERIOD, {"PU": 700, "BPU": 40, "JAKON": 3, "PMI": 0}, {"PU": 20})
    rows += participation_rows("53.71.02", PERIOD, {"PU": 900, "BPU": 60, "JAKON": 25, "PMI": 0}, {"PU": 4})
    rows += participation_rows("53.01", PERIOD, {"PU": 30_000, "BPU": 5_000})
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    load("targets", csv_bytes(TARGETS_HEADER, [("53.71", "2024", "coverage_rate", "40", "RPJMD")]))


def test_every_field_marked_public_is_published_and_no_other() -> None:
    public = [name for name, output in INDICATORS.items() if output.public]
    spread = {"segments": [f"active_{s}" for s in ("pu", "bpu", "jakon", "pmi")]}
    spread["warnings"] = ["warnings", "warning_labels"]
    assert list(NAMES) == [column for name in public for column in spread.get(name, [name])]
    assert not set(UNMARKED) & set(NAMES)
    assert [name for name, output in SEGMENT.items() if output.public] == ["active"]


def test_every_count_suppression_weighs_is_a_published_column() -> None:
    assert set(COUNT_COLUMNS) <= set(NAMES)


def test_the_example_field_is_not_published_while_unmarked() -> None:
    columns = published(outputs(WithVisits, writers()))
    assert [c.name for c in columns] == list(NAMES)


def test_the_example_field_marked_public_is_a_published_figure_rounded_like_the_api(figures: None) -> None:
    columns = published(outputs(WithPublicVisits, writers()))
    assert [c.name for c in columns] == [*NAMES, VISITS]
    visits = next(c for c in columns if c.name == VISITS)
    assert (
        visits.figure and str(visits.heading) == "Outreach visits per 100 workers of the coverage footprint"
    )
    row = open_row(_with_visits(WithPublicVisits, Fraction(42 * 100, 200_000)), columns=columns)
    assert row.values[VISITS] == 0.02 and VISITS not in row.suppressed


def test_the_example_field_marked_public_is_withheld_beside_a_hidden_count(figures: None) -> None:
    columns = published(outputs(WithPublicVisits, writers()))
    ind = _with_visits(WithPublicVisits, Fraction(1, 3))
    row = open_row(ind, hidden=frozenset({"active_jakon"}), columns=columns)
    assert row.values[VISITS] is None and {"active_jakon", VISITS} <= row.suppressed
    assert row.values["warnings"] == [] and row.values["workers"] == ind.workers


def _json_keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _json_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _json_keys(v)}
    return set()


def _readers(client: Client, personas: Personas) -> Iterator[str]:
    yield "anonymous"
    for name in ("officer_a", "officer_b"):  # A's officer sees 53.71's districts whole, B's suppressed
        client.force_login(getattr(personas, name))
        yield name


@pytest.mark.parametrize("code", ["00", "53", "53.71"])
def test_no_unmarked_field_appears_in_any_page_or_download_for_any_reader(
    client: Client, personas: Personas, figures: None, code: str
) -> None:
    page_url = "/data-terbuka/" if code == "00" else f"/data-terbuka/{code}/"
    for reader in _readers(client, personas):
        page = client.get(f"{page_url}?periode={PERIOD}").content.decode()
        shown = set(re.findall(r'data-figure="([a-z_0-9]+)"', page))
        assert shown and shown <= set(NAMES), reader
        text = client.get(f"/data-terbuka/{code}/unduh.csv?periode={PERIOD}").content.decode("utf-8-sig")
        header = next(csv.reader(io.StringIO(text)))
        assert header == list(NAMES), reader
        data = client.get(f"/data-terbuka/{code}/unduh.json?periode={PERIOD}").json()
        assert data["columns"] == list(NAMES)
        rows = [data["total"], *data["rows"]] if data["total"] else data["rows"]
        assert rows and all(set(row) == {*NAMES, "suppressed"} for row in rows), reader
        assert not set(UNMARKED) & (_json_keys(data) - {"level", "kind"}), reader  # the region's own level


def test_the_officer_of_region_b_gets_region_a_districts_suppressed_and_a_s_officer_whole(
    client: Client, personas: Personas, figures: None
) -> None:
    client.force_login(personas.officer_b)
    hidden = client.get(f"/data-terbuka/53.71/unduh.json?periode={PERIOD}").json()
    assert hidden["suppression"]["applied"] is True
    assert any(row["suppressed"] for row in hidden["rows"])
    client.force_login(personas.officer_a)
    whole = client.get(f"/data-terbuka/53.71/unduh.json?periode={PERIOD}").json()
    assert whole["suppression"]["applied"] is False
    assert not any(row["suppressed"] for row in whole["rows"])
