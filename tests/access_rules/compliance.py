"""Access rules for the compliance routes (pages, parts, downloads, API operations).

Region A's records: an employer of Kota Kupang (53.71) with a finding, an open case with one evidence
file, and the import that brought it in. Who sees compliance: roles with `view_compliance` for the
region (national administrator and analyst, the BPJS branch of Kupang, the compliance officer of NTT,
the licensing office of Kota Kupang). Regional officers have no compliance role at all.
"""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from benchmarks.employers import HEADER
from cakupan.compliance.models import Employer, EmployerPosition, Evidence
from cakupan.compliance.services import employers_import
from cakupan.compliance.transitions import case_open, case_transition
from cakupan.compliance.views import STAGING_AREA
from cakupan.imports import staging
from cakupan.imports.models import ImportBatch
from tests.access_rules import Check, split
from tests.personas import Personas, csv_bytes

NAME = "PT Sasando Jaya"
# view_compliance for Kota Kupang (53.71).
SEES_KUPANG = {"national_admin", "national_analyst", "bpjs_officer_a", "compliance_a", "licensing_a"}
# The working file (candidates' shortfalls, notes and evidence) for Kota Kupang: not the licensing office.
DETAILS_KUPANG = SEES_KUPANG - {"licensing_a"}
# view_compliance for all of NTT (53).
SEES_NTT = {"national_admin", "national_analyst", "compliance_a"}
# manage_cases (corrections) for 53.71.
EDITS = {"national_admin", "compliance_a"}
# May import employers files: manage_cases or import_participation.
IMPORTS = {"national_admin", "compliance_a", "bpjs_officer_a"}
PDF = b"%PDF-1.4\n%%EOF\n"


def rules(personas: Personas) -> dict[str, list[Check]]:
    outcome = employers_import(
        file_name="pemberi-kerja.csv",
        content=csv_bytes(
            HEADER,
            [("NPP0001", NAME, "53.71", "2026-01", 50, 40, 150_000_000, 120_000_000, "JKK;JKM;JHT;JP")],
        ),
    )
    assert outcome.batch is not None
    # A batch moved from compliance.EmployerImport keeps its old number: its old page is sent on to it.
    ImportBatch.objects.filter(pk=outcome.batch.pk).update(
        legacy_kind="compliance.employerimport", legacy_id=9001
    )
    staged = staging.stage(
        area=STAGING_AREA,
        dataset="employers",
        file_name="pemberi-kerja-2.csv",
        user_id=personas.bpjs_officer_a.pk,
        content=csv_bytes(
            HEADER,
            [("NPP0002", "PT Dua", "53.71", "2026-02", 10, 10, 30_000_000, 30_000_000, "JKK;JKM;JHT;JP")],
        ),
    )
    employer = Employer.objects.get(key="NPP0001")
    position = EmployerPosition.objects.get(employer=employer)
    case = case_open(employer=employer, by=personas.compliance_a, note="dibuka", today=date(2026, 3, 13))
    case_transition(
        case=case,
        action="warn1",
        by=personas.compliance_a,
        note="teguran",
        letter_number="B/1/2026",
        letter_date=date(2026, 3, 13),
        today=date(2026, 3, 13),
        files=[SimpleUploadedFile("teguran.pdf", PDF)],
    )
    evidence = Evidence.objects.get(case=case)
    kupang = {p: NAME for p in SEES_KUPANG}
    details = {p: NAME for p in DETAILS_KUPANG}
    hidden = {p: NAME for p in ("officer_a", "officer_b")}
    return {
        "compliance:index": [Check("GET", "/kepatuhan/", split(SEES_KUPANG, 200, 403, 302))],
        "compliance:licensing": [
            Check(
                "GET",
                "/kepatuhan/cek-izin/?id=NPP0001",
                split(SEES_KUPANG, 200, 403, 302),
                required_text=kupang,
                forbidden_text=hidden,
            )
        ],
        "compliance:import-upload": [Check("GET", "/kepatuhan/impor/", split(IMPORTS, 200, 403, 302))],
        "compliance:import": [Check("GET", "/kepatuhan/impor/9001/", split(SEES_KUPANG, 302, 403, 302))],
        # Only the one who sent a staged file sees its preview and stores it; to anyone else it is not there.
        "compliance:import-preview": [
            Check("GET", f"/kepatuhan/impor/pratinjau/{staged}/", split({"bpjs_officer_a"}, 200, 404, 302))
        ],
        "compliance:import-confirm": [
            Check(
                "POST",
                f"/kepatuhan/impor/pratinjau/{staged}/simpan/",
                split(set(), 302, 404, 302, others={"bpjs_officer_a": 302}),
            )
        ],
        "compliance:employer": [
            Check(
                "GET",
                f"/kepatuhan/pemberi-kerja/{employer.pk}/",
                split(SEES_KUPANG, 200, 404, 302),
                required_text=kupang,
            )
        ],
        "compliance:employer-edit": [
            Check(
                "GET",
                f"/kepatuhan/pemberi-kerja/{employer.pk}/ubah/",
                split(EDITS, 200, 403, 302, others={"officer_a": 404, "officer_b": 404}),
            )
        ],
        # The employer has an open case: those who may open one are sent back to it with a message.
        "compliance:case-open": [
            Check(
                "POST",
                f"/kepatuhan/pemberi-kerja/{employer.pk}/buka-kasus/",
                split(
                    {"bpjs_officer_a", "compliance_a"},
                    302,
                    403,
                    302,
                    others={"officer_a": 404, "officer_b": 404},
                ),
            )
        ],
        "compliance:position-edit": [
            Check(
                "GET",
                f"/kepatuhan/posisi/{position.pk}/ubah/",
                split(EDITS, 200, 403, 302, others={"officer_a": 404, "officer_b": 404}),
            )
        ],
        "compliance:case": [
            Check(
                "GET", f"/kepatuhan/kasus/{case.pk}/", split(SEES_KUPANG, 200, 404, 302), required_text=kupang
            )
        ],
        # Without a note: the roles that may issue the second warning get the form back (400), nothing moves.
        "compliance:case-step": [
            Check(
                "POST",
                f"/kepatuhan/kasus/{case.pk}/langkah/warn2/",
                split(
                    {"bpjs_officer_a", "compliance_a"},
                    400,
                    403,
                    302,
                    others={"officer_a": 404, "officer_b": 404},
                ),
                data=lambda: {"note": ""},
            )
        ],
        "compliance:evidence": [
            Check("GET", f"/kepatuhan/bukti/{evidence.pk}/", split(DETAILS_KUPANG, 200, 404, 302))
        ],
        "compliance:region": [
            Check("GET", "/kepatuhan/wilayah/53/", split(SEES_NTT, 200, 403, 302)),
            Check("GET", "/kepatuhan/wilayah/53.71/", split(SEES_KUPANG, 200, 403, 302)),
            Check("GET", "/kepatuhan/wilayah/53/?unduh=csv&tabel=tahap", split(SEES_NTT, 200, 403, 302)),
        ],
        "compliance:employers": [
            Check(
                "GET",
                "/kepatuhan/wilayah/53.71/pemberi-kerja/",
                split(SEES_KUPANG, 200, 403, 302),
                required_text=kupang,
            ),
            Check(
                "GET",
                "/kepatuhan/wilayah/53.71/pemberi-kerja/?unduh=csv",
                split(SEES_KUPANG, 200, 403, 302),
                required_text=kupang,
            ),
        ],
        "compliance:candidates": [
            Check(
                "GET",
                "/kepatuhan/wilayah/53.71/kandidat/",
                split(DETAILS_KUPANG, 200, 403, 302),
                required_text=details,
            ),
            Check(
                "GET",
                "/kepatuhan/wilayah/52/kandidat/",
                split({"national_admin", "national_analyst"}, 200, 403, 302),
            ),
            Check(
                "GET",
                "/kepatuhan/wilayah/53.71/kandidat/?unduh=json",
                split(DETAILS_KUPANG, 200, 403, 302),
                required_text=details,
            ),
        ],
        "compliance:candidates-csv": [
            Check(
                "GET",
                "/kepatuhan/wilayah/53.71/kandidat.csv",
                split(DETAILS_KUPANG, 200, 403, 302),
                required_text=details,
            )
        ],
        "compliance:cases": [
            Check(
                "GET",
                "/kepatuhan/wilayah/53.71/kasus/",
                split(SEES_KUPANG, 200, 403, 302),
                required_text=kupang,
            ),
            Check(
                "GET",
                "/kepatuhan/wilayah/53.71/kasus/?tampil=all&unduh=csv",
                split(SEES_KUPANG, 200, 403, 302),
                required_text=kupang,
            ),
        ],
        "api:employer_licensing": [
            Check(
                "GET",
                "/api/v1/compliance/employers/NPP0001",
                split(SEES_KUPANG, 200, 403, 401),
                required_text={p: '"status": "in_process"' for p in SEES_KUPANG},
            )
        ],
        "api:region_candidates": [
            Check(
                "GET",
                "/api/v1/compliance/regions/53.71/candidates",
                split(DETAILS_KUPANG, 200, 403, 401),
                required_text=details,
            )
        ],
        # An empty file: those who may import employers (for their own regions, province B's too) are told
        # what is wrong with it (422), the others are refused before it is read.
        "api:employers_import_upload": [
            Check(
                "POST",
                "/api/v1/compliance/employers/imports",
                split(IMPORTS | {"compliance_b", "bpjs_b"}, 422, 403, 401),
                data=lambda: {"file": SimpleUploadedFile("pemberi-kerja.csv", b"")},
            )
        ],
        "api:case_get": [
            Check(
                "GET",
                f"/api/v1/compliance/cases/{case.pk}",
                split(SEES_KUPANG, 200, 404, 401, others={"officer_a": 403, "officer_b": 403}),
                required_text=kupang,
            )
        ],
        # A letter dated long ago: those who may issue the second warning are told why (422); roles that may
        # not take the step are refused (403); the case is not there for those who do not see it.
        "api:case_step": [
            Check(
                "POST",
                f"/api/v1/compliance/cases/{case.pk}/steps/warn2",
                split(
                    {"national_admin", "national_analyst", "licensing_a"},
                    403,
                    404,
                    401,
                    others={"bpjs_officer_a": 422, "compliance_a": 422},
                ),
                data=lambda: {"note": "x", "letter_number": "B/2/2026", "letter_date": "2026-03-13"},
            )
        ],
        "api:region_compliance_summary": [
            Check("GET", "/api/v1/compliance/regions/53.71/summary", split(SEES_KUPANG, 200, 403, 401)),
            Check("GET", "/api/v1/compliance/regions/53/summary", split(SEES_NTT, 200, 403, 401)),
        ],
    }
