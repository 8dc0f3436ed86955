"""The columns of participant files and of lists to match, with their aliases and accepted values."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cakupan.core.codes import DOTTED_PATTERN, CodeError, parse_code
from cakupan.core.headers import normal_header
from cakupan.core.vocabulary import PROGRAMS, SEGMENT_SPELLINGS, SEGMENTS, STATUS_SPELLINGS, STATUSES

__all__ = ["PROGRAMS", "SEGMENTS", "SEGMENT_SPELLINGS", "STATUSES", "STATUS_SPELLINGS", "normal_header"]


# Column names that hold a raw NIK: refused unless the caller asks for pseudonymisation.
RAW_NIK_NAMES = ("nik", "no_nik", "nomor_nik", "nomor_induk_kependudukan", "ktp", "no_ktp", "nik_ktp")

PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
DOTTED_RE = re.compile(DOTTED_PATTERN)
# Length of a dotted code at each level: province, regency, district, village.
LEVEL_LENGTHS = (2, 5, 8, 13)


@dataclass(frozen=True)
class Column:
    name: str
    aliases: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class FileSpec:
    """The columns one kind of file has. A raw NIK column stands in for `nik_hash` when pseudonymising."""

    name: str
    columns: tuple[Column, ...]

    def lookup(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for column in self.columns:
            for alias in (column.name, *column.aliases):
                found[alias] = column.name
        return found


NIK_HASH = Column("nik_hash", ("hash_nik", "nik_hmac"))
REGION = Column("region_code", ("kode_wilayah", "kode", "kode_daerah", "wilayah", "kode_desa"))

PARTICIPANTS = FileSpec(
    "participants",
    (
        NIK_HASH,
        REGION,
        Column("period", ("periode", "bulan")),
        Column("segment", ("segmen",)),
        Column("status", ("status_kepesertaan",)),
        Column("programs", ("program",), required=False),
        Column("employer_id", ("npp", "nib", "id_pemberi_kerja"), required=False),
    ),
)

MATCH_LIST = FileSpec(
    "list",
    (
        NIK_HASH,
        REGION,
        Column("agency", ("instansi", "opd", "perangkat_daerah"), required=False),
        Column("category", ("kategori", "kelompok"), required=False),
    ),
)


def dotted(code: str) -> str | None:
    """The dotted form of a Kemendagri code given dotted or as bare digits; None when it is neither (the
    core's one reading of a code, as every aggregate file is read)."""
    try:
        return parse_code(code).code
    except CodeError:
        return None
