"""Blank files an office can fill in, made from the dataset registry: an XLSX workbook (the data sheet first,
with the headers and drop-down lists; an example sheet; the instructions with every column, its Indonesian
aliases and what it accepts) and a CSV of the header alone, or of the header and the example row."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from cakupan.common.spreadsheet import neutralise
from cakupan.imports import registry
from cakupan.imports.region_columns import read_columns
from cakupan.imports.registry import Column, Dataset

DATA_ROWS_WITH_LISTS = 5000  # rows below the header that get the drop-down lists


def accepts(column: Column) -> str:
    """What a column accepts, in words, for the instructions sheet and the import page."""
    if column.kind == "choice":
        return _("one of: %(values)s") % {"values": ", ".join(column.stored_choices)}
    if column.kind_by is not None:
        return _(
            "a percentage for coverage_rate (67,28 or 67.28 or a percent cell); a whole number of people "
            "for the other indicators (6.400)"
        )
    words = {
        "region": _(
            "Kemendagri region code, dotted or not: 53, 53.71 or 5371, 53.71.01.1001; 00 = national "
            "(BPS codes go in a kode_bps column instead)"
        ),
        "period": _("month as YYYY-MM (2024-06), or a date cell"),
        "year": _("four-digit year (2025)"),
        "count": _("whole number; thousands with dots or commas are fine (105.120), fractions are not"),
        "amount": _("whole rupiah; Rp and thousands dots are fine (Rp 4.500.000.000)"),
        "percent": _("percentage as shown: 45,5 or 45.5 or 45,5 % or a percent cell"),
        "decimal": _("number; use a decimal comma or point, not both"),
        "text": _("text, at most %(n)d characters") % {"n": column.max_length},
        "nik_hash": _(
            "the keyed hash of the NIK (64 hexadecimal characters); a raw NIK column is read only when the "
            "import is given the pseudonymisation key"
        ),
        "geometry": _("a GeoJSON Polygon or MultiPolygon in longitude and latitude (WGS 84)"),
    }
    return words[column.kind]


def _region_words() -> dict[str, str]:
    """The region columns any dataset with a region_code also reads (`imports.region_columns`)."""
    return {
        "kode_bps": _(
            "instead of region_code, a BPS code: a province (53) is read through the dated BPS table; a "
            "regency (5301) needs region_name or an imported region_crosswalk"
        ),
        "region_name": _(
            "the region's name, checked against its code; alone, a province, regency or city "
            "(KAB. KUPANG, Kupang and Kabupaten Kupang are one regency, Kota Kupang another)"
        ),
        "provinsi": _("the province's name, to find region_name within it"),
        "kabupaten": _("the regency's or city's name, when region_name is a district or village"),
        "kecamatan": _("the district's name, when region_name is a village"),
    }


def region_columns(dataset: Dataset) -> list[tuple[Column, str]]:
    """The optional region columns of a dataset beyond its own, each with what it accepts."""
    words = _region_words()
    own = {c.name for c in dataset.columns}
    return [(c, words[c.name]) for c in read_columns(dataset) if c.name not in own and c.name in words]


def template_csv(dataset: Dataset, *, example: bool) -> bytes:
    """The header (and with `example`, the example rows) as CSV UTF-8 with a byte-order mark, which Excel
    needs to read UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in dataset.columns])
    if example:
        for row in dataset.examples:
            writer.writerow([neutralise(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(dataset: Dataset) -> bytes:
    # openpyxl (and the numpy it imports when present) loads with the first workbook, not at start-up.
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    data = workbook.active
    assert data is not None
    data.title = _("data")
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(dataset.columns, start=1):
        cell = data.cell(row=1, column=index, value=column.name)
        cell.font, cell.fill = bold, fill
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = max(14, len(column.name) + 4)
        # Codes, months and amounts as text, so that a spreadsheet keeps 53.10 and 2024-06 as written.
        if column.kind in ("region", "period"):
            for number in range(2, 200):
                data.cell(row=number, column=index).number_format = "@"
        if column.kind == "choice":
            rule = DataValidation(
                type="list",
                formula1='"' + ",".join(column.stored_choices) + '"',
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=column.name,
                error=accepts(column),
            )
            rule.add(f"{letter}2:{letter}{DATA_ROWS_WITH_LISTS + 1}")
            data.add_data_validation(rule)
    data.freeze_panes = "A2"

    sample = workbook.create_sheet(_("example"))
    sample.append([c.name for c in dataset.columns])
    for example in dataset.examples:
        sample.append(list(example))
    for cell in sample[1]:
        cell.font = bold

    notes = workbook.create_sheet(_("instructions"))
    notes.append([str(dataset.label)])
    notes["A1"].font = Font(bold=True, size=13)
    notes.append([str(dataset.description)])
    notes.append(
        [
            _(
                "Fill in the first sheet, one row per figure, and import it as it is: Cakupan reads the "
                "first visible sheet. Title rows above the header are skipped; total rows (Jumlah, Total) "
                "are refused."
            )
        ]
    )
    notes.append([])
    notes.append([_("column"), _("also accepted as"), _("required"), _("accepts")])
    for cell in notes[notes.max_row]:
        cell.font = bold
    for column in dataset.columns:
        notes.append(
            [
                column.name,
                ", ".join(column.aliases),
                _("yes") if column.required else _("no"),
                accepts(column),
            ]
        )
    for column, words in region_columns(dataset):
        notes.append([column.name, ", ".join(column.aliases), _("no"), words])
    for letter, width in zip("ABCD", (24, 40, 10, 90), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def guide(dataset: Dataset) -> list[dict[str, object]]:
    """The columns of a dataset as the import pages explain them."""
    return [
        {
            "name": c.name,
            "aliases": c.aliases,
            "required": c.required,
            "accepts": accepts(c),
            "example": c.example,
        }
        for c in dataset.columns
    ] + [
        {"name": c.name, "aliases": c.aliases, "required": False, "accepts": words, "example": c.example}
        for c, words in region_columns(dataset)
    ]


def import_guides(names: list[str]) -> list[tuple[Dataset, list[dict[str, object]]]]:
    """Each named dataset with its columns explained: what `imports/includes/formats.html` shows."""
    return [(registry.get(n), guide(registry.get(n))) for n in names]
