"""The first visible sheet of an XLSX workbook as rows of cells, read within limits.

Every part is unpacked and parsed as a stream (expat, with any DOCTYPE refused, so no entity can expand),
checked first against what the workbook declares about itself (the sheet's used area, the number of texts
and styles) and counted while it is read (rows, cells, columns, styles, texts), because a declaration can be
missing or lie. Only the cells that exist are read: an empty area of the sheet costs nothing. A number whose
format is a percentage arrives as a PercentCell; dates and durations as dates, times and timedeltas."""

from __future__ import annotations

import posixpath
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from xml.parsers import expat

from django.utils.translation import gettext as _

from cakupan.core.cells import Cell, PercentCell
from cakupan.core.headers import column_letter
from cakupan.imports import xlsx_formats as formats
from cakupan.imports.file_limits import MIB, FileRefused, Limits, Tally
from cakupan.imports.xlsx_zip import Archive, damaged

MAX_STYLES = 64_000  # Excel's own limit on the cell formats of a workbook
MAX_CELL_TEXT = 32_767  # characters: the most an Excel cell holds
MAX_DEPTH = 32  # a workbook's XML nests a few levels deep
MAX_UNBROKEN = MIB  # bytes of XML without a "<": no tag or text of a workbook is that long
_STYLE_LISTS = {"numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs"}

Handler = Callable[[str, dict[str, str]], None]


@dataclass(frozen=True)
class Sheet:
    name: str
    part: str | None  # the zip part of a worksheet; None for a chart sheet or a sheet without its part
    hidden: bool


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


def _attribute(attributes: dict[str, str], local: str) -> str | None:
    """An attribute by its local name, whatever namespace prefix the file gave it (r:id, ns1:id…)."""
    for key, value in attributes.items():
        if _local(key) == local:
            return value
    return None


def _refuse_doctype(*_args: object) -> None:
    raise FileRefused(
        _(
            "The XLSX file contains a document type declaration (DOCTYPE), which no workbook needs and which "
            "can define entities that expand without end; it is refused."
        )
    )


def _parse(
    archive: Archive,
    part: str,
    start: Handler,
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Parse a part as a stream, yielding after every piece so that a caller can hand on what it found."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    depth = 0
    names: dict[str, str] = {}  # qualified name → local name, for the few names a workbook uses

    def local(name: str) -> str:
        found = names.get(name)
        if found is None:
            found = _local(name)
            if len(names) < 256:
                names[name] = found
        return found

    def on_start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise FileRefused(
                _("The XLSX file nests its XML far deeper than a workbook does; it is refused.")
            )
        start(local(name), attributes)

    def on_end(name: str) -> None:
        nonlocal depth
        depth -= 1
        if end is not None:
            end(local(name))

    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    if text is not None:
        parser.CharacterDataHandler = text
    unbroken = 0
    try:
        for piece in archive.chunks(part):
            first = piece.find(b"<")
            if first < 0:
                unbroken += len(piece)
            else:
                unbroken = max(unbroken + first, len(piece) - piece.rfind(b"<") - 1)
            if unbroken > MAX_UNBROKEN:
                raise FileRefused(
                    _("The XLSX file holds a piece of XML longer than any workbook needs; it is refused.")
                )
            parser.Parse(piece, False)
            yield
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise FileRefused(
            _("The XLSX file cannot be read: %(error)s") % {"error": f"{part[:80]}: {exc}"}
        ) from None


def _run(parsing: Iterator[None]) -> None:
    for _step in parsing:
        pass


def _relationships(archive: Archive, source: str) -> dict[str, tuple[str, str]]:
    """The relationships of a part: id → (type's last word, target part)."""
    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    found: dict[str, tuple[str, str]] = {}
    if not archive.has(rels):
        return found

    def start(element: str, attributes: dict[str, str]) -> None:
        if element != "Relationship" or attributes.get("TargetMode") == "External":
            return
        target = attributes.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        kind = attributes.get("Type", "").rpartition("/")[2]
        found[attributes.get("Id", "")] = (kind, posixpath.normpath(path))

    _run(_parse(archive, rels, start))
    return found


class Workbook:
    """A workbook's sheets, styles and shared texts, read as far as needed to read one sheet's rows."""

    def __init__(self, content: bytes, limits: Limits) -> None:
        self.limits = limits
        self.archive = Archive(content, limits)
        office = [t for kind, t in _relationships(self.archive, "").values() if kind == "officeDocument"]
        self.part = office[0] if office else "xl/workbook.xml"
        if not self.archive.has(self.part):
            raise damaged()
        related = _relationships(self.archive, self.part)
        self.date1904 = False
        self.sheets: list[Sheet] = []
        self._read_sheet_list(related)
        self._styles = bytearray()  # format kind of each cell style
        self._texts = bytearray()  # the shared texts, UTF-8, one after another…
        self._ends = array("Q")  # …and where each ends
        for kind, target in related.values():
            if kind == "styles" and self.archive.has(target):
                self._read_styles(target)
            elif kind == "sharedStrings" and self.archive.has(target):
                self._read_shared_texts(target)

    def _read_sheet_list(self, related: dict[str, tuple[str, str]]) -> None:
        def start(element: str, attributes: dict[str, str]) -> None:
            if element == "workbookPr":
                self.date1904 = attributes.get("date1904", "").lower() in ("1", "true")
            elif element == "sheet":
                kind, target = related.get(_attribute(attributes, "id") or "", ("", ""))
                part = target if kind == "worksheet" and self.archive.has(target) else None
                hidden = attributes.get("state", "visible") in ("hidden", "veryHidden")
                self.sheets.append(Sheet(attributes.get("name", "")[:100], part, hidden))
                if len(self.sheets) > MAX_STYLES:
                    raise damaged()

        _run(_parse(self.archive, self.part, start))

    def _read_styles(self, part: str) -> None:
        custom: dict[int, str] = {}
        style_ids: list[int] = []
        counted: dict[str, int] = {}
        inside: list[str] = []

        def too_many() -> FileRefused:
            return FileRefused(
                _("The workbook defines more than %(limit)d styles, Excel's own limit; it is refused.")
                % {"limit": MAX_STYLES}
            )

        def start(element: str, attributes: dict[str, str]) -> None:
            if element in _STYLE_LISTS:
                if _whole(attributes.get("count")) > MAX_STYLES:
                    raise too_many()
                inside.append(element)
                return
            if not inside:
                return
            owner = inside[-1]
            counted[owner] = counted.get(owner, 0) + 1
            if counted[owner] > MAX_STYLES:
                raise too_many()
            if element == "numFmt" and owner == "numFmts":
                custom[_whole(attributes.get("numFmtId"))] = attributes.get("formatCode", "")
            elif element == "xf" and owner == "cellXfs":
                style_ids.append(_whole(attributes.get("numFmtId")))

        def end(element: str) -> None:
            if inside and element == inside[-1]:
                inside.pop()

        _run(_parse(self.archive, part, start, end))
        self._styles = bytearray(formats.format_kind(i, custom.get(i)) for i in style_ids)

    def _read_shared_texts(self, part: str) -> None:
        limit = self.limits.cells
        pieces: list[str] = []
        length = 0
        state = {"text": False, "phonetic": 0}

        def too_many() -> FileRefused:
            return FileRefused(
                _(
                    "The workbook's table of texts holds more than %(limit)d texts, more than the cells that "
                    "are read; it is refused."
                )
                % {"limit": limit}
            )

        def start(element: str, attributes: dict[str, str]) -> None:
            nonlocal length
            if element == "sst":
                if max(_whole(attributes.get("uniqueCount")), 0) > limit:
                    raise too_many()
            elif element == "si":
                pieces.clear()
                length = 0
            elif element == "rPh":
                state["phonetic"] += 1
            elif element == "t" and not state["phonetic"]:
                state["text"] = True

        def text(data: str) -> None:
            nonlocal length
            if state["text"]:
                length += len(data)
                if length > MAX_CELL_TEXT:
                    raise FileRefused(
                        _(
                            "The workbook holds a text longer than %(limit)d characters, the most a cell "
                            "holds; it is refused."
                        )
                        % {"limit": MAX_CELL_TEXT}
                    )
                pieces.append(data)

        def end(element: str) -> None:
            if element == "t":
                state["text"] = False
            elif element == "rPh":
                state["phonetic"] -= 1
            elif element == "si":
                if len(self._ends) >= limit:
                    raise too_many()
                self._texts += "".join(pieces).encode("utf-8", "surrogatepass")
                self._ends.append(len(self._texts))

        _run(_parse(self.archive, part, start, end, text))

    def shared_text(self, index: int) -> str:
        if not 0 <= index < len(self._ends):
            raise damaged()
        begin = self._ends[index - 1] if index else 0
        return self._texts[begin : self._ends[index]].decode("utf-8", "surrogatepass")

    def style_kind(self, index: int) -> int:
        return self._styles[index] if 0 <= index < len(self._styles) else formats.PLAIN

    def rows(self, sheet: Sheet, tally: Tally) -> Iterator[tuple[int, list[Cell]]]:
        """The rows of the sheet that hold a cell, numbered as the spreadsheet shows them; the cells of a
        row from column A to its last cell (None where there is none)."""
        assert sheet.part is not None
        reader = _SheetReader(self, sheet, tally)
        for _step in _parse(self.archive, sheet.part, reader.start, reader.end, reader.text):
            if reader.done:
                yield from reader.done
                reader.done = []


def _whole(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        raise damaged() from None


def _reference(text: str) -> tuple[int, int] | None:
    """(column index from 0, row number) of a reference such as XFD1048576; None when it is not one."""
    letters = text.rstrip("0123456789")
    digits = text[len(letters) :]
    if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha() and 0 < len(digits) <= 7):
        return None
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - 64
    return column - 1, int(digits)


class _SheetReader:
    """The handlers of one sheet's XML: rows collected into `done` as they end."""

    def __init__(self, book: Workbook, sheet: Sheet, tally: Tally) -> None:
        self.book, self.sheet, self.tally, self.limits = book, sheet, tally, book.limits
        self.done: list[tuple[int, list[Cell]]] = []
        self.number = 0  # the current row's number
        self.cells: list[Cell] | None = None  # the current row's cells (None outside a row)
        self.column = -1
        self.kind = ""
        self.style = 0
        self.pieces: list[str] = []
        self.length = 0
        self.collecting = False
        self.inline = False
        self.phonetic = 0

    def start(self, element: str, attributes: dict[str, str]) -> None:
        if element == "c" and self.cells is not None:
            reference = _reference(attributes.get("r", ""))
            self.column = reference[0] if reference else self.column + 1
            self._check_place(reference)
            self.kind = attributes.get("t", "n")
            self.style = _whole(attributes.get("s"))
            self.pieces, self.length = [], 0
        elif element == "v" or (element == "t" and self.inline and not self.phonetic):
            self.collecting = True
        elif element == "is":
            self.inline = True
        elif element == "rPh":
            self.phonetic += 1
        elif element == "row":
            number = attributes.get("r")
            self.number = _whole(number) if number else self.number + 1
            self.cells, self.column = [], -1
        elif element == "dimension":
            self._check_dimension(attributes.get("ref", ""))

    def text(self, data: str) -> None:
        if self.collecting:
            self.length += len(data)
            if self.length > MAX_CELL_TEXT:
                raise FileRefused(
                    _("Row %(row)d has a cell longer than %(limit)d characters; no column needs that much.")
                    % {"row": self.number, "limit": MAX_CELL_TEXT},
                    row=self.number,
                )
            self.pieces.append(data)

    def end(self, element: str) -> None:
        if element in ("v", "t"):
            self.collecting = False
        elif element == "is":
            self.inline = False
        elif element == "rPh":
            self.phonetic -= 1
        elif element == "c" and self.cells is not None:
            self._place(self._value("".join(self.pieces)))
        elif element == "row" and self.cells is not None:
            if self.cells:
                self.tally.add_row(self.number)
                self.done.append((self.number, self.cells))
            self.cells = None

    def _check_place(self, reference: tuple[int, int] | None) -> None:
        """A cell beyond the limits is refused by where it is, before anything is made for it."""
        row = reference[1] if reference else self.number
        if row > self.limits.rows:
            cell = f"{column_letter(self.column)}{row}"
            raise FileRefused(
                _(
                    "The sheet '%(sheet)s' has a cell at %(cell)s, in row %(number)d; at most %(limit)d rows "
                    "are read. Delete what lies below the data and save the file again."
                )
                % {"sheet": self.sheet.name, "cell": cell, "number": row, "limit": self.limits.rows},
                row=row,
            )
        if self.column >= self.limits.columns:
            self.tally.check_width(self.column + 1, row, column_letter(self.column))

    def _check_dimension(self, area: str) -> None:
        """The used area the sheet declares: refused when it is larger than the limits allow. A missing or
        lying declaration is caught by the counts kept while reading."""
        corners = [_reference(corner) for corner in area.split(":")]
        if not corners or None in corners or len(corners) > 2:
            return
        (first_column, first_row), (last_column, last_row) = corners[0], corners[-1]  # type: ignore[misc]
        rows, columns = last_row - first_row + 1, last_column - first_column + 1
        limits = self.limits
        if last_row > limits.rows or last_column + 1 > limits.columns or rows * columns > limits.cells:
            raise FileRefused(
                _(
                    "The sheet '%(sheet)s' declares that it uses %(area)s (%(rows)d rows, %(columns)d "
                    "columns); at most %(max_rows)d rows, %(max_columns)d columns and %(max_cells)d cells "
                    "are read. Delete what lies outside the data and save the file again."
                )
                % {
                    "sheet": self.sheet.name,
                    "area": area[:40],
                    "rows": last_row,
                    "columns": last_column + 1,
                    "max_rows": limits.rows,
                    "max_columns": limits.columns,
                    "max_cells": limits.cells,
                }
            )

    def _value(self, text: str) -> Cell:
        kind = self.kind
        if kind == "s":  # an index into the shared texts (none written: an empty cell)
            return (self.book.shared_text(_whole(text)) or None) if text.strip() else None
        if kind in ("inlineStr", "str", "e"):
            return text or None
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            try:
                return datetime.fromisoformat(text.strip())
            except ValueError:
                return text or None
        if not text.strip():
            return None
        try:
            number = float(text)
        except ValueError:
            raise damaged() from None
        style = self.book.style_kind(self.style)
        if style == formats.PERCENT:
            return PercentCell(number)
        if style in (formats.DATE, formats.DURATION):
            return formats.from_serial(number, style, date1904=self.book.date1904)
        return number

    def _place(self, value: Cell) -> None:
        assert self.cells is not None
        if value is None:  # an empty (formatted) cell: nothing to read, nothing made
            self.tally.add_cells(1, self.number)
            return
        missing = self.column - len(self.cells)
        if missing >= 0:
            self.tally.add_cells(missing + 1, self.number)
            self.cells.extend([None] * missing)
            self.cells.append(value)
        else:  # out of order: a spreadsheet writes cells left to right, but nothing requires it here
            self.tally.add_cells(1, self.number)
            self.cells[self.column] = value
