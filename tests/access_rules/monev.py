"""Access rules for the monev routes (pages, parts, downloads, API operations).

Public: the register index, regulations (and their documents), the Inpres 2/2021 matrix, funding,
benefits and targets down to regencies. A role for the region: meetings, follow-ups, evidence.
Writing: `write_monev` for the region (targets: `import_targets`; the `benefits` dataset: `import_benefits`,
which BPJS officers hold for the regions of their office). Every table downloads (`?unduh=csv|json`) under
the rule of its page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from cakupan.imports import staging
from cakupan.imports.models import ImportBatch
from cakupan.monev import services
from cakupan.monev.importing import validate_monev_file
from cakupan.monev.meetings import services as meeting_services
from cakupan.monev.models import AddresseeReport, InpresInstruction, Regulation
from cakupan.monev.outreach import services as outreach_services
from cakupan.monev.regulations import services as regulation_services
from cakupan.monev.summary import services as summary_services
from cakupan.monev.targets import services as target_services
from cakupan.monev.views import STAGING_AREA
from cakupan.regions.models import Region
from tests.access_rules import LOGGED_IN, PERSONAS, SEES_A_DETAIL, Check, everyone, hidden_from_b, split
from tests.personas import Personas, csv_bytes

WRITERS = {"national_admin", "national_analyst", "officer_a", "officer_b"}
WRITERS_A = {"national_admin", "national_analyst", "officer_a"}
# Who may import a Monev dataset: funding (regional governments) or benefits (BPJS Ketenagakerjaan).
IMPORTERS = WRITERS | {"bpjs_officer_a", "bpjs_b"}
NATIONAL = {"national_admin", "national_analyst"}
RECORDS_A = {"national_admin", "national_analyst", "officer_a", "compliance_a"}
HAS_RECORDS = set(LOGGED_IN) - {"licensing_a", "licensing_b"}
PDF = b"%PDF-1.4\n%%EOF\n"


def _commit(dataset: str, header: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    validation = validate_monev_file(dataset_name=dataset, file_name="x.csv", content=csv_bytes(header, rows))
    assert validation.ok, validation.problems
    services.monev_import_commit(validation=validation, by=None, source=ImportBatch.Source.CLI)


def rules(personas: Personas) -> dict[str, list[Check]]:
    ntt = Region.objects.get(code="53")
    regulation = regulation_services.regulation_create(
        region=ntt,
        kind=Regulation.Kind.PERGUB,
        number="Pergub-NTT-7",
        issued_on=dt.date(2023, 1, 2),
        title="Jamsostek",
        topics=["VULNERABLE"],
        acts_on=InpresInstruction.objects.filter(code="REGULATION"),
        document=SimpleUploadedFile("pergub.pdf", PDF),
        by=personas.officer_a,
    )
    assert regulation.document is not None
    meeting = meeting_services.meeting_create(
        region=ntt,
        held_on=dt.date(2024, 7, 1),
        place="Tempat-Rapat-NTT",
        institutions="Kemenko PMK",
        agenda="",
        by=personas.officer_a,
    )
    target_services.commitment_create(
        meeting=meeting,
        region=ntt,
        indicator="coverage_rate",
        value=Decimal("50"),
        deadline=dt.date(2024, 12, 31),
        owner=None,
        source="Komitmen-NTT-rapat",
        by=personas.officer_a,
    )
    follow_up = meeting_services.follow_up_create(
        meeting=meeting,
        action="Tindakan-NTT-rahasia",
        responsible="Bappeda",
        due_on=dt.date(2024, 8, 1),
        recommendation=None,
        by=personas.officer_a,
    )
    follow_up = meeting_services.follow_up_update(
        follow_up=follow_up,
        status="IN_PROGRESS",
        done_on=None,
        evidence_note="",
        evidence=SimpleUploadedFile("bukti.pdf", PDF),
        by=personas.officer_a,
    )
    assert follow_up.evidence is not None
    attendee = meeting_services.attendee_add(
        meeting=meeting,
        agency="Instansi-NTT-rahasia",
        position="Kepala",
        person_name="",
        attended=True,
        head_of_region=False,
        by=personas.officer_a,
    )
    _commit(
        "vulnerable_funding",
        ("region_code", "year", "funder", "workers", "months", "amount_idr"),
        [("53", 2024, "APBD_PROVINSI", 100, 12, 20_160_000)],
    )
    _commit(
        "benefits",
        ("region_code", "period", "program", "claims", "amount_idr"),
        [("53.71", "2024-06", "JKM", 2, 84_000_000), ("53.71.01", "2024-06", "JKM", 1, 42_000_000)],
    )
    # The budget register: a province line (public) and a district line (a role for the region).
    _commit(
        "budget_lines",
        ("region_code", "year", "line", "allocation_idr", "realisation_idr"),
        [("53", 2024, "VULNERABLE", 20_160_000, ""), ("53.71.01", 2024, "VILLAGE", 7_654_321, "")],
    )
    district_budget_hidden = {p: 'data-region="53.71.01"' for p in PERSONAS if p not in SEES_A_DETAIL}
    district_budget_hidden_api = {p: '"53.71.01"' for p in PERSONAS if p not in SEES_A_DETAIL}
    target_services.target_enter(
        region=ntt,
        year=2025,
        indicator="coverage_rate",
        value=Decimal("45"),
        source="Kemendagri",
        regulation=None,
        by=personas.officer_a,
    )
    agent = outreach_services.agent_create(
        region=ntt, name="Agen-NTT-rahasia", kind="INDIVIDUAL", since=None, by=personas.officer_a
    )
    token = staging.stage(
        area=STAGING_AREA,
        dataset="vulnerable_funding",
        file_name="dana.csv",
        user_id=personas.officer_a.pk,
        content=csv_bytes(
            ("region_code", "year", "funder", "workers", "months", "amount_idr"),
            [("53", 2023, "CSR", 10, 12, 2_016_000)],
        ),
    )
    benefits_token = staging.stage(
        area=STAGING_AREA,
        dataset="benefits",
        file_name="manfaat.csv",
        user_id=personas.bpjs_officer_a.pk,
        content=csv_bytes(
            ("region_code", "period", "program", "claims", "amount_idr"),
            [("53.71", "2024-07", "JKM", 1, 42_000_000)],
        ),
    )
    summary_services.addressee_report_create(
        kind=AddresseeReport.Kind.GOVERNOR,
        addressee="Gubernur NTT",
        region=ntt,
        year=2024,
        half=2,
        text="Laporan-NTT-rahasia",
        document=None,
        by=personas.officer_a,
    )
    reports_hidden = {**hidden_from_b("Laporan-NTT-rahasia"), "bpjs_officer_a": "Laporan-NTT-rahasia"}
    minister = lambda: {  # noqa: E731
        "kind": "MINISTER",
        "addressee": "Menteri Ketenagakerjaan",
        "region": "00",
        "year": 2024,
        "half": 2,
        "text": "laporan",
    }
    item = lambda: {"kind": "FINDING", "text": "temuan"}  # noqa: E731
    action = lambda: {"action": "aksi", "responsible": "Disnaker", "due_on": "2025-01-31"}  # noqa: E731
    hidden_b = hidden_from_b("Tindakan-NTT-rahasia")
    meetings_hidden = {**hidden_from_b("Tempat-Rapat-NTT"), "bpjs_officer_a": "Tempat-Rapat-NTT"}
    return {
        "monev:index": [Check("GET", "/monev/", everyone(200))],
        "monev:regulations": [
            Check("GET", "/monev/regulasi/?wilayah=53", everyone(200)),
            Check(
                "GET",
                "/monev/regulasi/?wilayah=53&unduh=csv",
                everyone(200),
                required_text=dict.fromkeys(PERSONAS, "Pergub-NTT-7"),
            ),
        ],
        "monev:regulation-create": [Check("GET", "/monev/regulasi/baru/", split(WRITERS, 200, 403, 302))],
        "monev:regulation-detail": [Check("GET", f"/monev/regulasi/{regulation.pk}/", everyone(200))],
        "monev:regulation-edit": [
            Check("GET", f"/monev/regulasi/{regulation.pk}/ubah/", split(WRITERS_A, 200, 403, 302))
        ],
        "monev:inpres": [
            Check("GET", "/monev/inpres/53/", everyone(200)),
            Check("GET", "/monev/inpres/00/", everyone(200)),
        ],
        "monev:document": [
            Check("GET", f"/monev/dokumen/{regulation.document.pk}/", everyone(200)),
            Check("GET", f"/monev/dokumen/{follow_up.evidence.pk}/", split(RECORDS_A, 200, 404, 404)),
        ],
        "monev:meetings": [
            Check(
                "GET",
                "/monev/rapat/",
                split(HAS_RECORDS, 200, 403, 302),
                forbidden_text=meetings_hidden,
                required_text=dict.fromkeys(RECORDS_A, "Tempat-Rapat-NTT"),
            ),
            Check(
                "GET",
                "/monev/rapat/?wilayah=53&unduh=csv",
                split(HAS_RECORDS, 200, 403, 302),
                forbidden_text=meetings_hidden,
                required_text=dict.fromkeys(RECORDS_A, "Tempat-Rapat-NTT"),
            ),
        ],
        "monev:meeting-create": [Check("GET", "/monev/rapat/baru/", split(WRITERS, 200, 403, 302))],
        "monev:meeting-detail": [
            Check("GET", f"/monev/rapat/{meeting.pk}/", split(RECORDS_A, 200, 404, 302))
        ],
        "monev:meeting-item-add": [
            Check(
                "POST",
                f"/monev/rapat/{meeting.pk}/butir/",
                split(WRITERS_A, 302, 404, 302, others={"compliance_a": 403}),
                data=item,
            )
        ],
        "monev:follow-up-add": [
            Check(
                "POST",
                f"/monev/rapat/{meeting.pk}/tindak-lanjut/",
                split(WRITERS_A, 302, 404, 302, others={"compliance_a": 403}),
                data=action,
            )
        ],
        "monev:commitment-add": [
            Check(
                "POST",
                f"/monev/rapat/{meeting.pk}/komitmen/",
                split(WRITERS_A, 302, 404, 302, others={"compliance_a": 403}),
                data=lambda: {
                    "region": "53",
                    "indicator": "coverage_rate",
                    "value": "50",
                    "deadline": "2025-12-31",
                    "source": "notulen",
                },
            )
        ],
        "monev:attendee-add": [
            Check(
                "POST",
                f"/monev/rapat/{meeting.pk}/undangan/",
                split(WRITERS_A, 302, 404, 302, others={"compliance_a": 403}),
                data=lambda: {"agency": "Disnaker", "attended": "on"},
            )
        ],
        "monev:attendee-update": [
            Check(
                "POST",
                f"/monev/undangan/{attendee.pk}/",
                split(WRITERS_A, 302, 404, 302, others={"compliance_a": 403}),
                data=lambda: {"attended": "1"},
            )
        ],
        "monev:signatories-set": [
            Check(
                "POST",
                f"/monev/rapat/{meeting.pk}/penandatangan/",
                split(WRITERS_A, 302, 404, 302, others={"compliance_a": 403}),
                data=lambda: {
                    "chair_name": "Ketua",
                    "chair_position": "Asdep",
                    "secretary_name": "Notulis",
                    "secretary_position": "Kabid",
                },
            )
        ],
        "monev:minutes": [
            Check(
                "GET",
                f"/monev/rapat/{meeting.pk}/notulen/?unduh=docx",
                split(RECORDS_A, 200, 404, 302),
            )
        ],
        "monev:follow-up-edit": [
            Check(
                "GET",
                f"/monev/tindak-lanjut/{follow_up.pk}/",
                split(WRITERS_A, 200, 404, 302, others={"compliance_a": 403}),
            )
        ],
        "monev:overdue": [
            Check(
                "GET",
                "/monev/tindak-lanjut/terlambat/",
                split(HAS_RECORDS, 200, 403, 302),
                forbidden_text=hidden_b,
                required_text=dict.fromkeys(RECORDS_A, "Tindakan-NTT-rahasia"),
            ),
            Check(
                "GET",
                "/monev/tindak-lanjut/terlambat/?unduh=json",
                split(HAS_RECORDS, 200, 403, 302),
                forbidden_text=hidden_b,
                required_text=dict.fromkeys(RECORDS_A, "Tindakan-NTT-rahasia"),
            ),
        ],
        "monev:addressee-reports": [
            Check(
                "GET",
                "/monev/laporan-penerima/",
                split(HAS_RECORDS, 200, 403, 302),
                forbidden_text=reports_hidden,
                required_text=dict.fromkeys(RECORDS_A, "Laporan-NTT-rahasia"),
            ),
            Check(
                "GET",
                "/monev/laporan-penerima/?unduh=csv",
                split(HAS_RECORDS, 200, 403, 302),
                forbidden_text=reports_hidden,
                required_text=dict.fromkeys(RECORDS_A, "Laporan-NTT-rahasia"),
            ),
        ],
        "monev:addressee-report-create": [
            Check("GET", "/monev/laporan-penerima/baru/", split(WRITERS, 200, 403, 302))
        ],
        "monev:semester-narrative": [
            Check(
                "POST",
                "/monev/ringkasan/narasi/",
                split(NATIONAL, 302, 403, 302),
                data=lambda: {"semester": "2024-2", "obstacles": "kendala", "recommendations": ""},
            )
        ],
        "monev:timeline": [
            Check("GET", "/monev/linimasa/53/", split(RECORDS_A, 200, 403, 302)),
            Check(
                "GET",
                "/monev/linimasa/53/?unduh=csv",
                split(RECORDS_A, 200, 403, 302),
                required_text=dict.fromkeys(RECORDS_A, "Tindakan-NTT-rahasia"),
            ),
        ],
        "monev:funding": [
            Check("GET", "/monev/pendanaan/53/", everyone(200)),
        ],
        "monev:funding-entry": [Check("GET", "/monev/pendanaan/53/isi/", split(WRITERS_A, 200, 403, 302))],
        # Writing a list match into the non-ASN table: the list must be one the user reads (its own
        # tests match a list in A and check that B gets 404); an unknown list is 404 for everyone.
        "monev:staff-from-match": [
            Check("POST", "/monev/non-asn-dari-daftar/999999/", split(set(), 302, 404, 302))
        ],
        "monev:budget": [
            Check("GET", "/monev/anggaran/53/", everyone(200), forbidden_text=district_budget_hidden),
            Check("GET", "/monev/anggaran/53/?unduh=csv", everyone(200)),
            Check("GET", "/monev/anggaran/53/?unduh=json&tabel=rincian", everyone(200)),
            Check("GET", "/monev/anggaran/53.71.01/", split(SEES_A_DETAIL, 200, 403, 403)),
        ],
        "monev:budget-entry": [
            Check("GET", "/monev/anggaran/53/isi/", split(WRITERS_A, 200, 403, 302)),
            Check(
                "POST",
                "/monev/anggaran/53/isi/",
                split(WRITERS_A, 302, 403, 302),
                data=lambda: {"year": 2023, "line": "ELECTION", "allocation_idr": 1000},
            ),
        ],
        "monev:dataset-upload": [Check("GET", "/monev/impor/", split(IMPORTERS, 200, 403, 302))],
        "monev:dataset-preview": [
            Check("GET", f"/monev/impor/{token}/", split({"officer_a"}, 200, 404, 302)),
            Check("GET", f"/monev/impor/{benefits_token}/", split({"bpjs_officer_a"}, 200, 404, 302)),
        ],
        "monev:dataset-confirm": [
            Check("POST", f"/monev/impor/{token}/simpan/", split({"officer_a"}, 302, 404, 302)),
            Check("POST", f"/monev/impor/{benefits_token}/simpan/", split({"bpjs_officer_a"}, 302, 404, 302)),
        ],
        "monev:benefits": [
            Check("GET", "/monev/manfaat/53.71/", everyone(200)),
            Check("GET", "/monev/manfaat/53.71.01/", split(SEES_A_DETAIL, 200, 403, 403)),
            Check("GET", "/monev/manfaat/53.71.01/?unduh=json", split(SEES_A_DETAIL, 200, 403, 403)),
        ],
        "monev:staff": [
            Check("GET", "/monev/non-asn/53/", everyone(200)),
            Check("GET", "/monev/non-asn/53.71.01/", split(SEES_A_DETAIL, 200, 403, 403)),
            Check("GET", "/monev/non-asn/53.71.01/?unduh=csv", split(SEES_A_DETAIL, 200, 403, 403)),
        ],
        "monev:staff-entry": [Check("GET", "/monev/non-asn/53/isi/", split(WRITERS_A, 200, 403, 302))],
        "monev:scorecard": [
            Check("GET", "/monev/skor/00/?tahun=2024", everyone(200)),
            Check("GET", "/monev/skor/53/?tahun=2024", everyone(200)),
        ],
        "monev:summary": [
            Check("GET", "/monev/ringkasan/?semester=2024-2", split(NATIONAL, 200, 403, 302)),
            Check("GET", "/monev/ringkasan/?semester=2024-2&unduh=xlsx", split(NATIONAL, 200, 403, 302)),
        ],
        "monev:outreach": [
            Check(
                "GET",
                "/monev/perisai/53/",
                split(RECORDS_A, 200, 403, 302),
                required_text=dict.fromkeys(RECORDS_A, "Agen-NTT-rahasia"),
            ),
            Check(
                "GET",
                "/monev/perisai/53/?unduh=json&tabel=agen",
                split(RECORDS_A, 200, 403, 302),
                required_text=dict.fromkeys(RECORDS_A, "Agen-NTT-rahasia"),
            ),
        ],
        "monev:agent-create": [Check("GET", "/monev/perisai-agen/baru/", split(WRITERS, 200, 403, 302))],
        "monev:agent-figure": [
            Check(
                "GET",
                f"/monev/perisai-agen/{agent.pk}/capaian/",
                split(WRITERS_A, 200, 404, 302, others={"compliance_a": 403}),
            )
        ],
        "monev:socialisation-create": [
            Check("GET", "/monev/sosialisasi/baru/", split(WRITERS, 200, 403, 302))
        ],
        "api:monev_regulation_list": [
            Check(
                "GET",
                "/api/v1/monev/regulations?region=53",
                everyone(200),
                required_text=dict.fromkeys(PERSONAS, "Pergub-NTT-7"),
            )
        ],
        "api:monev_commitment_list": [
            Check(
                "GET",
                "/api/v1/monev/commitments?region=53",
                everyone(200),
                forbidden_text=dict.fromkeys(set(PERSONAS) - RECORDS_A, "Komitmen-NTT-rapat"),
                required_text=dict.fromkeys(RECORDS_A, "Komitmen-NTT-rapat"),
            )
        ],
        "api:monev_inpres_matrix": [Check("GET", "/api/v1/monev/inpres/53", everyone(200))],
        # Perisai agents through the API: people's names, so a role for the region (never anonymous).
        "api:monev_agent_list": [
            Check(
                "GET",
                "/api/v1/monev/agents/53",
                split(RECORDS_A, 200, 403, 401),
                forbidden_text=hidden_from_b("Agen-NTT-rahasia"),
                required_text=dict.fromkeys(RECORDS_A, "Agen-NTT-rahasia"),
            )
        ],
        "api:monev_agent_create": [
            Check(
                "POST",
                "/api/v1/monev/agents",
                split(WRITERS_A, 201, 403, 401),
                data=lambda: {"region": "53.71.01.1001", "name": "BUMDes-Matriks", "kind": "BUMDES"},
                json=True,
            )
        ],
        "api:monev_agent_figure": [
            Check(
                "POST",
                f"/api/v1/monev/agents/{agent.pk}/figures",
                split(WRITERS_A, 200, 404, 401, others={"compliance_a": 403}),
                data=lambda: {"period": "2024-06", "enrolled": 3, "active": 2},
                json=True,
            )
        ],
        "api:monev_budget": [
            Check("GET", "/api/v1/monev/budget/53", everyone(200), forbidden_text=district_budget_hidden_api),
            Check("GET", "/api/v1/monev/budget/53.71.01", split(SEES_A_DETAIL, 200, 403, 403)),
        ],
        "api:monev_scorecard_detail": [Check("GET", "/api/v1/monev/scorecard/53/2024", everyone(200))],
        "api:monev_benefits_detail": [
            Check("GET", "/api/v1/monev/benefits/53.71", everyone(200)),
            Check("GET", "/api/v1/monev/benefits/53.71.01", split(SEES_A_DETAIL, 200, 403, 403)),
        ],
        "api:monev_addressee_report_list": [
            Check(
                "GET",
                "/api/v1/monev/addressee-reports",
                split(HAS_RECORDS, 200, 403, 401),
                forbidden_text=reports_hidden,
                required_text=dict.fromkeys(RECORDS_A, "Laporan-NTT-rahasia"),
            )
        ],
        "api:monev_addressee_report_create": [
            Check(
                "POST",
                "/api/v1/monev/addressee-reports",
                split(NATIONAL, 201, 403, 401),
                data=minister,
                json=True,
            )
        ],
        "api:monev_overdue_list": [
            Check(
                "GET",
                "/api/v1/monev/follow-ups/overdue",
                split(HAS_RECORDS, 200, 403, 401),
                forbidden_text=hidden_b,
                required_text=dict.fromkeys(RECORDS_A, "Tindakan-NTT-rahasia"),
            )
        ],
        # Monev datasets through the API: an empty file is refused (422) for whoever may import the
        # dataset somewhere; a dry run of region A's funding passes only for those with `write_monev` in A.
        "api:monev_import_upload": [
            Check(
                "POST",
                "/api/v1/monev/imports",
                split(WRITERS, 422, 403, 401),
                data=lambda: {"dataset": "vulnerable_funding", "file": SimpleUploadedFile("x.csv", b"")},
            ),
            Check(
                "POST",
                "/api/v1/monev/imports",
                split({"national_admin", "bpjs_officer_a", "bpjs_b"}, 422, 403, 401),
                data=lambda: {"dataset": "benefits", "file": SimpleUploadedFile("x.csv", b"")},
            ),
            Check(
                "POST",
                "/api/v1/monev/imports",
                split(WRITERS_A, 200, 403, 401, others={"officer_b": 422}),
                data=lambda: {
                    "dataset": "vulnerable_funding",
                    "dry_run": "true",
                    "file": SimpleUploadedFile(
                        "dana.csv",
                        csv_bytes(
                            ("region_code", "year", "funder", "workers", "months", "amount_idr"),
                            [("53", 2022, "CSR", 10, 12, 2_016_000)],
                        ),
                    ),
                },
            ),
        ],
        "monev:targets": [
            Check("GET", "/monev/target/53/", everyone(200)),
        ],
        "monev:target-entry": [Check("GET", "/monev/target/53/isi/", split(WRITERS_A, 200, 403, 302))],
    }


__all__ = ["PERSONAS", "rules"]
