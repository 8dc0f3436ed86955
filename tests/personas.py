"""Helpers shared by the test suites: a small region master, files built in memory, imports in one call, and
the personas with their password. Not shipped: it lived in `cakupan/common/testing.py` until issue 22."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cakupan.imports.models import ImportBatch
from cakupan.imports.services import import_commit
from cakupan.imports.validation import Validation, validate_file
from cakupan.indicators.figure_store import Plan
from cakupan.regions.master import iter_master
from cakupan.regions.models import Region

# The regions whose districts and villages the test database also holds (Kota Kupang, NTT).
DETAILED_REGENCY = "53.71"


def seed_regions() -> int:
    """National, all provinces and regencies, and the districts and villages of one city: enough for
    every test but the one that loads the whole master."""
    rows = [
        Region(code=m.code, name=m.name, level=m.level, kind=m.kind, parent_id=m.parent)
        for m in iter_master()
        if m.level <= 2 or m.code.startswith(DETAILED_REGENCY + ".")
    ]
    Region.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, delimiter: str = ",", bom: bool = False
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    return (("\ufeff" + text) if bom else text).encode("utf-8")


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, sheet_title: str = "Data"
) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def validate(dataset: str, content: bytes, name: str = "data.csv") -> Validation:
    return validate_file(dataset_name=dataset, file_name=name, content=content)


def load(
    dataset: str, content: bytes, name: str = "data.csv", *, simulated: bool = False
) -> tuple[ImportBatch | None, Plan]:
    """Validate and commit; fails the test with the first problem when the file is refused."""
    validation = validate(dataset, content, name)
    assert validation.ok, [p.as_dict() for p in validation.problems[:5]]
    return import_commit(
        validation=validation, by=None, actor="test", source=ImportBatch.Source.CLI, simulated=simulated
    )


WORKFORCE_HEADER = ("region_code", "period", "sector", "workers", "source")
PARTICIPATION_HEADER = ("region_code", "period", "segment", "status", "participants")
TARGETS_HEADER = ("region_code", "year", "indicator", "value", "source")


def participation_rows(
    code: str, period: str, active: dict[str, int], inactive: dict[str, int] | None = None
) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = [(code, period, seg, "active", n) for seg, n in active.items()]
    rows += [(code, period, seg, "inactive", n) for seg, n in (inactive or {}).items()]
    return rows


# --- Personas: who the tests act as. Region A is Nusa Tenggara Timur (53), region B Nusa Tenggara Barat (52).
REGION_A = "53"
REGION_B = "52"
PERSONA_PASSWORD = "persona-passphrase-2026"


@dataclass
class Personas:
    national_admin: Any
    national_analyst: Any
    officer_a: Any  # regional officer (labour office) of province A
    officer_b: Any  # regional officer of province B
    bpjs_officer_a: Any  # BPJS branch covering two regencies of A (Kota Kupang, Sumba Barat)
    compliance_a: Any  # labour inspector (compliance officer of the labour inspectorate of A)
    licensing_a: Any
    # Province B's other roles: each must see nothing of region A.
    compliance_b: Any  # labour inspector of the inspectorate of B
    licensing_b: Any  # licensing office of Kota Mataram (52.71)
    bpjs_b: Any  # BPJS branch of B covering Kota Mataram and Lombok Barat

    def all(self) -> dict[str, Any]:
        return dict(vars(self))


def make_personas() -> Personas:
    from cakupan.accounts.models import Office
    from cakupan.accounts.services import role_assign, user_create

    def person(name: str) -> Any:
        return user_create(username=name, password=PERSONA_PASSWORD)

    region = {code: Region.objects.get(code=code) for code in (REGION_A, REGION_B, "53.71", "52.71")}
    branch = Office.objects.create(name="BPJS Ketenagakerjaan Kantor Cabang Kupang", kind="BPJS_BRANCH")
    branch.regions.set(Region.objects.filter(code__in=["53.71", "53.01"]))
    personas = Personas(
        national_admin=person("admin_nasional"),
        national_analyst=person("analis_nasional"),
        officer_a=person("petugas_ntt"),
        officer_b=person("petugas_ntb"),
        bpjs_officer_a=person("bpjs_kupang"),
        compliance_a=person("pengawas_ntt"),
        licensing_a=person("dpmptsp_kupang"),
        compliance_b=person("pengawas_ntb"),
        licensing_b=person("dpmptsp_mataram"),
        bpjs_b=person("bpjs_mataram"),
    )
    role_assign(user=personas.national_admin, role="NATIONAL_ADMIN")
    role_assign(user=personas.national_analyst, role="NATIONAL_ANALYST")
    role_assign(user=personas.officer_a, role="REGIONAL_OFFICER", region=region[REGION_A])
    role_assign(user=personas.officer_b, role="REGIONAL_OFFICER", region=region[REGION_B])
    role_assign(user=personas.bpjs_officer_a, role="BPJS_OFFICER", office=branch)
    # A labour inspector: a compliance officer of a labour inspectorate, who may write inspection notes.
    inspectorate = Office.objects.create(name="UPT Pengawasan Ketenagakerjaan NTT", kind="INSPECTORATE")
    inspectorate.regions.set([region[REGION_A]])
    role_assign(user=personas.compliance_a, role="COMPLIANCE_OFFICER", office=inspectorate)
    role_assign(user=personas.licensing_a, role="LICENSING_OFFICER", region=region["53.71"])
    branch_b = Office.objects.create(name="BPJS Ketenagakerjaan Kantor Cabang Mataram", kind="BPJS_BRANCH")
    branch_b.regions.set(Region.objects.filter(code__in=["52.71", "52.01"]))
    role_assign(user=personas.bpjs_b, role="BPJS_OFFICER", office=branch_b)
    inspectorate_b = Office.objects.create(name="UPT Pengawasan Ketenagakerjaan NTB", kind="INSPECTORATE")
    inspectorate_b.regions.set([region[REGION_B]])
    role_assign(user=personas.compliance_b, role="COMPLIANCE_OFFICER", office=inspectorate_b)
    role_assign(user=personas.licensing_b, role="LICENSING_OFFICER", region=region["52.71"])
    return personas


def streamed(response: Any) -> bytes:
    """The whole body of a streamed response (a file sent in blocks), as a test reads it."""
    return b"".join(response.streaming_content)
