"""An engine's figures read as the pipeline's rows (`imports.arrow_rows`): the same rows a list of
`ParsedRow` would hold, in order, by index, slice and walk, across the blocks it makes them in; their
regions and months without a row each; and a `Validation` of them keeps them as they are."""

from __future__ import annotations

import pyarrow as pa
import pytest

from cakupan.imports import arrow_rows
from cakupan.imports.arrow_rows import ArrowRows, regions_of, whens_of
from cakupan.imports.datasets import ParsedRow
from cakupan.imports.validation import Validation

FIGURES = [
    ("53", "2024-06", "PU", "active", 7, "participants:53"),
    ("53.71", "2024-06", "PU", "active", 5, "participants:53"),
    ("53.71", "2024-07", "BPU", "inactive", 0, "participants:53"),
    ("53.71.01", "2024-07", "PMI", "active", 12_345_678_901, "participants:"),
    ("53.71.01.1001", "2024-07", "JAKON", "active", 3, "participants:"),
]


def arrow(figures: list[tuple[str, str, str, str, int, str]] = FIGURES) -> ArrowRows:
    region, when, segment, status, value, source = (list(c) for c in zip(*figures, strict=True))
    return ArrowRows(
        region=pa.chunked_array([region[:2], region[2:]], pa.string()),  # chunks, as a join gives them
        when=pa.array(when),
        items=[pa.array(segment), pa.array(status)],
        value=pa.array(value, pa.int64()),
        source=pa.array(source),
    )


def as_list(figures: list[tuple[str, str, str, str, int, str]] = FIGURES) -> list[ParsedRow]:
    return [ParsedRow(0, r, w, (seg, st), v, s) for r, w, seg, st, v, s in figures]


def test_the_rows_are_those_a_list_of_parsed_rows_would_hold() -> None:
    rows = arrow()
    assert len(rows) == 5 and list(rows) == as_list()
    assert rows[0] == as_list()[0] and rows[-1] == as_list()[-1] and rows[3].value == 12_345_678_901
    assert rows[1:4] == as_list()[1:4] and rows[::2] == as_list()[::2] and rows[4:2] == []
    assert rows.index(as_list()[2]) == 2 and as_list()[1] in rows


def test_an_index_outside_the_rows_is_an_index_error() -> None:
    with pytest.raises(IndexError):
        arrow()[5]
    with pytest.raises(IndexError):
        arrow()[-6]


def test_the_walk_makes_its_rows_block_by_block_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(arrow_rows, "_BLOCK", 2)
    assert list(arrow()) == as_list()


def test_taken_rows_come_in_the_order_asked() -> None:
    taken = arrow().take(pa.array([4, 0, 2]))
    assert list(taken) == [as_list()[i] for i in (4, 0, 2)]
    assert list(arrow().take(pa.array([], pa.int64()))) == []


def test_the_regions_and_months_are_read_from_the_columns() -> None:
    rows = arrow()
    assert rows.regions == {"53", "53.71", "53.71.01", "53.71.01.1001"} == regions_of(as_list())
    assert rows.whens == {"2024-06", "2024-07"} == whens_of(as_list())
    assert regions_of(rows) == rows.regions and whens_of(rows) == rows.whens


def test_columns_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="length"):
        ArrowRows(
            region=pa.array(["53"]),
            when=pa.array(["2024-06", "2024-07"]),
            items=[pa.array(["PU"]), pa.array(["active"])],
            value=pa.array([1]),
            source=pa.array([""]),
        )


def test_a_validation_of_an_engines_figures_keeps_its_rows_as_they_are() -> None:
    rows = arrow()
    validation = Validation.of_figures(
        dataset_name="participation", file_name="p.parquet", sha256="0" * 64, size=1, rows=rows, data_rows=9
    )
    assert validation.rows is rows and validation.ok
    assert validation.region_codes == ["53", "53.71", "53.71.01", "53.71.01.1001"]
    assert validation.periods == ["2024-06", "2024-07"]
    listed = Validation.of_figures(
        dataset_name="participation", file_name="p.csv", sha256="0" * 64, size=1, rows=as_list(), data_rows=5
    )
    assert listed.region_codes == validation.region_codes and listed.periods == validation.periods
