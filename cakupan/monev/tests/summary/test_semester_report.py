"""The six-monthly report to the President: the change on the previous half-year from the indicator
library, the register of what the Inpres addressees reported, the ministry's narrative, and its DOCX."""

from __future__ import annotations

import io
import json
from fractions import Fraction

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from docx import Document as DocxDocument

from cakupan.common import formatting
from cakupan.indicators import library
from cakupan.monev.staff.services import staff_coverage_record
from cakupan.monev.summary import report as summary_report
from cakupan.monev.summary.models import AddresseeReport, SemesterNarrative
from cakupan.monev.summary.services import addressee_report_create, semester_narrative_save
from cakupan.monev.tests.helpers import pdf, region
from tests.personas import (
    PARTICIPATION_HEADER,
    WORKFORCE_HEADER,
    Personas,
    csv_bytes,
    load,
    participation_rows,
)

pytestmark = pytest.mark.django_db

NIK = "5371010101900001"


def _client(user: object = None, lang: str = "en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    if user is not None:
        client.force_login(user)
    return client


def _figures() -> None:
    for period, active in (("2024-06", 558_115), ("2024-12", 601_000)):
        load("workforce", csv_bytes(WORKFORCE_HEADER, [("53", period, "total", "1654526", "")]))
        load(
            "participation",
            csv_bytes(PARTICIPATION_HEADER, participation_rows("53", period, {"PU": active, "BPU": 1000})),
        )


def _governor_report(personas: Personas) -> AddresseeReport:
    return addressee_report_create(
        kind=AddresseeReport.Kind.GOVERNOR,
        addressee="Gubernur Nusa Tenggara Timur",
        region=region("53"),
        year=2024,
        half=2,
        text="Pergub 12/2024 mewajibkan kepesertaan pekerja rentan",
        document=pdf("laporan-gubernur.pdf"),
        by=personas.officer_a,
    )


def test_the_change_on_the_previous_half_year_is_the_indicator_librarys(personas: Personas) -> None:
    _figures()
    report = summary_report.semester_report(personas.national_analyst, year=2024, half=2)
    now, before = library.region_indicators("00", "2024-12"), library.region_indicators("00", "2024-06")
    assert now is not None and before is not None
    assert now.coverage_rate is not None and before.coverage_rate is not None
    assert now.active is not None and before.active is not None
    coverage, counts, _funding = summary_report.change_tables(report)
    assert coverage.rows[0][1:] == [
        now.coverage_rate,
        before.coverage_rate,
        now.coverage_rate - before.coverage_rate,
    ]
    active = counts.rows[0]  # active participants
    assert active[1:] == [now.active, before.active, now.active - before.active]
    segments = summary_report.segment_table(report)
    bpu = next(r for r in segments.rows if "BPU" in str(r[0]))
    assert bpu[0] != "BPU"  # the segment's name, not its code
    assert bpu[1] == next(s.active for s in now.segments if s.segment == "BPU")


def test_an_officer_records_a_governors_report_that_officers_of_other_provinces_never_see(
    personas: Personas,
) -> None:
    form = {
        "kind": "GOVERNOR",
        "addressee": "Gubernur Nusa Tenggara Timur",
        "region": "53",
        "semester": "2024-2",
        "text": "Pergub 12/2024 terbit",
    }
    assert _client(personas.officer_a).post("/monev/laporan-penerima/baru/", form).status_code == 302
    report = AddresseeReport.objects.get()
    assert (report.year, report.half, report.entered_by) == (2024, 2, personas.officer_a)
    # Another province's officer may not enter it, nor see it on the page, in downloads or the API.
    officer_b = _client(personas.officer_b)
    assert officer_b.post("/monev/laporan-penerima/baru/", form).status_code == 200  # 53 is no choice
    assert AddresseeReport.objects.count() == 1
    assert "Pergub 12/2024" not in officer_b.get("/monev/laporan-penerima/").content.decode()
    assert "Pergub 12/2024" not in officer_b.get("/monev/laporan-penerima/?unduh=csv").content.decode()
    assert officer_b.get("/api/v1/monev/addressee-reports").json() == []
    assert (
        "Pergub 12/2024"
        in _client(personas.national_analyst).get("/monev/laporan-penerima/").content.decode()
    )
    assert _client().get("/monev/laporan-penerima/").status_code == 302
    assert _client().get("/api/v1/monev/addressee-reports").status_code == 401


def test_a_ministers_report_is_the_nations_and_the_kind_must_fit_the_region(personas: Personas) -> None:
    body = {
        "kind": "MINISTER",
        "addressee": "Menteri Ketenagakerjaan",
        "region": "00",
        "year": 2024,
        "half": 2,
        "text": "Permenaker diterbitkan",
    }
    officer_a = _client(personas.officer_a)
    assert (
        officer_a.post("/api/v1/monev/addressee-reports", body, content_type="application/json").status_code
        == 403
    )
    mismatch = body | {"region": "53"}
    response = officer_a.post("/api/v1/monev/addressee-reports", mismatch, content_type="application/json")
    assert response.status_code == 422 and "region" in response.json()["error"]["fields"]
    response = officer_a.post(
        "/api/v1/monev/addressee-reports",
        body | {"region": "53", "kind": "GOVERNOR", "year": 3000},
        content_type="application/json",
    )
    assert response.status_code == 422 and "year" in response.json()["error"]["fields"]
    with_nik = body | {"text": f"NIK {NIK}"}
    analyst = _client(personas.national_analyst)
    response = analyst.post("/api/v1/monev/addressee-reports", with_nik, content_type="application/json")
    assert response.status_code == 422 and NIK not in response.content.decode()
    response = analyst.post("/api/v1/monev/addressee-reports", body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["kind"] == "MINISTER" and response.json()["kind_label"] == "Minister"
    assert response.json()["entered_by"] == personas.national_analyst.get_username()


def test_only_a_national_writer_saves_the_obstacles_and_recommendations(personas: Personas) -> None:
    data = {
        "semester": "2024-2",
        "obstacles": "Anggaran daerah terbatas",
        "recommendations": "Perluas PBI TK",
    }
    assert _client(personas.officer_a).post("/monev/ringkasan/narasi/", data).status_code == 403
    assert _client(personas.national_analyst).post("/monev/ringkasan/narasi/", data).status_code == 302
    narrative = SemesterNarrative.objects.get()
    assert (narrative.year, narrative.half, narrative.obstacles) == (2024, 2, "Anggaran daerah terbatas")
    page = _client(personas.national_analyst).get("/monev/ringkasan/?semester=2024-2").content.decode()
    assert "Anggaran daerah terbatas" in page and "Perluas PBI TK" in page


def test_the_whole_report_downloads_as_docx_in_indonesian(personas: Personas) -> None:
    _figures()
    _governor_report(personas)
    semester_narrative_save(
        year=2024, half=2, obstacles="Anggaran daerah terbatas", recommendations="Perluas PBI TK", by=None
    )
    response = _client(personas.national_analyst, "id").get("/monev/ringkasan/?semester=2024-2&unduh=docx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ringkasan-nasional-2024-2-id.docx"'
    doc = DocxDocument(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Anggaran daerah terbatas" in text and "Perluas PBI TK" in text
    assert "Gubernur Nusa Tenggara Timur" in cells and "laporan-gubernur.pdf" in cells
    assert "Gubernur" in cells  # the addressee's kind as a label, never GOVERNOR
    assert "GOVERNOR" not in cells
    now = library.region_indicators("00", "2024-12")
    assert now is not None
    assert formatting.fmt_pct(now.coverage_rate, "id") in cells


def test_the_api_lists_reports_with_codes_and_labels(personas: Personas) -> None:
    _governor_report(personas)
    rows = _client(personas.officer_a, "id").get("/api/v1/monev/addressee-reports?year=2024&half=2").json()
    assert [(r["kind"], r["kind_label"], r["region_code"]) for r in rows] == [("GOVERNOR", "Gubernur", "53")]
    assert rows[0]["document_url"].startswith("/monev/dokumen/")
    assert json.loads(json.dumps(rows))[0]["semester"] == "2024-2"


def test_non_asn_staff_benefits_and_vulnerable_funding_of_the_half_year_are_in_the_report_and_its_pdf(
    personas: Personas,
) -> None:
    from pypdf import PdfReader

    from cakupan.monev.staff.models import StaffCoverage
    from cakupan.monev.tests.helpers import BENEFITS_HEADER, FUNDING_HEADER, commit

    _figures()
    kupang = region("53.71")
    for period, covered in (("2024-03", 500), ("2024-11", 640), ("2025-01", 700)):
        staff_coverage_record(
            region=kupang, period=period, group=StaffCoverage.Group.NON_ASN, agency="Dinas Kesehatan",
            staff=800, covered=covered, source="BKD", by=personas.officer_a,
        )  # fmt: skip
    commit(
        "benefits",
        BENEFITS_HEADER,
        [("53.71", "2024-08", "JKM", 4, 168_000_000), ("53.71", "2024-12", "JKK", 7, 70_000_000)],
    )
    commit("vulnerable_funding", FUNDING_HEADER, [("53.71", "2024", "APBD_KABKOTA", 1_000, 12, 201_600_000)])
    report = summary_report.semester_report(personas.national_analyst, year=2024, half=2)
    with translation.override("en"):
        staff = summary_report.staff_table(report)
        assert staff.rows == [["Non-ASN staff", 800, 640, Fraction(80), Fraction(500 * 100, 800)]]
        assert (report.benefit_claims, report.benefit_amount_idr) == (11, 238_000_000)
        _coverage, counts, funding = summary_report.change_tables(report)
        funded = next(r for r in counts.rows if r[0] == "Vulnerable workers funded")
        assert funded[1] == 1_000
        assert funding.rows[0][1] == 201_600_000
        # Compliance adds its table to the report (registered from cakupan.compliance.semester).
        (compliance,) = (t for t in summary_report.part_tables(report) if t.title == "Compliance")
        cases = report.parts["compliance"]
        assert [r[1] for r in compliance.rows] == [
            cases.open_cases, cases.overdue, cases.candidates,
            cases.workers_registered_after_case, cases.sanctions_imposed,
            cases.sanctions_lifted,
        ]  # fmt: skip
    response = _client(personas.national_analyst, "id").get("/monev/ringkasan/?semester=2024-2&unduh=pdf")
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Pegawai non-ASN 800 640 80,00 % 62,50 %" in text
    assert "Dalam semester: 11 klaim, Rp238.000.000." in text
    assert "Pendanaan pekerja rentan Rp201.600.000" in text
