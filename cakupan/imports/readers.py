"""Reading CSV and XLSX files into a header and raw rows. No validation of content here."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

Cell = str | int | float | bool | date | datetime | time | timedelta | None

# Limits against files built to exhaust memory (a "zip bomb" posing as XLSX).
MAX_XLSX_UNCOMPRESSED = 400 * 1024 * 1024
MAX_XLSX_RATIO = 200
XLSX_MAGIC = b"PK\x03\x04"


class FileRefused(Exception):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[Cell]]]  # (row number as a spreadsheet shows it, cells)
    kind: str


def read_table(name: str, content: bytes) -> Table:
    if not content.strip():
        raise FileRefused(_("The file is empty."))
    lowered = name.lower()
    if lowered.endswith(".xlsx") or content.startswith(XLSX_MAGIC):
        if not lowered.endswith(".xlsx"):
            raise FileRefused(_("The file is a spreadsheet (XLSX) but its name does not end in .xlsx."))
        return _read_xlsx(content)
    if lowered.endswith((".csv", ".txt")):
        return _read_csv(content)
    raise FileRefused(_("Unsupported file type: use CSV (.csv) or Excel (.xlsx)."))


def _read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused(
            _("The file is not UTF-8 text (byte 0x%(byte)02X at position %(pos)d). Save it as CSV UTF-8.")
            % {"byte": content[exc.start], "pos": exc.start}
        ) from None
    if "\x00" in text:
        raise FileRefused(_("The file contains NUL characters; it is not a CSV text file."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise FileRefused(_("The file is empty.")) from None
    except csv.Error as exc:
        raise FileRefused(_("Row 1 cannot be read as CSV: %(error)s") % {"error": exc}) from None

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        try:
            for record in reader:
                yield reader.line_num, list(record)
        except csv.Error as exc:
            raise FileRefused(
                _("Row %(row)d cannot be read as CSV: %(error)s") % {"row": reader.line_num, "error": exc}
            ) from None

    return Table(header=header, rows=rows(), kind="csv")


def _check_zip(content: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise FileRefused(_("The XLSX file is damaged or not an Excel workbook.")) from None
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_XLSX_UNCOMPRESSED or total > MAX_XLSX_RATIO * max(len(content), 1):
        raise FileRefused(
            _("The XLSX file unpacks to %(size)d MB, far more than its data can need; it is refused.")
            % {"size": total // (1024 * 1024)}
        )


def _read_xlsx(content: bytes) -> Table:
    _check_zip(content)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        if not workbook.sheet_names:
            raise FileRefused(_("The workbook has no sheet."))
        data = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except FileRefused:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged workbooks
        raise FileRefused(_("The XLSX file cannot be read: %(error)s") % {"error": exc}) from None
    if not data:
        raise FileRefused(_("The first sheet of the workbook is empty."))
    header = ["" if c is None else str(c) for c in data[0]]

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        for number, record in enumerate(data[1:], start=2):
            yield number, [None if c == "" else c for c in record]

    return Table(header=header, rows=rows(), kind="xlsx")
