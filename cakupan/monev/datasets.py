"""The Monev datasets — `vulnerable_funding`, `benefits` and `budget_lines` — declared once in the import
registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cakupan.accounts.roles import Cap
from cakupan.core.cells import Cell
from cakupan.imports import values
from cakupan.imports.datasets import PERIOD, REGION, YEAR
from cakupan.imports.registry import Column, Dataset, register


@dataclass(frozen=True)
class Row:
    row: int
    region: str
    values: dict[str, Any]

    def key(self, dataset: Dataset) -> tuple[Any, ...]:
        return tuple(self.region if k == "region_code" else self.values[k] for k in dataset.key)


def _row(columns: tuple[Column, ...]) -> Any:
    names = [c.name for c in columns if c.name != "region_code"]

    def make(number: int, parsed: dict[str, Any]) -> Row:
        return Row(row=number, region=parsed["region_code"].code, values={n: parsed.get(n) for n in names})

    return make


def _funding_row(columns: tuple[Column, ...]) -> Any:
    """A funding row; a row without its first funded month stores it empty (the contract's v1 files)."""
    make = _row(columns)

    def funding(number: int, parsed: dict[str, Any]) -> Row:
        row = make(number, parsed)
        row.values["start_period"] = row.values.get("start_period") or ""
        return row

    return funding


def _start_month(cell: Cell) -> str:
    """The first funded month as YYYY-MM; it may lie ahead (a budget for next year), and it is checked
    against the row's year by the funding rules."""
    return values.parse_month(cell, latest=None)


def _funding_rules(parsed: dict[str, Any]) -> list[tuple[str, str]]:
    start, year = parsed.get("start_period"), parsed.get("year")
    if start and year is not None and int(start[:4]) > year:
        return [
            (
                "start_period",
                _(
                    "the first funded month %(month)s is after the funding's year %(year)d: "
                    "write a month of %(year)d or before"
                )
                % {"month": start, "year": year},
            )
        ]
    months = parsed.get("months")
    if months is not None and not 1 <= months <= 12:
        return [("months", _("months of a year's funding are 1 to 12"))]
    villages, per_village = parsed.get("villages"), parsed.get("workers_per_village")
    if (villages is None) != (per_village is None):
        return [("villages", _("a village programme needs both villages and workers_per_village"))]
    workers = parsed.get("workers")
    if villages is not None and workers is not None and villages * per_village != workers:
        return [
            (
                "workers",
                _("a village programme covers villages × workers_per_village = %(n)d workers, not %(w)d")
                % {"n": villages * per_village, "w": workers},
            )
        ]
    return []


def _benefit_rules(parsed: dict[str, Any]) -> list[tuple[str, str]]:
    if parsed.get("claims") == 0 and (parsed.get("amount_idr") or 0) > 0:
        return [("claims", _("an amount paid needs at least one claim"))]
    return []


FUNDING_COLUMNS = (
    REGION,
    YEAR,
    Column(
        "funder",
        "choice",
        aliases=("sumber_dana", "pendana"),
        choices=(
            ("apbd_provinsi", "APBD_PROVINSI"),
            ("apbd_kabkota", "APBD_KABKOTA"),
            ("apbd_kabupaten", "APBD_KABKOTA"),
            ("apbd_kota", "APBD_KABKOTA"),
            ("apbdes", "APBDES"),
            ("csr", "CSR"),
            ("other", "OTHER"),
            ("lainnya", "OTHER"),
        ),
        example="APBD_KABKOTA",
    ),
    Column("workers", "count", aliases=("pekerja", "jumlah_pekerja"), example="6.400"),
    Column("months", "count", aliases=("bulan", "jumlah_bulan"), example="12"),
    Column(
        "amount_idr", "amount", aliases=("anggaran", "nilai", "jumlah_rupiah"), example="Rp 1.290.240.000"
    ),
    Column("villages", "count", aliases=("desa", "jumlah_desa"), required=False, example="64"),
    Column("workers_per_village", "count", aliases=("pekerja_per_desa",), required=False, example="100"),
    # Contract v2: the first funded month; with `months` it says until when the budget pays.
    Column(
        "start_period",
        "period",
        aliases=("bulan_mulai", "periode_mulai", "mulai"),
        required=False,
        parse=_start_month,
        example="2025-01",
    ),
)

VULNERABLE_FUNDING = register(
    Dataset(
        name="vulnerable_funding",
        label=gettext_lazy("Vulnerable-worker funding"),
        description=gettext_lazy(
            "Workers whose contributions a regional or village budget pays, per region, year and funder."
        ),
        columns=FUNDING_COLUMNS,
        key=("region_code", "year", "funder"),
        key_words=gettext_lazy("same region, year and funder"),
        make_row=_funding_row(FUNDING_COLUMNS),
        capabilities=(Cap.WRITE_MONEV,),
        own_upload=True,
        rules=(_funding_rules,),
        years_ahead=2,
        examples=(
            ("51.04", "2025", "APBD_KABKOTA", "6.400", "12", "Rp 1.290.240.000", "64", "100", "2025-01"),
        ),
    )
)

BENEFIT_COLUMNS = (
    REGION,
    PERIOD,
    Column(
        "program",
        "choice",
        aliases=("program_manfaat",),
        choices=(
            ("jkk", "JKK"),
            ("jkm", "JKM"),
            ("jht", "JHT"),
            ("jp", "JP"),
            ("jkp", "JKP"),
            ("beasiswa", "BEASISWA"),
            ("scholarship", "BEASISWA"),
        ),
        example="JKM",
    ),
    Column("claims", "count", aliases=("klaim", "jumlah_klaim", "kasus"), example="120"),
    Column("amount_idr", "amount", aliases=("nominal", "jumlah_rupiah", "nilai"), example="Rp 5.040.000.000"),
)

BENEFITS = register(
    Dataset(
        name="benefits",
        label=gettext_lazy("Benefits paid"),
        description=gettext_lazy("Claims paid by BPJS Ketenagakerjaan per region, month and program."),
        columns=BENEFIT_COLUMNS,
        key=("region_code", "period", "program"),
        key_words=gettext_lazy("same region, month and program"),
        make_row=_row(BENEFIT_COLUMNS),
        capabilities=(Cap.IMPORT_BENEFITS,),
        own_upload=True,
        rules=(_benefit_rules,),
        years_ahead=2,
        examples=(("53.71", "2024-06", "JKM", "120", "Rp 5.040.000.000"),),
    )
)


def _budget_rules(parsed: dict[str, Any]) -> list[tuple[str, str]]:
    allocation, realisation = parsed.get("allocation_idr"), parsed.get("realisation_idr")
    if allocation is not None and realisation is not None and realisation > allocation:
        return [
            (
                "realisation_idr",
                _("the realisation exceeds the allocation: write the amended allocation (APBD-P)"),
            )
        ]
    return []


BUDGET_COLUMNS = (
    REGION,
    YEAR,
    Column(
        "line",
        "choice",
        aliases=("pos_anggaran", "mata_anggaran", "sasaran"),
        choices=(
            ("non_asn", "NON_ASN"),
            ("pegawai_non_asn", "NON_ASN"),
            ("election", "ELECTION"),
            ("pemilu", "ELECTION"),
            ("penyelenggara_pemilu", "ELECTION"),
            ("vulnerable", "VULNERABLE"),
            ("rentan", "VULNERABLE"),
            ("pekerja_rentan", "VULNERABLE"),
            ("village", "VILLAGE"),
            ("perangkat_desa", "VILLAGE"),
        ),
        example="VULNERABLE",
    ),
    Column("allocation_idr", "amount", aliases=("alokasi", "pagu", "anggaran"), example="Rp 1.290.240.000"),
    Column("realisation_idr", "amount", aliases=("realisasi",), required=False, example="Rp 1.209.600.000"),
)

BUDGET_LINES = register(
    Dataset(
        name="budget_lines",
        label=gettext_lazy("Budget lines"),
        description=gettext_lazy(
            "What a regional budget allocates and realises for non-ASN staff, election organisers, "
            "vulnerable workers and village officials, per region, year and line."
        ),
        columns=BUDGET_COLUMNS,
        key=("region_code", "year", "line"),
        key_words=gettext_lazy("same region, year and line"),
        make_row=_row(BUDGET_COLUMNS),
        capabilities=(Cap.WRITE_MONEV,),
        own_upload=True,
        rules=(_budget_rules,),
        years_ahead=2,
        examples=(("53.71", "2025", "VULNERABLE", "Rp 1.290.240.000", "Rp 1.209.600.000"),),
    )
)


def _agent_rules(parsed: dict[str, Any]) -> list[tuple[str, str]]:
    period, enrolled, active = parsed.get("period"), parsed.get("enrolled"), parsed.get("active")
    if period is not None and (enrolled is None or active is None):
        return [("enrolled", _("a month's figure needs both enrolled and active"))]
    if period is None and (enrolled is not None or active is not None):
        return [("period", _("enrolled and active need the month they were counted in"))]
    if enrolled is not None and active is not None and active > enrolled:
        return [("active", _("participants kept active cannot exceed those enrolled"))]
    return []


AGENT_COLUMNS = (
    REGION,  # a village code places the agent in its village (a BUMDes in its own)
    Column("name", "text", aliases=("nama", "nama_agen"), max_length=200, example="BUMDes Oebobo"),
    Column(
        "kind",
        "choice",
        aliases=("jenis",),
        choices=(
            ("individual", "INDIVIDUAL"),
            ("perorangan", "INDIVIDUAL"),
            ("bumdes", "BUMDES"),
            ("other", "OTHER"),
            ("lainnya", "OTHER"),
        ),
        example="BUMDES",
    ),
    Column("period", "period", aliases=("periode", "bulan"), required=False, example="2024-06"),
    Column("enrolled", "count", aliases=("terdaftar", "didaftarkan"), required=False, example="120"),
    Column("active", "count", aliases=("aktif",), required=False, example="90"),
)

PERISAI_AGENTS = register(
    Dataset(
        name="perisai_agents",
        label=gettext_lazy("Perisai agents"),
        description=gettext_lazy(
            "Perisai agents by region or village (a BUMDes in its village) and, optionally, what each "
            "enrolled by the end of a month."
        ),
        columns=AGENT_COLUMNS,
        key=("region_code", "name", "period"),
        key_words=gettext_lazy("same region, agent and month"),
        make_row=_row(AGENT_COLUMNS),
        capabilities=(Cap.WRITE_MONEV,),
        own_upload=True,
        rules=(_agent_rules,),
        years_ahead=0,
        examples=(("53.71.01.1001", "BUMDes Oebobo", "BUMDES", "2024-06", "120", "90"),),
    )
)

MONEV_DATASETS: dict[str, Dataset] = {
    d.name: d for d in (VULNERABLE_FUNDING, BENEFITS, BUDGET_LINES, PERISAI_AGENTS)
}
