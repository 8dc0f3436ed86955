"""Issue 16 §6: a `%0A` (or any control character) in a URL or a logged value cannot forge a log line,
in the plain format nor in JSON; a traceback's lines after the first are marked as its continuation."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from django.test import Client

from cakupan.ops.logs import CONTINUATION, JsonFormatter, PlainFormatter

FORGED = "2026-01-01 00:00:00,000 INFO cakupan.request POST /admin/ 200 user_id=1"
# Every way a line can be ended or a terminal rewritten: LF, CR, CRLF, NEL, the Unicode separators,
# the vertical tab, form feed, file/group/record separators (str.splitlines splits at those), ESC, DEL.
BREAKS = ["%0A", "%0D", "%0D%0A", "%C2%85", "%E2%80%A8", "%E2%80%A9", "%0B", "%0C", "%1C", "%1D", "%1E"]


def _request_record(caplog: pytest.LogCaptureFixture, path: str) -> logging.LogRecord:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="cakupan.request"):
        Client().get(path)
    return next(r for r in caplog.records if r.name == "cakupan.request")


@pytest.mark.django_db
@pytest.mark.parametrize("brk", BREAKS)
def test_a_line_break_in_a_url_forges_no_line_in_either_format(
    caplog: pytest.LogCaptureFixture, brk: str
) -> None:
    record = _request_record(caplog, f"/tidak-ada{brk}{FORGED.replace(' ', '%20')}%1B[2J%7F")
    plain = PlainFormatter().format(record)
    assert len(plain.splitlines()) == 1, plain
    assert FORGED in plain and "\\x1b[2J" in plain and "\\x7f" in plain
    line = JsonFormatter().format(record)
    assert len(line.splitlines()) == 1, line
    entry = json.loads(line)
    assert FORGED in entry["message"] and "\x1b[2J" in entry["message"]  # the value itself is kept


@pytest.mark.parametrize("formatter", [PlainFormatter(), JsonFormatter()], ids=["plain", "json"])
def test_control_characters_in_arguments_and_extra_fields_stay_on_the_line(
    formatter: logging.Formatter,
) -> None:
    record = logging.LogRecord(
        "cakupan.test", logging.WARNING, __file__, 1, "file %s", (f"a.csv\r\n{FORGED}",), None
    )
    record.__dict__.update({"file_name": f"b.csv\n{FORGED}\u2028x\x85y", "rows": 3})
    line = formatter.format(record)
    assert len(line.splitlines()) == 1, line
    assert "\r" not in line and "\u2028" not in line and "\x85" not in line


def test_a_traceback_follows_on_marked_lines_even_when_its_message_carries_a_forged_line() -> None:
    try:
        raise ValueError(f"bad value\n{FORGED}")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("cakupan.test", logging.ERROR, __file__, 1, "failed", (), exc_info)
    lines = PlainFormatter().format(record).split("\n")
    assert lines[0].endswith("failed") and len(lines) > 3
    assert all(line.startswith(CONTINUATION) for line in lines[1:])
    assert not any(line.startswith(FORGED) for line in lines)
    entry = JsonFormatter().format(record)
    assert len(entry.splitlines()) == 1 and FORGED in json.loads(entry)["exception"]
