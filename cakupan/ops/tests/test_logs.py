"""Logs: one line per request without query strings, JSON for collectors, and never a NIK."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pytest
from django.test import Client

from cakupan.ops.logs import MASK, JsonFormatter, MaskedStreamHandler, PlainFormatter, logging_config

NIK = "5371012345670001"


def _record(message: str, *args: Any, exc: bool = False, **extra: Any) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise ValueError(f"bad cell {NIK}")
        except ValueError:
            import sys

            exc_info = sys.exc_info()
    record = logging.LogRecord("cakupan.test", logging.WARNING, __file__, 1, message, args, exc_info)
    record.__dict__.update(extra)
    return record


@pytest.mark.parametrize("formatter", [PlainFormatter(), JsonFormatter()], ids=["plain", "json"])
def test_a_nik_is_masked_in_the_message_its_arguments_extra_fields_and_tracebacks(formatter: Any) -> None:
    line = formatter.format(_record("row %s has %s", 7, NIK, exc=True, path=f"/peserta/{NIK}/"))
    assert NIK not in line
    assert MASK in line
    assert "row 7" in line


def test_numbers_that_are_not_sixteen_digits_are_left_alone() -> None:
    line = PlainFormatter().format(_record("workers %s of %s", 558115, 16545260000000001))
    assert "558115" in line
    assert "16545260000000001" in line  # seventeen digits: not a NIK


def test_the_json_format_is_one_object_a_line_with_the_extra_fields() -> None:
    line = JsonFormatter().format(_record("import %s", "done", batch=12))
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "cakupan.test"
    assert entry["message"] == "import done"
    assert entry["batch"] == 12
    assert "\n" not in line


def test_production_logs_as_json_by_default() -> None:
    config = logging_config(level="INFO", fmt="json")
    assert config["formatters"]["cakupan"]["()"].endswith("JsonFormatter")


@pytest.mark.django_db
def test_every_request_is_logged_once_without_its_query_string(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="cakupan.request"):
        response = client.get(f"/sehat/?cari={NIK}", HTTP_X_REQUEST_ID="proxy-id-1234")
    records = [r for r in caplog.records if r.name == "cakupan.request"]
    assert len(records) == 1
    record = records[0]
    assert record.getMessage() == "GET /sehat/ 200"
    assert record.__dict__["status"] == 200
    assert record.__dict__["user_id"] is None
    assert record.__dict__["request_id"] == "proxy-id-1234"
    assert response.headers["X-Request-ID"] == "proxy-id-1234"
    assert NIK not in caplog.text


@pytest.mark.django_db
def test_a_request_id_that_does_not_look_like_one_is_replaced(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="cakupan.request"):
        response = client.get("/sehat/", HTTP_X_REQUEST_ID="<script>" + NIK)
    assert response.headers["X-Request-ID"] != "<script>" + NIK
    assert len(response.headers["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_a_nik_in_a_page_address_never_reaches_the_log_output(client: Client, capsys: Any) -> None:
    # Through the real handler and formatter, as the server writes them.
    handler = logging.StreamHandler()
    handler.setFormatter(PlainFormatter())
    logger = logging.getLogger("cakupan.request")
    logger.addHandler(handler)
    try:
        client.get(f"/wilayah/{NIK}/")
    finally:
        logger.removeHandler(handler)
    err = capsys.readouterr().err
    assert "/wilayah/" in err
    assert NIK not in err


@pytest.mark.parametrize("formatter", [PlainFormatter(), JsonFormatter()], ids=["plain", "json"])
@pytest.mark.parametrize(
    "written", ["3201 2345 0190 0001", "3201-2345-0190-0001", "32.01.23.450190.0001", "3.20123450190001E+15"]
)
def test_a_nik_written_in_groups_or_as_excel_shows_a_number_is_masked(formatter: Any, written: str) -> None:
    line = formatter.format(_record("cell %s refused", written, value=written))
    assert written not in line
    assert "2345" not in line and "20123" not in line
    assert line.count(MASK) == 2


def test_a_nik_logged_as_a_number_leaves_valid_json() -> None:
    line = JsonFormatter().format(_record("cell refused", value=3201234501900001, ratio=3.201234501900001e15))
    entry = json.loads(line)
    assert entry["value"] == MASK and entry["ratio"] == MASK


def test_numbers_that_look_grouped_but_are_not_niks_are_left_alone() -> None:
    line = PlainFormatter().format(
        _record("NPP 12345678 2024-06-30, telp 0812 3456 7890, 53.71.02.1001 2024-06")
    )
    assert "NPP 12345678 2024-06-30, telp 0812 3456 7890, 53.71.02.1001 2024-06" in line


def test_a_handler_that_cannot_write_reports_its_failure_with_the_nik_masked(capsys: Any) -> None:
    closed = io.StringIO()
    handler = MaskedStreamHandler(closed)
    handler.setFormatter(PlainFormatter())
    closed.close()
    handler.handle(_record("cell %s refused", "3201 2345 0190 0001"))
    err = capsys.readouterr().err
    assert "Logging error (ValueError) for cakupan.test: cell [16 digits hidden] refused" in err
    assert "2345" not in err


def test_the_console_handler_is_the_masked_one() -> None:
    config = logging_config(level="INFO", fmt="plain")
    assert config["handlers"]["console"]["class"] == "cakupan.ops.logs.MaskedStreamHandler"
