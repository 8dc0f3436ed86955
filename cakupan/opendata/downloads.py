"""The open-data tables as files: CSV for spreadsheets, JSON for programs."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _

from cakupan.common.spreadsheet import neutralise
from cakupan.dashboards.downloads import BOM, file_name
from cakupan.opendata.columns import NAMES
from cakupan.opendata.selectors import OpenRow, OpenTable


def _csv_value(value: object) -> str:
    if value is None:
        return ""  # suppressed, or no figure
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"  # rates: already rounded to 2 decimals by the library
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return neutralise(";".join(str(v) for v in value))  # the warnings' kinds
    return neutralise(str(value))


def suppression_rule(k: int) -> str:
    """The rule in one sentence, for the pages and the JSON metadata."""
    if k <= 1:
        return _("Every count is published: the suppression threshold is 1.")
    return _(
        "Counts of 1 to %(below)d persons are hidden, and so are the cells that would reveal them "
        "through totals."
    ) % {"below": k - 1}


def table_csv(table: OpenTable) -> bytes:
    """UTF-8 with a byte-order mark (so that Excel reads it as UTF-8); the header on the first line, so
    spreadsheets and pandas read it as it is; hidden cells empty; numbers unformatted (a dot for
    decimals); the warnings' kinds separated by ';'. The columns are the published ones (columns.py: the
    fields marked public, in their order), with the codes' labels in the reader's language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(NAMES)
    for row in table.rows:
        record = row.record()
        writer.writerow([_csv_value(record[column]) for column in NAMES])
    return (BOM + buffer.getvalue()).encode("utf-8")


def download_name(table: OpenTable, fmt: str) -> str:
    """cakupan-5371-2024-06.csv (cakupan-5371-2024-06-simulasi.csv for simulated figures)."""
    stem = f"cakupan-{table.region.code.replace('.', '')}-{table.period or 'kosong'}"
    return file_name(stem, fmt, simulated=table.simulated)


def _json_row(row: OpenRow) -> dict[str, Any]:
    return {**row.record(), "suppressed": sorted(row.suppressed)}


def table_json(table: OpenTable) -> dict[str, Any]:
    """The table with what a reader needs to use it: the region, the month, whether the figures are
    simulated, and the suppression rule. Hidden cells are null and listed in each row's `suppressed`."""
    region = table.region
    return {
        "region": {
            "region_code": region.code,
            "region_name": region.name,
            "level": region.level,
            "kind": region.kind,
        },
        "period": table.period,
        "simulated": table.simulated,
        "suppression": {
            "applied": table.suppressed,
            "k": table.k,
            "rule": suppression_rule(table.k) if table.suppressed else None,
        },
        "columns": list(NAMES),
        "total": _json_row(table.total) if table.total is not None else None,
        "rows": [_json_row(row) for row in table.rows],
    }
