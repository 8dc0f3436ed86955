"""The readers and validators of every import, fed arbitrary bytes, arbitrary CSV text and damaged valid
files: each either accepts the file or reports problems (a row, a reason, never a NIK); none raises.

The example counts are small so the suite stays quick; CAKUPAN_FUZZ_EXAMPLES=2000 runs a longer search."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from cakupan.analytics import checks
from cakupan.analytics.ingest import prepare
from cakupan.analytics.rollup import rollup_run
from cakupan.compliance.validation import validate_employers
from cakupan.core.engine_files import MATCH_LIST, PARTICIPANTS
from cakupan.imports import values
from cakupan.imports.readers import FileRefused, read_table
from cakupan.imports.validation import validate_file
from cakupan.maps.services import boundaries_import
from cakupan.monev.importing import validate_monev_file
from cakupan.participants.services import known_region_codes
from tests.corpus.build import workbook
from tests.corpus.seed import GOOD_ROWS, HEADERS

NIK_LIKE = re.compile(r"\d{16}")
TABLES = tuple(HEADERS)


def fuzz(default: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Hypothesis settings: `default` examples (CAKUPAN_FUZZ_EXAMPLES overrides), no deadline (the machine is
    shared), nothing written to a .hypothesis folder."""
    return settings(
        max_examples=int(os.environ.get("CAKUPAN_FUZZ_EXAMPLES") or default),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --- what a cell or a file can hold ------------------------------------------------------------------------

# Pieces of real values, so the fuzzer gets past the first check often enough to reach the later ones.
WORDS = st.sampled_from(
    [
        "53", "53.71", "5371", "53.71.01", "537101", "53.71.01.1001", "00", "99", "53.99", "5301", "53.1",
        "2024-06", "2024-13", "2024-6", "1900-01", "2099-12", "2025", "25", "total", "formal", "PU", "BPU",
        "aktif", "inactive", "JKK", "JKK;JKM", "JKN", "coverage_rate", "APBDES", "CSR", "0", "-5", "1.654",
        "1,654", "1.654.526", "1,5", "45,50", "1.234,5", "=SUM(A1)", "@x", "+1", "5371014107850003", "NPP001",
        "Rp 1.500,-", "45,5 %", "0,455", "Juni 2024",
        "", " ", '"', "\t", "é", "\x00", "\ufeff",
    ]
)  # fmt: skip
TEXT_CELLS = st.one_of(WORDS, st.text(max_size=30))
CELLS = st.one_of(
    TEXT_CELLS,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.times(),
)


def csv_of(header: list[str], rows: list[list[str]], delimiter: str) -> bytes:
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    return "\n".join(lines).encode("utf-8", errors="surrogatepass")


@st.composite
def table_files(draw: st.DrawFn, header: tuple[str, ...]) -> tuple[str, bytes]:
    """A CSV (or, now and then, an XLSX) of the dataset's header, mostly, with cells good and bad."""
    columns = list(header)
    if draw(st.booleans()):
        columns = draw(st.lists(st.one_of(st.sampled_from(header), TEXT_CELLS), max_size=len(header) + 2))
    rows = draw(st.lists(st.lists(TEXT_CELLS, max_size=len(columns) + 2), max_size=6))
    if draw(st.integers(0, 5)) == 0:  # a workbook cannot hold control characters
        cells = [[ILLEGAL_CHARACTERS_RE.sub("", c) for c in row] for row in [columns, *rows]]
        return "data.xlsx", workbook([("Data", cells)])
    delimiter = draw(st.sampled_from([",", ";"]))
    return "data.csv", csv_of(columns, rows, delimiter)


def _good_csv(dataset: str) -> bytes:
    return csv_of(list(HEADERS[dataset]), [[str(c) for c in GOOD_ROWS[dataset]]] * 2, ",")


def _good_xlsx(dataset: str) -> bytes:
    return workbook([("Data", [HEADERS[dataset], GOOD_ROWS[dataset]])])


@st.composite
def damaged(draw: st.DrawFn, content: bytes) -> bytes:
    """A valid file with some bytes changed, inserted or cut."""
    data = bytearray(content)
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if action == "flip" and data:
            data[position] = draw(st.integers(0, 255))
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 64))]
        else:
            del data[position:]
    return bytes(data)


def _checked(problems: list[Any]) -> None:
    for p in problems:
        assert p.row >= 0 and p.reason.strip(), p
        assert not NIK_LIKE.search(f"{p.column} {p.value} {p.reason}"), f"a NIK in a report: {p}"
        assert len(p.column) + len(p.value) + len(p.reason) < 1000, p


# --- cells ------------------------------------------------------------------------------------------------

PARSERS: dict[str, Callable[[Any], object]] = {
    "region": values.parse_region,
    "month": lambda cell: values.parse_month(cell, latest="2026-06"),
    "year": lambda cell: values.parse_year(cell, latest=2036),
    "count": values.parse_count,
    "amount": values.parse_amount,
    "percent": values.parse_percent,
    "decimal": values.parse_decimal,
    "text": lambda cell: values.parse_text(cell, max_length=300),
}


@pytest.mark.parametrize("kind", PARSERS)
@fuzz(150)
@given(cell=CELLS)
def test_a_cell_is_parsed_or_refused_with_a_reason(kind: str, cell: Any) -> None:
    try:
        PARSERS[kind](cell)
    except values.ValueProblem as problem:
        assert str(problem).strip()


# --- readers and validators of the table datasets --------------------------------------------------------


@fuzz(150)
@given(
    name=st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a.pdf"]),
    content=st.one_of(
        st.binary(max_size=600),
        damaged(_good_csv("workforce")),
        damaged(_good_xlsx("workforce")),
        damaged(_good_xlsx("employers")),
    ),
)
def test_any_bytes_are_read_as_a_table_or_refused(name: str, content: bytes) -> None:
    try:
        table = read_table(name, content)
        for _number, _cells in table.rows:
            pass
    except FileRefused as refused:
        assert str(refused).strip()


# Built once: a workbook records the time it was saved, and a strategy must draw the same way every time.
FILES_OF = {
    dataset: st.one_of(
        table_files(HEADERS[dataset]),
        st.tuples(st.just("d.csv"), damaged(_good_csv(dataset))),
        st.tuples(st.just("d.xlsx"), damaged(_good_xlsx(dataset))),
    )
    for dataset in TABLES
}


def _validate(dataset: str, name: str, content: bytes) -> list[Any]:
    if dataset == "employers":
        return validate_employers(file_name=name, content=content).problems
    if dataset in ("vulnerable_funding", "benefits"):
        return validate_monev_file(dataset_name=dataset, file_name=name, content=content).problems
    return validate_file(dataset_name=dataset, file_name=name, content=content).problems


@pytest.mark.django_db
@pytest.mark.parametrize("dataset", TABLES)
@fuzz(40)
@given(data=st.data())
def test_any_file_of_a_dataset_is_validated_to_rows_or_problems(dataset: str, data: st.DataObject) -> None:
    name, content = data.draw(FILES_OF[dataset])
    _checked(_validate(dataset, name, content))


# --- participant files and lists ---------------------------------------------------------------------------

PARTICIPANT_HEADER = ["nik_hash", "region_code", "period", "segment", "status", "programs", "employer_id"]
HASHES = st.sampled_from(["3f" * 32, "a1" * 32, "A1" * 32, "5371014107850003", "", "x"])


@st.composite
def participant_csv(draw: st.DrawFn, header: list[str]) -> bytes:
    columns = draw(st.one_of(st.just(header), st.lists(st.one_of(st.sampled_from([*header, "nik"]), WORDS))))
    rows = [
        [draw(HASHES if c == "nik_hash" else TEXT_CELLS) for c in columns] + draw(st.lists(WORDS, max_size=1))
        for _ in range(draw(st.integers(0, 4)))
    ]
    return csv_of(columns, rows, ",")


@fuzz(60)
@given(
    kind=st.sampled_from(["p.csv", "p.parquet", "l.csv"]),
    content=st.one_of(st.binary(max_size=400), participant_csv(PARTICIPANT_HEADER)),
)
def test_any_participant_file_is_prepared_or_refused(
    kind: str, content: bytes, tmp_path_factory: Any
) -> None:
    spec = MATCH_LIST if kind.startswith("l") else PARTICIPANTS
    work = tmp_path_factory.mktemp("prepare")
    prepared = prepare(path=kind, spec=spec, work_dir=work, content=content, file_name=kind)
    _checked(prepared.problems)


@pytest.mark.django_db
@fuzz(8)
@given(content=participant_csv(PARTICIPANT_HEADER))
def test_any_participants_csv_is_rolled_up_or_refused(content: bytes, tmp_path_factory: Any) -> None:
    folder: Path = tmp_path_factory.mktemp("rollup")
    path = folder / "p.csv"
    path.write_bytes(content)
    result = rollup_run(path=path, work_dir=folder, known_codes=known_region_codes, latest_period="2026-06")
    _checked(result.problems)
    assert result.ok == bool(result.figures)


@fuzz(150)
@given(values_=st.lists(st.one_of(st.none(), TEXT_CELLS), max_size=8))
def test_the_column_checks_of_participant_files_take_any_text(values_: list[str | None]) -> None:
    checks.region_problems(values_, known=None, within="53.71")
    checks.period_problems(values_, latest="2026-06")
    checks.segment_problems(values_)
    checks.status_problems(values_)
    checks.program_problems(values_)
    found = checks.text_problems(values_, max_length=200)
    assert all(not NIK_LIKE.search(reason) for reason in found.values())


# --- boundaries ---------------------------------------------------------------------------------------------

NUMBERS = st.one_of(st.floats(-200, 200), st.integers(-200, 200), st.sampled_from([123.5, -10.2, 124.0]))
JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), NUMBERS, TEXT_CELLS),
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(TEXT_CELLS, inner, max_size=4)),
    max_leaves=30,
)
RING = st.lists(st.lists(NUMBERS, min_size=2, max_size=3), min_size=0, max_size=6)
FEATURE = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["Feature", "Feature", "feature"]),
        "properties": st.one_of(st.dictionaries(st.sampled_from(["code", "kode", "label_lat"]), JSON), JSON),
        "geometry": st.one_of(
            st.fixed_dictionaries(
                {"type": st.sampled_from(["Polygon", "MultiPolygon", "Point"]), "coordinates": st.lists(RING)}
            ),
            JSON,
        ),
    }
)
COLLECTION = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["FeatureCollection", "Feature"]),
        "features": st.one_of(st.lists(FEATURE), JSON),
    }
)


@pytest.mark.django_db
@fuzz(80)
@given(
    content=st.one_of(
        st.binary(max_size=300),
        COLLECTION.map(lambda d: json.dumps(d).encode()),
        JSON.map(lambda d: json.dumps(d).encode()),
    )
)
def test_any_boundaries_file_is_checked_to_features_or_problems(content: bytes) -> None:
    result = boundaries_import(file_name="b.geojson", content=content, dry_run=True)
    _checked(result.problems)


def test_the_fuzzing_settings_take_the_longer_run_from_the_environment(monkeypatch: Any) -> None:
    monkeypatch.setenv("CAKUPAN_FUZZ_EXAMPLES", "7")
    assert fuzz(3)(lambda: None)._hypothesis_internal_use_settings.max_examples == 7  # type: ignore[attr-defined]
