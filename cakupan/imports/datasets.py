"""The import datasets of the data contract: columns, aliases, keys and the figure each row carries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnKind = Literal["region", "period", "year", "count", "choice", "text", "decimal"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind
    aliases: tuple[str, ...] = ()
    required: bool = True
    # Accepted spellings (lower case) → stored value.
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int = 300


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the columns that identify one figure
    value: str  # the column holding the figure
    # Which key columns describe the figure within a region and time (for history and messages).
    item: tuple[str, ...]
    when: str

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


REGION = Column("region_code", "region", aliases=("kode_wilayah", "kode", "kode_daerah", "wilayah"))
PERIOD = Column("period", "period", aliases=("periode", "bulan"))
SOURCE = Column("source", "text", aliases=("sumber",), required=False)

WORKFORCE = Dataset(
    name="workforce",
    columns=(
        REGION,
        PERIOD,
        Column(
            "sector",
            "choice",
            aliases=("sektor",),
            choices=(("total", "total"), ("jumlah", "total"), ("formal", "formal"), ("informal", "informal")),
        ),
        Column("workers", "count", aliases=("pekerja", "jumlah_pekerja", "penduduk_bekerja")),
        SOURCE,
    ),
    key=("region_code", "period", "sector"),
    value="workers",
    item=("sector",),
    when="period",
)

PARTICIPATION = Dataset(
    name="participation",
    columns=(
        REGION,
        PERIOD,
        Column(
            "segment",
            "choice",
            aliases=("segmen",),
            choices=(
                ("pu", "PU"),
                ("ppu", "PU"),
                ("bpu", "BPU"),
                ("pbpu", "BPU"),
                ("jakon", "JAKON"),
                ("pmi", "PMI"),
            ),
        ),
        Column(
            "status",
            "choice",
            aliases=("status_kepesertaan",),
            choices=(
                ("active", "active"),
                ("aktif", "active"),
                ("inactive", "inactive"),
                ("nonaktif", "inactive"),
                ("non-aktif", "inactive"),
                ("tidak aktif", "inactive"),
            ),
        ),
        Column("participants", "count", aliases=("peserta", "jumlah_peserta")),
    ),
    key=("region_code", "period", "segment", "status"),
    value="participants",
    item=("segment", "status"),
    when="period",
)

TARGETS = Dataset(
    name="targets",
    columns=(
        REGION,
        Column("year", "year", aliases=("tahun",)),
        Column(
            "indicator",
            "choice",
            aliases=("indikator",),
            choices=(
                ("coverage_rate", "coverage_rate"),
                ("active_participants", "active_participants"),
                ("vulnerable_workers_funded", "vulnerable_workers_funded"),
            ),
        ),
        Column("value", "decimal", aliases=("nilai", "target")),
        SOURCE,
    ),
    key=("region_code", "year", "indicator"),
    value="value",
    item=("indicator",),
    when="year",
)

DATASETS: dict[str, Dataset] = {d.name: d for d in (WORKFORCE, PARTICIPATION, TARGETS)}
