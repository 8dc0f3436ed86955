"""The open-data tables as files: CSV for spreadsheets, JSON for programs."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _

from cakupan.common.spreadsheet import neutralise
from cakupan.dashboards.downloads import BOM, file_name
from cakupan.indicators.words import warning_kind_label
from cakupan.opendata.selectors import DATA_COLUMNS, OpenRow, OpenTable


def _csv_value(value: object) -> str:
    if value is None:
        return ""  # suppressed, or no figure
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"  # rates: already rounded to 2 decimals by the library
    if isinstance(value, int):
        return str(value)
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
    decimals). Simulated figures say so in a column of every row (and in the file's name)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    # The contract's columns, then the warnings of each figure (their kinds, separated by ';'), whether
    # it is simulated, then the labels of the codes in the reader's language (issue 19).
    writer.writerow([*DATA_COLUMNS, "warnings", "simulated", *LABEL_COLUMNS, *DENOMINATOR_COLUMNS])
    simulated = _csv_value(table.simulated)
    for row in table.rows:
        record = row.record()
        labels = _labels(row)
        writer.writerow(
            [
                *(_csv_value(record[column]) for column in DATA_COLUMNS),
                ";".join(row.warnings),
                simulated,
                *(labels[column] for column in LABEL_COLUMNS),
                *(_denominator(row)[column] or "" for column in DENOMINATOR_COLUMNS),
            ]
        )
    return (BOM + buffer.getvalue()).encode("utf-8")


def download_name(table: OpenTable, fmt: str) -> str:
    """cakupan-5371-2024-06.csv (cakupan-5371-2024-06-simulasi.csv for simulated figures)."""
    stem = f"cakupan-{table.region.code.replace('.', '')}-{table.period or 'kosong'}"
    return file_name(stem, fmt, simulated=table.simulated)


LABEL_COLUMNS = ("kind", "kind_label", "warning_labels")
# The denominator behind each rate: its month (or range of months) and sources.
DENOMINATOR_COLUMNS = ("workers_period", "workforce_source")


def _denominator(row: OpenRow) -> dict[str, str | None]:
    return {
        "workers_period": row.workers_period_range,
        "workforce_source": "; ".join(row.workforce_sources) or None,
    }


def _labels(row: OpenRow) -> dict[str, str]:
    return {
        "kind": row.kind,
        "kind_label": row.kind_label,
        "warning_labels": "; ".join(warning_kind_label(w) for w in row.warnings),
    }


def _json_row(row: OpenRow) -> dict[str, Any]:
    return {
        **row.record(),
        "suppressed": sorted(row.suppressed),
        "warnings": list(row.warnings),
        **_labels(row),
        **_denominator(row),
    }


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
        "columns": list(DATA_COLUMNS),
        "total": _json_row(table.total) if table.total is not None else None,
        "rows": [_json_row(row) for row in table.rows],
    }
