"""Reading CSV and XLSX files into a header and raw rows, within limits. No validation of content here.

The header is row 1, or (given `is_header`) the first row within the first rows that it accepts: title rows
above it are skipped and named. Rows keep the numbers a spreadsheet shows. Limits (rows, columns, cells, and
for XLSX the unpacked size and compression ratio) come from settings; a file beyond them is refused with the
reason (see file_limits and xlsx_reader)."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import cast

from django.utils.translation import gettext as _

from cakupan.core.cells import Cell, PercentCell
from cakupan.core.headers import column_letter
from cakupan.core.problems import shown
from cakupan.imports.file_limits import FileRefused, Limits, Tally
from cakupan.imports.xlsx_reader import Workbook

__all__ = [
    "Cell",
    "FileRefused",
    "Limits",
    "PercentCell",
    "Table",
    "read_table",
    "sheet_hint",
    "total_row_label",
]

XLSX_MAGIC = b"PK\x03\x04"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
TITLE_TEXT = 80  # characters of a title row kept to name it

Row = tuple[int, list[Cell]]
IsHeader = Callable[[list[str]], bool]


@dataclass
class Table:
    header: list[str]
    rows: Iterator[Row]  # (row number as a spreadsheet shows it, cells)
    kind: str
    sheets: tuple[str, ...] = ()  # XLSX: every sheet of the workbook, hidden ones too, in order
    sheet: str = ""  # XLSX: the sheet read, the first that is not hidden
    hidden_sheets: tuple[str, ...] = ()
    header_row: int = 1
    title_rows: list[tuple[int, str]] = field(default_factory=list)  # (row number, its text, shortened)
    first_column: int = 0  # XLSX: the table starts here (0: column A); cells left of it are not read
    tally: Tally | None = None  # rows and cells read so far


def read_table(
    name: str, content: bytes, *, is_header: IsHeader | None = None, limits: Limits | None = None
) -> Table:
    """The header and rows of a CSV or XLSX file. `is_header` tells a header row from a title row (the
    reader cannot know the dataset's columns); without it, the first row that is not blank is the header."""
    limits = limits or Limits.from_settings()
    if not content.strip():
        raise FileRefused(_("The file is empty."))
    lowered = name.lower()
    if lowered.endswith(".xlsx") or content.startswith(XLSX_MAGIC):
        if not lowered.endswith(".xlsx"):
            raise FileRefused(_("The file is a spreadsheet (XLSX) but its name does not end in .xlsx."))
        return _read_xlsx(content, limits, is_header)
    if lowered.endswith((".csv", ".txt")):
        return _read_csv(content, limits, is_header)
    raise FileRefused(_("Unsupported file type: use CSV (.csv) or Excel (.xlsx)."))


def sheet_hint(table: Table) -> str | None:
    """For a workbook whose sheet read does not hold the expected header: which sheet was read, and the
    others the data may be on (hidden ones are named as such)."""
    if table.kind != "xlsx":
        return None
    others = [s for s in table.sheets if s != table.sheet and s not in table.hidden_sheets]
    listed = ", ".join(f"'{s}'" for s in others)
    hidden = ", ".join(f"'{s}'" for s in table.hidden_sheets)
    if table.hidden_sheets and others:
        return _(
            "The data is read from the first visible sheet, '%(sheet)s' (hidden sheets are not read: "
            "%(hidden)s); the workbook also has %(others)s. Put the data on the first visible sheet."
        ) % {"sheet": table.sheet, "hidden": hidden, "others": listed}
    if table.hidden_sheets:
        return _(
            "The data is read from the first visible sheet, '%(sheet)s'; hidden sheets are not read: "
            "%(hidden)s. Put the data on the first visible sheet."
        ) % {"sheet": table.sheet, "hidden": hidden}
    if not others:
        return None
    return _(
        "The data is read from the first sheet, '%(sheet)s'; the workbook also has %(others)s. "
        "Put the data on the first sheet."
    ) % {"sheet": table.sheet, "others": listed}


# Labels of a total or subtotal row, compared without case, spaces, dots, dashes or a closing colon.
TOTAL_LABELS = ("jumlah", "total", "jumlahtotal", "grandtotal", "subtotal", "totaljumlah", "jumlahseluruhnya")
_LABEL_NOISE = re.compile(r"[\s.\-_:]+")


def total_row_label(cells: Iterable[Cell]) -> str | None:
    """The label of a total row ("Jumlah", "TOTAL", "Sub Total"…) written in one of `cells`, as written; None
    for a row of data. Numbers, dates and booleans are never labels. The caller passes the cells that name a
    row (region code or name): in other columns "total" can be a value (the workforce sector)."""
    for cell in cells:
        if isinstance(cell, str) and _LABEL_NOISE.sub("", cell).casefold() in TOTAL_LABELS:
            return cell.strip()
    return None


def _text(cell: Cell) -> str:
    return "" if cell is None else str(cell)


def _title(cells: Sequence[Cell]) -> str:
    return shown(" ".join(_text(c).strip() for c in cells if _text(c).strip()), TITLE_TEXT)


def _blank(cells: Sequence[Cell]) -> bool:
    return all(_text(c).strip() == "" for c in cells)


@dataclass
class _Found:
    header_row: int
    header: list[Cell]
    title_rows: list[tuple[int, str]]
    rows: Iterator[Row]


def _find_header(rows: Iterator[Row], is_header: IsHeader | None, limits: Limits) -> _Found | None:
    """The header: the first non-blank row, or the first within rows 1 to `limits.header_rows` that
    `is_header` accepts (else the first non-blank row all the same: its problems are then reported). None
    when no row is read."""
    read: list[Row] = []
    for number, cells in rows:
        if _blank(cells):
            continue
        read.append((number, cells))
        if is_header is not None and number > limits.header_rows:
            break
        if is_header is None or is_header([_text(c) for c in cells]):
            titles = [(n, _title(r)) for n, r in read[:-1]]
            return _Found(number, cells, titles, rows)
    if not read:
        return None
    (number, cells), rest = read[0], read[1:]
    return _Found(number, cells, [], chain(rest, rows))


def _read_csv(content: bytes, limits: Limits, is_header: IsHeader | None) -> Table:
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
    guessed = ";" if first_line.count(";") > first_line.count(",") else ","
    other = "," if guessed == ";" else ";"
    found: _Found | None = None
    # A title row above the header says nothing of the separator: the other one is tried when the header is
    # not found with the first line's.
    for delimiter in (guessed, other) if is_header else (guessed,):
        tally = Tally(limits)
        try:
            found = _find_header(_csv_rows(text, delimiter, tally), is_header, limits)
        except FileRefused:
            if delimiter == guessed:
                raise
            continue  # not a file of the other separator either
        if found is None or is_header is None or is_header([_text(c) for c in found.header]):
            break
    else:  # no header found: the first line's separator, and the first row that is not blank
        tally = Tally(limits)
        found = _find_header(_csv_rows(text, guessed, tally), None, limits)
    if found is None:
        raise FileRefused(_("The file is empty."))
    return Table(
        header=[_text(c) for c in found.header],
        rows=found.rows,
        kind="csv",
        header_row=found.header_row,
        title_rows=found.title_rows,
        tally=tally,
    )


def _csv_rows(text: str, delimiter: str, tally: Tally) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number = 1
    try:
        for record in reader:
            number = reader.line_num
            if len(record) > tally.limits.columns:
                tally.check_width(len(record), number, column_letter(len(record) - 1))
            tally.add_cells(len(record), number)
            tally.add_row(number)
            yield number, cast("list[Cell]", record)  # a new list each row: the reader keeps none
    except csv.Error as exc:
        raise FileRefused(
            _csv_problem(reader.line_num or number, exc), row=reader.line_num or number
        ) from None


def _csv_problem(row: int, error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return _("Row %(row)d has a cell longer than %(limit)d characters; no column needs that much.") % {
            "row": row,
            "limit": csv.field_size_limit(),
        }
    return _("Row %(row)d cannot be read as CSV: %(error)s") % {"row": row, "error": error}


def _read_xlsx(content: bytes, limits: Limits, is_header: IsHeader | None) -> Table:
    book = Workbook(content, limits)
    names = tuple(s.name for s in book.sheets)
    if not names:
        raise FileRefused(_("The workbook has no sheet."))
    visible = [s for s in book.sheets if not s.hidden]
    if not visible:
        raise FileRefused(_("Every sheet of the workbook is hidden; show the sheet that holds the data."))
    sheet = visible[0]
    hidden = tuple(s.name for s in book.sheets if s.hidden)
    tally = Tally(limits)
    found = _find_header(book.rows(sheet, tally), is_header, limits) if sheet.part else None
    if found is None:
        others = [s for s in names if s != sheet.name]
        if others:
            raise FileRefused(
                _(
                    "The first sheet of the workbook, '%(sheet)s', is empty; the data must be on the first "
                    "sheet (the workbook also has %(others)s)."
                )
                % {"sheet": sheet.name, "others": ", ".join(f"'{s}'" for s in others)}
            )
        raise FileRefused(_("The first sheet of the workbook is empty."))
    # A table may start right of column A (a margin, a title): it starts at its header's first cell.
    first = next(i for i, c in enumerate(found.header) if _text(c).strip())
    header = [_text(c) for c in found.header[first:]]

    def rows() -> Iterator[Row]:
        for number, cells in found.rows:
            yield number, cells[first:]

    return Table(
        header=header,
        rows=rows(),
        kind="xlsx",
        sheets=names,
        sheet=sheet.name,
        hidden_sheets=hidden,
        header_row=found.header_row,
        title_rows=found.title_rows,
        first_column=first,
        tally=tally,
    )
