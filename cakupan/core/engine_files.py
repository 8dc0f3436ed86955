"""The columns of the files the participant engine reads — participant files and lists to match — with
their aliases, what each holds and an example. Declared here, free of Django, so the engine (`analytics`)
reads its files by them and the import registry lists, explains and templates them from the same words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cakupan.core.vocabulary import FUNDER_SPELLINGS, SEGMENT_SPELLINGS, STATUS_SPELLINGS

# What a column holds, in the import registry's words: a keyed NIK hash, a region code, a month, one of a
# list of spellings, or text.
EngineKind = Literal["nik_hash", "region", "period", "choice", "text"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: EngineKind
    aliases: tuple[str, ...] = ()
    required: bool = True
    # Accepted spellings (lower case) → stored value.
    choices: tuple[tuple[str, str], ...] = ()
    example: str = ""


@dataclass(frozen=True)
class FileSpec:
    """The columns one kind of file has. A raw NIK column stands in for `nik_hash` when pseudonymising."""

    name: str
    columns: tuple[Column, ...]

    def lookup(self) -> dict[str, str]:
        """Every accepted header spelling → the column's name."""
        return {alias: c.name for c in self.columns for alias in (c.name, *c.aliases)}


# Column names that hold a raw NIK: refused unless the caller asks for pseudonymisation.
RAW_NIK_NAMES = ("nik", "no_nik", "nomor_nik", "nomor_induk_kependudukan", "ktp", "no_ktp", "nik_ktp")

EXAMPLE_HASH = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd"

NIK_HASH = Column("nik_hash", "nik_hash", ("hash_nik", "nik_hmac"), example=EXAMPLE_HASH)
REGION = Column(
    "region_code",
    "region",
    ("kode_wilayah", "kode_kemendagri"),  # Kemendagri codes; the header names the code system
    example="53.71.01.1001",
)

PARTICIPANTS = FileSpec(
    "participants",
    (
        NIK_HASH,
        REGION,
        Column("period", "period", ("periode", "bulan"), example="2024-06"),
        Column("segment", "choice", ("segmen",), choices=tuple(SEGMENT_SPELLINGS.items()), example="BPU"),
        Column(
            "status",
            "choice",
            ("status_kepesertaan",),
            choices=tuple(STATUS_SPELLINGS.items()),
            example="aktif",
        ),
        Column("programs", "text", ("program",), required=False, example="JKK;JKM"),
        Column("employer_id", "text", ("npp", "nib", "id_pemberi_kerja"), required=False, example=""),
        # Optional (contract v2): kept in the person store for the analyses of who is left out.
        Column(
            "last_paid_period",
            "period",
            ("periode_iuran_terakhir", "bulan_iuran_terakhir", "iuran_terakhir"),
            required=False,
            example="2024-06",
        ),
        Column(
            "registered_period",
            "period",
            ("periode_daftar", "bulan_daftar", "tanggal_daftar"),
            required=False,
            example="2021-08",
        ),
        Column(
            "funded_by",
            "choice",
            ("sumber_iuran", "pembayar_iuran", "penanggung_iuran"),
            required=False,
            choices=tuple(FUNDER_SPELLINGS.items()),
            example="APBDES",
        ),
        Column("kbli", "text", ("kode_kbli", "sektor"), required=False, example="01111"),
    ),
)

# The participant columns of contract v2 the person store keeps as the file writes them (read by the
# analyses, which treat a value they cannot read as unknown).
V2_PARTICIPANT_COLUMNS = ("last_paid_period", "registered_period", "funded_by", "kbli")

MATCH_LIST = FileSpec(
    "list",
    (
        NIK_HASH,
        REGION,
        Column(
            "agency",
            "text",
            ("instansi", "opd", "perangkat_daerah"),
            required=False,
            example="Dinas Koperasi",
        ),
        Column("category", "text", ("kategori", "kelompok"), required=False, example="non-ASN"),
    ),
)

# The socio-economic registry (DTSEN, P3KE) extract matched against the participants of a month (contract
# v2): read for the match and discarded, only aggregates are kept.
POVERTY_LIST = FileSpec(
    "poverty_list",
    (
        NIK_HASH,
        REGION,
        Column("desil", "text", ("decile", "desil_kesejahteraan"), example="1"),
        Column("list", "text", ("daftar", "sumber_daftar"), required=False, example="DTSEN"),
        Column("period", "period", ("periode", "bulan"), required=False, example="2024-06"),
        Column("age", "text", ("umur", "usia"), required=False, example="34"),
        Column("working", "text", ("bekerja", "status_bekerja"), required=False, example="ya"),
    ),
)
