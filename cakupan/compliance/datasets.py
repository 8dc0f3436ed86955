"""The `employers` dataset of the data contract, declared once in the import registry: the employer
register with what each employer reported and what it registered with BPJS Ketenagakerjaan."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cakupan.accounts.roles import Cap
from cakupan.compliance.models import PROGRAMS, Employer
from cakupan.core.cells import Cell
from cakupan.core.codes import NATIONAL
from cakupan.core.nik import contains_nik
from cakupan.core.problems import shown
from cakupan.imports import values
from cakupan.imports.datasets import PERIOD, REGION
from cakupan.imports.registry import Column, Dataset, register

_ID = re.compile(r"[A-Z0-9]{4,20}")
_NIB = re.compile(r"\d{13}")
_PROGRAM_SPLIT = re.compile(r"[;,/+\s]+")


@dataclass(frozen=True)
class EmployerRow:
    row: int
    key: str
    kind: str
    name: str
    region: str
    period: str
    reported_workers: int
    registered_workers: int
    reported_wages_idr: int
    registered_wages_idr: int
    programs: str  # canonical, e.g. "JKK;JKM;JHT"

    @property
    def figures(self) -> tuple[int, int, int, int, str]:
        return (
            self.reported_workers,
            self.registered_workers,
            self.reported_wages_idr,
            self.registered_wages_idr,
            self.programs,
        )


def employer_key(raw: str) -> tuple[str, str]:
    """(key, kind) of an NPP or NIB as written: upper case without spaces, dots or dashes. A 13-digit
    number is a NIB (OSS business id); anything else of 4 to 20 letters and digits is an NPP."""
    key = re.sub(r"[\s.\-]", "", raw).upper()
    if contains_nik(raw) or contains_nik(key):
        raise values.ValueProblem(_("looks like a NIK (16 digits): use the employer's NPP or NIB"))
    if not _ID.fullmatch(key):
        raise values.ValueProblem(
            _("not an NPP or NIB: use 4 to 20 letters and digits (a NIB has 13 digits)")
        )
    return key, (Employer.IdKind.NIB if _NIB.fullmatch(key) else Employer.IdKind.NPP)


def parse_programs(cell: Cell) -> str:
    raw = values.text_of(cell).upper()
    found = [p for p in _PROGRAM_SPLIT.split(raw) if p]
    unknown = [p for p in found if p not in PROGRAMS]
    if unknown:
        raise values.ValueProblem(
            _("unknown program %(program)s; programs are %(allowed)s, separated by ;")
            % {"program": shown(unknown[0], 20), "allowed": ", ".join(PROGRAMS)}
        )
    return ";".join(p for p in PROGRAMS if p in found)


def _parse_id(cell: Cell) -> str:
    return employer_key(values.text_of(cell))[0]


def _parse_name(cell: Cell) -> str:
    name = values.parse_text(cell, max_length=200)
    if not name:
        raise values.ValueProblem(_("the name is empty"))
    return name


def _rules(parsed: dict[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    region = parsed.get("region_code")
    if region is not None and region.code == NATIONAL:
        problems.append(("region_code", _("an employer operates in a region, not nationally (00)")))
    if parsed.get("registered_workers") == 0 and (parsed.get("registered_wages_idr") or 0) > 0:
        problems.append(("registered_wages_idr", _("a registered wage bill without registered workers")))
    if parsed.get("reported_workers") == 0 and (parsed.get("reported_wages_idr") or 0) > 0:
        problems.append(("reported_wages_idr", _("a reported wage bill without reported workers")))
    return problems


def _make_row(number: int, parsed: dict[str, Any]) -> EmployerRow:
    key = parsed["employer_id"]
    return EmployerRow(
        row=number,
        key=key,
        kind=Employer.IdKind.NIB if _NIB.fullmatch(key) else Employer.IdKind.NPP,
        name=parsed["name"],
        region=parsed["region_code"].code,
        period=parsed["period"],
        reported_workers=parsed["reported_workers"],
        registered_workers=parsed["registered_workers"],
        reported_wages_idr=parsed["reported_wages_idr"],
        registered_wages_idr=parsed["registered_wages_idr"],
        programs=parsed.get("programs") or "",
    )


EMPLOYERS = register(
    Dataset(
        name="employers",
        label=gettext_lazy("Employers"),
        description=gettext_lazy(
            "The employer register: workers and wages each employer reported and registered, by month."
        ),
        columns=(
            Column(
                "employer_id",
                "text",
                aliases=("npp_nib", "npp_atau_nib", "id_pemberi_kerja", "id_perusahaan"),
                parse=_parse_id,
                example="NPP12345678",
            ),
            Column(
                "name",
                "text",
                aliases=("nama", "nama_perusahaan", "nama_pemberi_kerja"),
                parse=_parse_name,
                example="PT Contoh Sejahtera",
            ),
            REGION,
            PERIOD,
            Column(
                "reported_workers",
                "count",
                aliases=("tk_dilaporkan", "pekerja_dilaporkan", "jumlah_tk_wlkp"),
                example="120",
            ),
            Column(
                "registered_workers", "count", aliases=("tk_terdaftar", "pekerja_terdaftar"), example="80"
            ),
            Column(
                "reported_wages_idr",
                "amount",
                aliases=("upah_dilaporkan", "upah_dilaporkan_idr"),
                example="Rp 360.000.000",
            ),
            Column(
                "registered_wages_idr",
                "amount",
                aliases=("upah_terdaftar", "upah_terdaftar_idr"),
                example="Rp 200.000.000",
            ),
            Column(
                "programs",
                "text",
                aliases=("program", "program_terdaftar"),
                required=False,
                parse=parse_programs,
                example="JKK;JKM;JHT",
            ),
        ),
        key=("employer_id", "period"),
        key_words=gettext_lazy("same employer and month"),
        make_row=_make_row,
        capabilities=(Cap.MANAGE_CASES, Cap.IMPORT_PARTICIPATION),
        own_upload=True,
        rules=(_rules,),
        examples=(
            (
                "NPP12345678",
                "PT Contoh Sejahtera",
                "53.71",
                "2024-06",
                "120",
                "80",
                "Rp 360.000.000",
                "Rp 200.000.000",
                "JKK;JKM;JHT",
            ),
        ),
    )
)
