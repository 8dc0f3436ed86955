"""The figure datasets of the data contract — workforce, participation, targets — declared once in the
import registry: columns, aliases, the key of one figure, and the rules across a row's cells."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, NamedTuple, get_args

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cakupan.accounts.roles import Cap
from cakupan.core.vocabulary import SEGMENT_SPELLINGS, STATUS_SPELLINGS
from cakupan.imports import registry, stores
from cakupan.imports.registry import Column, Dataset, register


class ParsedRow(NamedTuple):
    """One valid row of a figure dataset, as the figure tables store it (a tuple: a file has 100,000s)."""

    row: int
    region: str
    when: str  # period YYYY-MM, or year
    item: tuple[str, ...]  # e.g. ("total",), ("PU", "active"), ("coverage_rate",)
    value: int | Decimal
    source: str = ""


REGION = Column(
    "region_code",
    "region",
    aliases=("kode_wilayah", "kode_kemendagri"),  # the header names the code system (contract v2)
    example="53.71",
)
PERIOD = Column("period", "period", aliases=("periode", "bulan"), example="2024-06")
YEAR = Column("year", "year", aliases=("tahun",), example="2025")
SOURCE = Column("source", "text", aliases=("sumber",), required=False, example="BPS Sakernas Agustus 2024")


def _figure_row(item: tuple[str, ...], value: str, when: str) -> Any:
    first, *rest = item

    def make(number: int, parsed: dict[str, Any]) -> ParsedRow:
        items = (parsed[first], parsed[rest[0]]) if rest else (parsed[first],)
        return ParsedRow(
            number,
            parsed["region_code"].code,
            str(parsed[when]),
            items,
            parsed[value],
            parsed.get("source") or "",
        )

    return make


WORKFORCE = register(
    Dataset(
        name="workforce",
        label=gettext_lazy("Workforce (denominator)"),
        description=gettext_lazy("Working population by region and month, e.g. BPS Sakernas."),
        columns=(
            REGION,
            PERIOD,
            Column(
                "sector",
                "choice",
                aliases=("sektor",),
                choices=(
                    ("total", "total"),
                    ("jumlah", "total"),
                    ("formal", "formal"),
                    ("informal", "informal"),
                ),
                example="total",
            ),
            Column(
                "workers",
                "count",
                aliases=("pekerja", "jumlah_pekerja", "penduduk_bekerja"),
                example="105.120",
            ),
            SOURCE,
        ),
        key=("region_code", "period", "sector"),
        key_words=gettext_lazy("same region, month and sector"),
        make_row=_figure_row(("sector",), "workers", "period"),
        capabilities=(Cap.IMPORT_WORKFORCE,),
        examples=(("53.71", "2024-06", "total", "105.120", "BPS Sakernas Agustus 2024"),),
    )
)

PARTICIPATION = register(
    Dataset(
        name="participation",
        label=gettext_lazy("Participation (BPJS Ketenagakerjaan participants)"),
        description=gettext_lazy("Participants by region, month, segment and status."),
        columns=(
            REGION,
            PERIOD,
            Column(
                "segment",
                "choice",
                aliases=("segmen",),
                choices=tuple(SEGMENT_SPELLINGS.items()),
                example="PU",
            ),
            Column(
                "status",
                "choice",
                aliases=("status_kepesertaan",),
                choices=tuple(STATUS_SPELLINGS.items()),
                example="aktif",
            ),
            Column("participants", "count", aliases=("peserta", "jumlah_peserta"), example="45.210"),
        ),
        key=("region_code", "period", "segment", "status"),
        key_words=gettext_lazy("same region, month, segment and status"),
        make_row=_figure_row(("segment", "status"), "participants", "period"),
        capabilities=(Cap.IMPORT_PARTICIPATION,),
        examples=(("53.71", "2024-06", "PU", "aktif", "45.210"),),
    )
)

TARGET_INDICATORS = ("coverage_rate", "active_participants", "vulnerable_workers_funded")


def _target_value(parsed: dict[str, Any]) -> list[tuple[str, str]]:
    value, indicator = parsed.get("value"), parsed.get("indicator")
    if value is None or indicator is None:
        return []
    if indicator == "coverage_rate" and not Decimal(0) < Decimal(value) <= Decimal(100):
        return [("value", _("a coverage_rate target is a percentage above 0 and at most 100"))]
    return []


TARGETS = register(
    Dataset(
        name="targets",
        label=gettext_lazy("Targets"),
        description=gettext_lazy(
            "Annual targets of a region: coverage rate (a percentage), active participants or vulnerable "
            "workers funded (numbers of people)."
        ),
        columns=(
            REGION,
            YEAR,
            Column(
                "indicator",
                "choice",
                aliases=("indikator",),
                choices=tuple((name, name) for name in TARGET_INDICATORS),
                example="coverage_rate",
            ),
            Column(
                "value",
                "count",
                aliases=("nilai", "target"),
                kind_by=("indicator", (("coverage_rate", "percent"),)),
                example="67,28",
            ),
            Column(
                "source",
                "text",
                aliases=("sumber",),
                required=False,
                example="Surat Kemendagri 500.15.4/1234/Bangda",
            ),
        ),
        key=("region_code", "year", "indicator"),
        key_words=gettext_lazy("same region, year and indicator"),
        make_row=_figure_row(("indicator",), "value", "year"),
        capabilities=(Cap.IMPORT_TARGETS,),
        rules=(_target_value,),
        examples=(("51", "2025", "coverage_rate", "67,28", "Surat Kemendagri 500.15.4/1234/Bangda"),),
    )
)

# The datasets whose figures the indicators read (imports.services stores them); the API's parameter type.
FigureDatasetName = Literal["workforce", "participation", "targets"]
FIGURE_DATASETS: tuple[str, ...] = get_args(FigureDatasetName)


def upload_datasets() -> list[str]:
    """What the import page and POST /api/v1/imports take, read from the registry when asked: every
    dataset read row by row whose rows the one commit can store (it has a store), in the order they were
    registered — the figures, the BPS → Kemendagri crosswalk (imports/region_crosswalk.py) and whatever
    another app registers — except those its app uploads on pages of its own (`own_upload`: Monev
    registers, employers)."""
    stored = set(stores.stored_datasets())
    return [
        d.name for d in registry.datasets() if d.reader == "rows" and not d.own_upload and d.name in stored
    ]
