"""Reading CSV and XLSX files into a header and raw rows. No validation of content here."""

from __future__ import annotations

import codecs
import csv
import io
import struct
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
MAX_XLSX_DIRECTORY = 1024 * 1024  # a workbook's index lists a few dozen parts in a few kilobytes
XLSX_MAGIC = b"PK\x03\x04"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class FileRefused(Exception):
    """The file as a whole cannot be read; the message says why, and `row` where (0: nowhere in
    particular)."""

    def __init__(self, message: str, *, row: int = 0) -> None:
        super().__init__(message)
        self.row = row


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[Cell]]]  # (row number as a spreadsheet shows it, cells)
    kind: str
    sheets: tuple[str, ...] = ()  # XLSX: every sheet of the workbook; the data is read from the first


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


def sheet_hint(table: Table) -> str | None:
    """For a workbook whose first sheet does not hold the expected header: which sheet was read, and the
    others the data may be on."""
    if table.kind != "xlsx" or len(table.sheets) < 2:
        return None
    return _(
        "The data is read from the first sheet, '%(sheet)s'; the workbook also has %(others)s. "
        "Put the data on the first sheet."
    ) % {"sheet": table.sheets[0], "others": ", ".join(f"'{s}'" for s in table.sheets[1:])}


def _read_csv(content: bytes) -> Table:
    if content.startswith(_UTF16_BOMS):
        raise FileRefused(_("The file is UTF-16 text (Excel's 'Unicode Text'). Save it as CSV UTF-8."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = content.count(b"\n", 0, exc.start) + 1
        raise FileRefused(
            _(
                "The file is not UTF-8 text: row %(row)d has byte 0x%(byte)02X (at position %(pos)d). "
                "Save it as CSV UTF-8."
            )
            % {"row": row, "byte": content[exc.start], "pos": exc.start},
            row=row,
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
        raise FileRefused(_csv_problem(1, exc), row=1) from None

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        try:
            for record in reader:
                yield reader.line_num, list(record)
        except csv.Error as exc:
            raise FileRefused(_csv_problem(reader.line_num, exc), row=reader.line_num) from None

    return Table(header=header, rows=rows(), kind="csv")


def _csv_problem(row: int, error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return _("Row %(row)d has a cell longer than %(limit)d characters; no column needs that much.") % {
            "row": row,
            "limit": csv.field_size_limit(),
        }
    return _("Row %(row)d cannot be read as CSV: %(error)s") % {"row": row, "error": error}


def _directory_size(content: bytes) -> int | None:
    """The size of the zip's index as its end record declares it, read before the index is parsed (zipfile
    takes a minute and gigabytes to list a million parts); None when there is no end record."""
    end = content.rfind(b"PK\x05\x06", max(0, len(content) - 65_557))
    if end < 0 or end + 22 > len(content):
        return None
    (size,) = struct.unpack_from("<I", content, end + 12)
    if size == 0xFFFFFFFF:  # ZIP64: the size is in the ZIP64 end record
        end64 = content.rfind(b"PK\x06\x06", 0, end)
        if end64 < 0 or end64 + 56 > len(content):
            return None
        (size,) = struct.unpack_from("<Q", content, end64 + 40)
    return int(size)


def _check_zip(content: bytes) -> None:
    """Refuse a workbook that would exhaust memory or time before anything unpacks it. The sizes checked are
    those the zip declares; the spreadsheet reader stops where a part grows beyond its declared size."""
    damaged = _("The XLSX file is damaged or not an Excel workbook.")
    directory = _directory_size(content)
    if directory is None:
        raise FileRefused(damaged)
    if directory > MAX_XLSX_DIRECTORY:
        raise FileRefused(
            _("The XLSX file lists far more parts than a workbook has (%(kb)d KB of index); it is refused.")
            % {"kb": directory // 1024}
        )
    try:
        total = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(content)).infolist())
    except Exception:  # zipfile raises several types (BadZipFile, NotImplementedError, ValueError…)
        raise FileRefused(damaged) from None
    if total > MAX_XLSX_UNCOMPRESSED or total > MAX_XLSX_RATIO * max(len(content), 1):
        raise FileRefused(
            _("The XLSX file unpacks to %(size)d MB, far more than its data can need; it is refused.")
            % {"size": total // (1024 * 1024)}
        )


def _read_xlsx(content: bytes) -> Table:
    _check_zip(content)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheets = tuple(workbook.sheet_names)
        if not sheets:
            raise FileRefused(_("The workbook has no sheet."))
        data = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except FileRefused:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged workbooks
        raise FileRefused(_("The XLSX file cannot be read: %(error)s") % {"error": exc}) from None
    if not data or all(c in (None, "") for row in data for c in row):
        if len(sheets) > 1:
            raise FileRefused(
                _(
                    "The first sheet of the workbook, '%(sheet)s', is empty; the data must be on the first "
                    "sheet (the workbook also has %(others)s)."
                )
                % {"sheet": sheets[0], "others": ", ".join(f"'{s}'" for s in sheets[1:])}
            )
        raise FileRefused(_("The first sheet of the workbook is empty."))
    header = ["" if c is None else str(c) for c in data[0]]

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        for number, record in enumerate(data[1:], start=2):
            yield number, [None if c == "" else c for c in record]

    return Table(header=header, rows=rows(), kind="xlsx", sheets=sheets)
