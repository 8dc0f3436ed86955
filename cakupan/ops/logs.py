"""Log records as plain lines or one JSON object a line, with NIK-like numbers masked in every handler.

A NIK must never reach a log. Code never logs one on purpose, but an exception about a bad cell, or a URL
someone typed, could carry one; masking at the formatter catches whatever slipped through.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

from cakupan.core.nik import contains_nik, mask_niks
from cakupan.core.problems import HIDDEN

# What stands for a NIK in a log line: the same words as in problem reports.
MASK = HIDDEN
# Attributes every LogRecord has; anything else on a record came from `extra=` and is written out.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


def mask(text: str) -> str:
    """The line with every NIK the one detector finds (grouped digits too) hidden."""
    return mask_niks(text)


# Characters that end or rewrite a line somewhere: the C0 and C1 controls (newline, carriage return, the
# terminal's escape), DEL, and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# What starts every line of a record after its first (a traceback): no logged text can forge a record.
CONTINUATION = "    | "


def escape_controls(text: str) -> str:
    """The text on one line: every control character written as its escape (`\\n`, `\\x1b`, `\\u2028`),
    so that a `%0A` in a URL or a value cannot forge a log line or repaint a terminal."""
    return _CONTROL.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    if named is not None:
        return named
    return f"\\x{ord(char):02x}" if ord(char) <= 0xFF else f"\\u{ord(char):04x}"


class PlainFormatter(logging.Formatter):
    """`time LEVEL logger message key=value…`, one line a record; the message and the values are escaped,
    and a traceback follows on lines that each start with CONTINUATION."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.message = escape_controls(record.getMessage())
        record.asctime = self.formatTime(record, self.datefmt)
        line = self.formatMessage(record)
        extra = {k: v for k, v in record.__dict__.items() if k not in _STANDARD}
        if extra:
            line += " " + " ".join(
                f"{escape_controls(str(k))}={escape_controls(str(v))}" for k, v in sorted(extra.items())
            )
        more = []
        if record.exc_info:
            more.append(self.formatException(record.exc_info))
        if record.stack_info:
            more.append(self.formatStack(record.stack_info))
        for text in more:
            line += "".join(f"\n{CONTINUATION}{escape_controls(part)}" for part in text.split("\n"))
        return mask(line)


class JsonFormatter(logging.Formatter):
    """One JSON object a line, for a log collector: time, level, logger, message, and the `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        # Masked value by value, so that a NIK logged as a number leaves valid JSON (a string in its
        # place); the whole line again for whatever `default=str` made of other objects. JSON escapes the
        # C0 controls itself; DEL, the C1 controls and the line separators are escaped here too, since
        # some readers split lines at them.
        line = json.dumps(_masked(entry), ensure_ascii=False, default=str)
        return mask(_JSON_RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", line))


_JSON_RAW_CONTROL = re.compile("[\x7f-\x9f\u2028\u2029]")


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(v) for v in value]
    if isinstance(value, int | float) and contains_nik(value):
        return HIDDEN
    return value


class MaskedStreamHandler(logging.StreamHandler):
    """A stream handler whose report of its own failure (a closed or broken stream) masks NIKs too:
    logging's default prints the record's raw message and arguments to standard error."""

    def handleError(self, record: logging.LogRecord) -> None:
        if not logging.raiseExceptions or sys.stderr is None:
            return
        error = sys.exc_info()[1]
        try:
            message = record.getMessage()
        except Exception:  # the arguments do not fit the message: show the message alone
            message = str(record.msg)
        line = mask(f"--- Logging error ({type(error).__name__}) for {record.name}: {message}\n")
        with contextlib.suppress(Exception):  # standard error is gone too: nothing left to tell
            sys.stderr.write(line)


def logging_config(*, level: str, fmt: str) -> dict[str, Any]:
    """The one logging set-up: Django's settings and the gunicorn configuration both use it."""
    formatter = "cakupan.ops.logs.JsonFormatter" if fmt == "json" else "cakupan.ops.logs.PlainFormatter"
    quiet = ("axes", "axes.apps", "weasyprint", "fontTools")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"cakupan": {"()": formatter}},
        "handlers": {"console": {"class": "cakupan.ops.logs.MaskedStreamHandler", "formatter": "cakupan"}},
        # django-axes announces itself at every start, WeasyPrint and fontTools every step of every PDF;
        # only their warnings matter. Requests are logged once, by cakupan.request, not again by Django.
        "loggers": {
            **{name: {"level": "WARNING"} for name in quiet},
            "django.server": {"level": "WARNING"},
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
        "root": {"handlers": ["console"], "level": level},
    }
