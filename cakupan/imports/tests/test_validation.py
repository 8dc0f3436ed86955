from __future__ import annotations

import io
import zipfile

import pytest
import time_machine
from django.utils import translation

from cakupan.indicators.models import ParticipationFigure
from tests.personas import (
    PARTICIPATION_HEADER,
    TARGETS_HEADER,
    WORKFORCE_HEADER,
    csv_bytes,
    load,
    validate,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today_in_english():
    # Reasons are asserted in English here; test_reasons_are_in_indonesian_by_default covers the default.
    with time_machine.travel("2026-11-22 09:00 +0700", tick=False), translation.override("en"):
        yield


def test_reasons_are_in_indonesian_by_default() -> None:
    with translation.override("id"):
        result = validate("workforce", csv_bytes(WORKFORCE_HEADER, [("53", "2024-13", "total", "1", "")]))
    assert "bulan" in result.problems[0].reason


def _problems(validation):
    return [(p.row, p.column, p.value) for p in validation.problems]


def test_a_valid_workforce_file_is_read_with_codes_stored_dotted() -> None:
    content = csv_bytes(WORKFORCE_HEADER, [("5301", "2024-06", "total", "1654526", "BPS")])
    result = validate("workforce", content)
    assert result.ok
    assert result.rows[0].region == "53.01"
    assert result.rows[0].value == 1_654_526


def test_semicolon_separated_files_with_a_bom_are_read() -> None:
    content = csv_bytes(WORKFORCE_HEADER, [("53", "2024-06", "total", "10", "")], delimiter=";", bom=True)
    assert validate("workforce", content).ok


def test_indonesian_column_names_and_values_are_accepted() -> None:
    content = csv_bytes(
        ("kode_wilayah", "periode", "segmen", "status", "peserta"), [("53.01", "2024-06", "pu", "aktif", "7")]
    )
    result = validate("participation", content)
    assert result.ok
    assert result.rows[0].item == ("PU", "active")


def test_unambiguous_thousands_separators_are_accepted() -> None:
    content = csv_bytes(
        WORKFORCE_HEADER,
        [("53", "2024-06", "total", "1.654.526", ""), ("53", "2024-06", "formal", "1,654,526", "")],
    )
    result = validate("workforce", content)
    assert result.ok
    assert [r.value for r in result.rows] == [1_654_526, 1_654_526]


def test_a_count_reads_one_group_of_three_digits_as_thousands_and_refuses_a_fraction() -> None:
    # Contract v2: a count has no fractions, so 105.120 in a count is 105,120 — as offices write it.
    content = csv_bytes(
        WORKFORCE_HEADER,
        [("53", "2024-06", "total", "105.120", ""), ("53", "2024-06", "formal", "1.5", "")],
    )
    result = validate("workforce", content)
    assert _problems(result) == [(3, "workers", "1.5")]
    assert "whole" in result.problems[0].reason
    assert (
        validate("workforce", content[: content.index(b"\n53,2024-06,formal")] + b"\n").rows[0].value
        == 105_120
    )


def test_every_error_is_reported_with_row_column_value_and_reason() -> None:
    content = csv_bytes(
        PARTICIPATION_HEADER,
        [
            ("53.01", "2024-13", "PU", "active", "10"),  # row 2: month 13
            ("53.01", "2024-06", "XX", "active", "10"),  # row 3: unknown segment
            ("53.01", "2024-06", "PU", "active", "-5"),  # row 4: negative
            ("99.99", "2024-06", "PU", "active", "10"),  # row 5: unknown region
            ("53.01", "2024-06", "PU", "active", "2.5"),  # row 6: not whole
            ("53.01", "2027-01", "BPU", "active", "1"),  # row 7: in the future
        ],
    )
    result = validate("participation", content, "peserta.csv")
    assert not result.ok
    assert _problems(result) == [
        (2, "period", "2024-13"),
        (3, "segment", "XX"),
        (4, "participants", "-5"),
        (5, "region_code", "99.99"),
        (6, "participants", "2.5"),
        (6, "region_code, period, segment, status", "53.01 / 2024-06 / PU / active"),  # the key of row 4
        (7, "period", "2027-01"),
    ]
    assert all(p.file == "peserta.csv" and p.reason for p in result.problems)
    assert "01" in result.problems[0].reason and "12" in result.problems[0].reason
    assert "future" in result.problems[6].reason


def test_a_duplicate_key_names_the_first_row() -> None:
    content = csv_bytes(
        PARTICIPATION_HEADER,
        [("53.01", "2024-06", "PU", "active", "10"), ("53.01", "2024-06", "pu", "aktif", "11")],
    )
    result = validate("participation", content)
    assert not result.ok
    problems = [p for p in result.problems if "duplicate" in p.reason]
    assert [(p.row, "row 2" in p.reason) for p in problems] == [(3, True)]


@pytest.mark.parametrize("make, name", [(csv_bytes, "peserta.csv"), (xlsx_bytes, "peserta.xlsx")])
def test_a_file_mixing_dotted_and_undotted_codes_is_stored_dotted(make, name) -> None:
    # The contract accepts either form for every code: each is normalised on its own.
    rows = [("5301", "2024-06", "PU", "active", "1"), ("53.02", "2024-06", "PU", "active", "2")]
    batch, _plan = load("participation", make(PARTICIPATION_HEADER, rows), name)
    assert batch is not None
    stored = ParticipationFigure.objects.order_by("region_id").values_list("region_id", "participants")
    assert list(stored) == [("53.01", 1), ("53.02", 2)]


def test_a_refused_file_counts_every_data_row_read() -> None:
    rows = [
        ("53.01", "2024-06", "PU", "active", "10"),
        ("53.01", "2024-13", "PU", "active", "1"),
        (),
        ("99", "2024-06", "PU", "active", "x"),
        ("53.01", "2024-06", "BPU", "active", "5"),
    ]
    result = validate("participation", csv_bytes(PARTICIPATION_HEADER, rows))
    assert not result.ok and len(result.rows) == 2
    assert result.data_rows == 4  # the blank line is not a data row


def test_missing_unknown_and_repeated_columns_are_named() -> None:
    content = csv_bytes(
        ("region_code", "period", "segment", "segment", "extra"), [("53", "2024-06", "PU", "PU", "1")]
    )
    result = validate("participation", content)
    columns = {p.column for p in result.problems}
    assert {"segment", "extra", "status", "participants"} <= columns
    assert all(p.row == 1 for p in result.problems)


def test_an_empty_file_is_refused() -> None:
    result = validate("workforce", b"")
    assert [(p.row, "empty" in p.reason) for p in result.problems] == [(0, True)]


def test_a_header_without_rows_is_refused() -> None:
    result = validate("workforce", csv_bytes(WORKFORCE_HEADER, []))
    assert not result.ok and "no data rows" in result.problems[0].reason


def test_a_file_that_is_not_utf8_is_refused_with_the_byte_position() -> None:
    content = "region_code,period,sector,workers,source\n53,2024-06,total,10,Sumbér\n".encode("latin-1")
    result = validate("workforce", content)
    assert not result.ok
    assert "UTF-8" in result.problems[0].reason and "0xE9" in result.problems[0].reason


def test_blank_lines_are_skipped() -> None:
    content = (
        csv_bytes(WORKFORCE_HEADER, [("53", "2024-06", "total", "10", ""), ("", "", "", "", "")]) + b"\n\n"
    )
    assert validate("workforce", content).ok


def test_a_row_longer_than_the_header_is_refused() -> None:
    content = b"region_code,period,sector,workers,source\n53,2024-06,total,10,BPS,surplus\n"
    result = validate("workforce", content)
    assert _problems(result) == [(2, "F", "surplus")]


def test_targets_are_percentages_for_coverage_and_whole_numbers_for_people() -> None:
    content = csv_bytes(
        TARGETS_HEADER,
        [
            ("51", "2025", "coverage_rate", "67.28", "Kemendagri"),
            ("51", "2026", "coverage_rate", "120", ""),
            ("51.04", "2025", "vulnerable_workers_funded", "12800", "Perbup"),
            ("51.04", "2026", "vulnerable_workers_funded", "12800.5", ""),
            ("51.04", "2027", "vulnerable_workers_funded", "12,800", ""),
        ],
    )
    result = validate("targets", content)
    # 12,800 people is twelve thousand eight hundred (contract v2); 12800.5 people is refused.
    assert [p.row for p in result.problems] == [3, 5]
    assert [r.value for r in result.rows if r.item == ("vulnerable_workers_funded",)] == [12800, 12800]


def test_a_decimal_comma_is_accepted_in_targets() -> None:
    result = validate("targets", csv_bytes(TARGETS_HEADER, [("51", "2025", "coverage_rate", "67,28", "")]))
    assert result.ok and str(result.rows[0].value) == "67.28"


def test_xlsx_files_are_read_from_the_first_sheet_with_typed_cells() -> None:
    import datetime

    content = xlsx_bytes(
        WORKFORCE_HEADER,
        [
            ("53.01", "2024-06", "total", 1654526, "BPS"),
            ("53.02", datetime.date(2024, 6, 30), "total", 10.0, None),
        ],
    )
    result = validate("workforce", content, "angkatan_kerja.xlsx")
    assert result.ok, result.problems
    assert [(r.region, r.when, r.value) for r in result.rows] == [
        ("53.01", "2024-06", 1_654_526),
        ("53.02", "2024-06", 10),
    ]


def test_a_region_code_stored_as_a_decimal_number_in_xlsx_is_refused() -> None:
    content = xlsx_bytes(WORKFORCE_HEADER, [(11.1, "2024-06", "total", 5, "")])
    result = validate("workforce", content, "a.xlsx")
    assert _problems(result) == [(2, "region_code", "11.1")]
    assert "text" in result.problems[0].reason


def test_a_zip_bomb_posing_as_xlsx_is_refused_before_unpacking() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    result = validate("workforce", buffer.getvalue(), "bomb.xlsx")
    assert not result.ok and result.problems[0].row == 0
    assert "unpacks" in result.problems[0].reason


def test_an_unsupported_file_type_is_refused() -> None:
    result = validate("workforce", b"%PDF-1.4", "data.pdf")
    assert not result.ok and ".xlsx" in result.problems[0].reason


def test_huge_cells_are_cut_short_in_the_report() -> None:
    content = csv_bytes(WORKFORCE_HEADER, [("53", "2024-06", "total", "1", "x" * 5000)])
    result = validate("workforce", content)
    assert result.problems[0].column == "source"
    assert len(result.problems[0].value) < 100
