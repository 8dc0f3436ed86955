"""The columns that say a row's region, beside any dataset's `region_code`: a BPS code, a name and the
names above it. Every row-by-row dataset with a region reads them; `regions.identity` turns them into
today's Kemendagri code. The header names the code system: generic headers are refused."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cakupan.core import bps
from cakupan.core.cells import Cell
from cakupan.core.problems import Problem
from cakupan.imports import values
from cakupan.imports.registry import Column, Dataset
from cakupan.regions.identity import (
    BPS_CODE,
    CODE,
    DISTRICT_NAME,
    GENERIC_HEADERS,
    NAME_COLUMN,
    PROVINCE_NAME,
    REGENCY_NAME,
)

__all__ = ["GENERIC_HEADERS", "IDENTITY_COLUMNS", "read_columns", "region_header_problems"]


def parse_bps(cell: Cell) -> str:
    """A BPS code: digits without dots (53, 5301, 5301010, 5301010001)."""
    text = values.text_of(cell)
    if isinstance(cell, float) and cell.is_integer():
        text = str(int(cell))
    if bps.bps_level(text) is None:
        raise values.ValueProblem(
            gettext_noop("not a BPS code; expected digits without dots, e.g. 53 or 5301")
        )
    return text


IDENTITY_COLUMNS = (
    Column(BPS_CODE, "text", required=False, parse=parse_bps, example="5301"),
    Column(NAME_COLUMN, "text", aliases=("nama_wilayah",), required=False, max_length=120, example="Kupang"),
    Column(PROVINCE_NAME, "text", aliases=("nama_provinsi",), required=False, max_length=120),
    Column(
        REGENCY_NAME, "text", aliases=("kabupaten_kota", "nama_kabupaten"), required=False, max_length=120
    ),
    Column(DISTRICT_NAME, "text", aliases=("nama_kecamatan",), required=False, max_length=120),
)


@cache
def read_columns(dataset: Dataset) -> tuple[Column, ...]:
    """The dataset's columns as a file may have them: with a region_code, also the other region columns,
    and region_code is then needed only when neither kode_bps nor region_name is there."""
    own = {c.name for c in dataset.columns}
    if CODE not in own:
        return dataset.columns
    extra = tuple(c for c in IDENTITY_COLUMNS if c.name not in own)
    if not extra:
        return dataset.columns
    columns = tuple(replace(c, required=False) if c.name == CODE else c for c in dataset.columns)
    return columns + extra


def region_header_problems(
    dataset: Dataset, positions: Mapping[str, int], file_name: str, row: int
) -> list[Problem]:
    """A file needs one column that says the region, and only one code column."""
    columns = {c.name for c in read_columns(dataset)}
    if CODE not in columns or BPS_CODE not in columns or any(c.name == BPS_CODE for c in dataset.columns):
        return []
    if CODE in positions and BPS_CODE in positions:
        return [
            Problem(
                file_name,
                row,
                BPS_CODE,
                "",
                _("the file has both region_code (Kemendagri) and kode_bps (BPS) columns: keep one"),
            )
        ]
    if not any(c in positions for c in (CODE, BPS_CODE, NAME_COLUMN)):
        return [
            Problem(
                file_name,
                row,
                CODE,
                "",
                _(
                    "no region column: name the region by region_code (Kemendagri code), kode_bps (BPS "
                    "code) or region_name; expected: %(expected)s"
                )
                % {"expected": dataset.expected},
            )
        ]
    return []
