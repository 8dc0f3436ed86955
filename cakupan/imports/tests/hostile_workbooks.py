"""Workbooks written by hand (zipfile and XML text), as a hostile or careless file would be: a cell at Excel's
last reference, a missing or lying used area, bombs of texts, styles and entities, hidden sheets, title rows
and percent cells. Shared by the reader's tests and the bad-input corpus."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from io import BytesIO
from xml.sax.saxutils import escape

from cakupan.core.headers import column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

Value = object  # a text, a number, or None for no cell


column_letters = column_letter  # the core's one naming of spreadsheet columns


def cell(reference: str, value: Value, style: int | None = None) -> str:
    styled = f' s="{style}"' if style is not None else ""
    if value is None:
        return f'<c r="{reference}"{styled}/>'
    if isinstance(value, str):
        return f'<c r="{reference}" t="inlineStr"{styled}><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{reference}"{styled}><v>{value}</v></c>'


def row(number: int, values: Sequence[Value], *, styles: Sequence[int | None] = ()) -> str:
    cells = "".join(
        cell(f"{column_letters(i)}{number}", v, styles[i] if i < len(styles) else None)
        for i, v in enumerate(values)
        if v is not None
    )
    return f'<row r="{number}">{cells}</row>'


def table_rows(header: Sequence[str], *rows: Sequence[Value], first: int = 1) -> list[str]:
    """The header at row `first` and the rows below it."""
    return [row(first + i, values) for i, values in enumerate([header, *rows])]


def sheet(rows: Sequence[str], *, dimension: str | None = None, prolog: str = "") -> str:
    area = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'{prolog}<worksheet xmlns="{MAIN}">{area}<sheetData>{"".join(rows)}</sheetData></worksheet>'


def workbook(
    sheets: Sequence[tuple[str, str]],
    *,
    hidden: Sequence[str] = (),
    styles: str | None = None,
    shared_texts: str | None = None,
    stored: Sequence[str] = (),
) -> bytes:
    """An XLSX of these (name, sheet XML) in this order; `hidden` names the hidden ones; `stored` lists the
    parts kept uncompressed (a bomb that no compression ratio gives away)."""
    parts: dict[str, str] = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Target="xl/workbook.xml" '
            f'Type="{RELS}/officeDocument"/></Relationships>'
        ),
    }
    entries, links = [], []
    for index, (name, xml) in enumerate(sheets, start=1):
        state = ' state="hidden"' if name in hidden else ""
        entries.append(f'<sheet name="{escape(name)}" sheetId="{index}"{state} r:id="rId{index}"/>')
        links.append(
            f'<Relationship Id="rId{index}" Type="{RELS}/worksheet" Target="worksheets/sheet{index}.xml"/>'
        )
        parts[f"xl/worksheets/sheet{index}.xml"] = xml
    if styles is not None:
        links.append(f'<Relationship Id="rIdS" Type="{RELS}/styles" Target="styles.xml"/>')
        parts["xl/styles.xml"] = styles
    if shared_texts is not None:
        links.append(f'<Relationship Id="rIdT" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>')
        parts["xl/sharedStrings.xml"] = shared_texts
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{"".join(entries)}</sheets></workbook>'
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{PACKAGE_RELS}">{"".join(links)}</Relationships>'
    )
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            method = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, text.encode(), compress_type=method)
    return buffer.getvalue()


def styles(*formats: tuple[int, str | None]) -> str:
    """Cell styles 0, 1, … with these (number format id, custom format code or None for a built-in)."""
    custom = "".join(
        f'<numFmt numFmtId="{i}" formatCode="{escape(code, {chr(34): "&quot;"})}"/>'
        for i, code in formats
        if code is not None
    )
    xfs = "".join(f'<xf numFmtId="{i}" fontId="0" fillId="0" borderId="0" xfId="0"/>' for i, _ in formats)
    return (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="{custom.count("<numFmt ")}">{custom}</numFmts>'
        f'<cellXfs count="{len(formats)}">{xfs}</cellXfs></styleSheet>'
    )


# --- the hostile files ------------------------------------------------------------------------------------


def far_cell(header: Sequence[str], good: Sequence[Value], *, dimension: bool = True) -> bytes:
    """A table and one cell at XFD1048576, Excel's last: 5 KB, and 17 billion cells as a dense range."""
    rows = [*table_rows(header, good), row_at("XFD1048576", 1)]
    area = "A1:XFD1048576" if dimension else None
    return workbook([("Data", sheet(rows, dimension=area))])


def row_at(reference: str, value: Value) -> str:
    number = int("".join(ch for ch in reference if ch.isdigit()))
    return f'<row r="{number}">{cell(reference, value)}</row>'


def lying_area(header: Sequence[str], good: Sequence[Value]) -> bytes:
    """A sheet that declares it uses A1 only, with a cell at XFD3."""
    return workbook([("Data", sheet([*table_rows(header, good), row_at("XFD3", 1)], dimension="A1"))])


def lying_dimension(header: Sequence[str], good: Sequence[Value], *, rows: int, columns: int) -> bytes:
    """A sheet that declares it uses A1 only, over `rows` rows of `columns` numbers below the header."""
    body = "".join("<c><v>1</v></c>" for _ in range(columns))
    data = [f'<row r="{n}">{body}</row>' for n in range(3, 3 + rows)]
    return workbook([("Data", sheet([*table_rows(header, good), *data], dimension="A1"))])


def wide_row(header: Sequence[str], good: Sequence[Value], *, columns: int = 16_384) -> bytes:
    """Row 3 has a number in every column up to XFD; no used area is declared."""
    body = "".join("<c><v>7</v></c>" for _ in range(columns))
    return workbook([("Data", sheet([*table_rows(header, good), f'<row r="3">{body}</row>']))])


def shared_texts_bomb(header: Sequence[str], *, texts: int, declared: int | None) -> bytes:
    """A table of `texts` different texts (declared as `declared`, or not at all); the sheet uses one."""
    count = f' count="{declared}" uniqueCount="{declared}"' if declared is not None else ""
    entries = "".join(f"<si><t>{n}</t></si>" for n in range(texts))
    table = f'<sst xmlns="{MAIN}"{count}>{entries}</sst>'
    first = f'<row r="1">{"".join(f"<c t={chr(34)}s{chr(34)}><v>0</v></c>" for _ in header)}</row>'
    return workbook([("Data", sheet([first]))], shared_texts=table, stored=("xl/sharedStrings.xml",))


def million_styles(header: Sequence[str], good: Sequence[Value], *, count: int = 1_000_000) -> bytes:
    """A million cell styles, kept uncompressed so that no compression ratio gives them away, and declared
    as one."""
    xfs = '<xf numFmtId="0"/>' * count
    table = f'<styleSheet xmlns="{MAIN}"><cellXfs count="1">{xfs}</cellXfs></styleSheet>'
    return workbook([("Data", sheet(table_rows(header, good)))], styles=table, stored=("xl/styles.xml",))


def billion_laughs(header: Sequence[str], good: Sequence[Value], *, part: str = "sheet") -> bytes:
    """Ten levels of entities, each ten of the one before: 10^10 characters from a few hundred bytes."""
    entities = ['<!ENTITY l0 "ha">'] + [f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 11)]
    root = "worksheet" if part == "sheet" else "sst"
    prolog = f'<?xml version="1.0"?><!DOCTYPE {root} [{"".join(entities)}]>'
    if part == "sheet":
        laugh = '<row r="3"><c t="inlineStr"><is><t>&l10;</t></is></c></row>'
        return workbook([("Data", sheet([*table_rows(header, good), laugh], prolog=prolog))])
    table = f'{prolog}<sst xmlns="{MAIN}"><si><t>&l10;</t></si></sst>'
    return workbook([("Data", sheet(table_rows(header, good)))], shared_texts=table)
