"""The registers in the region report (non-ASN staff and village officials, benefits paid, Perisai agents and
socialisation, the scorecard) carry the figures of their pages: each page is rendered and read, and the
same figures are found in the PDF's text and in the workbook's cells."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from lxml import html as lxml_html
from openpyxl import load_workbook
from pypdf import PdfReader

from cakupan.monev.models import StaffCoverage
from cakupan.monev.outreach import services as outreach_services
from cakupan.monev.staff import services
from cakupan.monev.tests.helpers import BENEFITS_HEADER, FUNDING_HEADER, commit, region
from cakupan.reports.content import report_content
from cakupan.reports.pdf import report_pdf
from cakupan.reports.xlsx import report_xlsx
from tests.personas import Personas

pytestmark = pytest.mark.django_db

CODE, PERIOD = "53.71", "2024-06"


def fill_registers(by: Any) -> None:
    """Kota Kupang with every register filled, and figures after the report's month that it must not show."""
    city = region(CODE)
    for when, (health, school, village) in {
        "2024-05": ((1_150, 800), (2_400, 1_400), (40, 30)),
        "2024-06": ((1_200, 900), (2_691_943, 1_753_782), (40, 38)),
        "2024-07": ((1_250, 1_000), (2_500, 2_000), (41, 41)),
    }.items():
        for group, agency, (staff, covered) in (
            (StaffCoverage.Group.NON_ASN, "Dinas Kesehatan", health),
            (StaffCoverage.Group.NON_ASN, "Dinas Pendidikan", school),
            (StaffCoverage.Group.VILLAGE, "Kelurahan Oebobo", village),
        ):
            services.staff_coverage_record(
                region=city, period=when, group=group, agency=agency, staff=staff, covered=covered,
                source="BKD", by=by,
            )  # fmt: skip
    commit(
        "benefits",
        BENEFITS_HEADER,
        [
            (CODE, "2024-05", "JKM", 10, 420_000_000),
            (CODE, "2024-06", "JKM", 12, 504_000_000),
            (CODE, "2024-06", "JHT", 300, 3_000_000_000),
            (CODE, "2024-07", "JKM", 99, 9_999_000_000),
        ],
    )
    commit("vulnerable_funding", FUNDING_HEADER, [(CODE, "2024", "APBD_KABKOTA", 1_000, 12, 201_600_000)])
    agent = outreach_services.agent_create(
        region=city, name="BUMDes Oebelo", kind="BUMDES", since=None, by=by
    )
    outreach_services.agent_figure_record(agent=agent, period="2024-06", enrolled=120, active=90, by=by)
    outreach_services.socialisation_create(
        region=city, held_on=dt.date(2024, 6, 10), place="Aula Kelurahan Oebobo",
        audience="Nelayan dan pedagang pasar", attendees=85, organiser="BPJS Ketenagakerjaan Kupang", by=by,
    )  # fmt: skip


@pytest.fixture
def registers(figures: None, personas: Personas) -> None:
    fill_registers(personas.officer_a)


def _client(user: Any = None, lang: str = "id") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    if user is not None:
        client.force_login(user)
    return client


def _page(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.content.decode())


def _words(node: Any) -> str:
    return " ".join(node.text_content().split())


def _pdf_text(user: Any, lang: str = "id") -> str:
    content = report_content(user, code=CODE, period=PERIOD, lang=lang)
    reader = PdfReader(io.BytesIO(report_pdf(content)))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def _book(user: Any, lang: str = "id") -> Any:
    content = report_content(user, code=CODE, period=PERIOD, lang=lang, with_charts=False)
    return load_workbook(io.BytesIO(report_xlsx(content)))


def _rows(book: Any, sheet: str) -> list[tuple[Any, ...]]:
    return list(book[sheet].iter_rows(values_only=True))


def _int(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


def _number(text: str) -> float | None:
    """'75,00 %' or 'skor 45,12 poin' (Indonesian) as 75.0 / 45.12; None for words without a number."""
    digits = re.sub(r"[^\d,]", "", text).replace(",", ".")
    return float(digits) if digits else None


def test_staff_coverage_in_the_report_is_the_june_column_of_its_page(registers: None) -> None:
    page = _page(_client(), f"/monev/non-asn/{CODE}/")
    text, book = _pdf_text(AnonymousUser()), _book(AnonymousUser())
    sheet = _rows(book, "Non-ASN dan perangkat desa")
    checked = 0
    for group in ("NON_ASN", "VILLAGE"):
        table = page.xpath(f'//table[@data-group="{group}"]')[0]
        months = [_words(th) for th in table.xpath("./thead/tr/th")][1:]
        june = months.index("Jun 2024")
        for tr in table.xpath("./tbody/tr | ./tfoot/tr"):
            agency = _words(tr.xpath("./th")[0])
            cell = _words(tr.xpath("./td")[june])
            covered, staff, rate = re.fullmatch(r"([\d.]+)/([\d.]+) \((.+)\)", cell).groups()  # type: ignore[union-attr]
            assert f"{agency} {staff} {covered} {rate}" in text
            row = next(r for r in sheet if r[0] == agency and r[1] == _int(staff))
            assert row[1:4] == (_int(staff), _int(covered), _number(rate))
            checked += 1
    assert checked == 5  # two agencies and the total, one village and its total
    assert "2.691.943 1.753.782 65,15 %" in text  # June's figures, never July's
    assert "Pegawai non-ASN, Juni 2024" in text and "2.500" not in text


def test_benefits_paid_in_the_report_are_those_of_its_page_for_the_month(registers: None) -> None:
    page = _page(_client(), f"/monev/manfaat/{CODE}/?periode={PERIOD}")
    text, book = _pdf_text(AnonymousUser()), _book(AnonymousUser())
    sheet = _rows(book, "Manfaat yang dibayarkan")
    lines = page.xpath('//section[@id="benefits"]//table')[0].xpath("./tbody/tr | ./tfoot/tr")
    assert len(lines) == 3
    for tr in lines:
        label = _words(tr.xpath("./th")[0])
        claims, amount = (_words(td) for td in tr.xpath("./td"))
        assert f"{label} {claims} {amount}" in text
        assert (label, _int(claims), _int(amount)) in [r[:3] for r in sheet]
    assert "Klaim yang dibayarkan pada Juni 2024" in text and "9.999.000.000" not in text


def test_perisai_agents_and_socialisation_in_the_report_are_those_of_its_page(
    registers: None, personas: Personas
) -> None:
    officer = personas.officer_a
    page = _page(_client(officer), f"/monev/perisai/{CODE}/")
    text, book = _pdf_text(officer), _book(officer)
    sheet = _rows(book, "Agen Perisai, sosialisasi")
    for tr in page.xpath('//table[@id="agents"]/tbody/tr'):
        name = _words(tr.xpath("./th")[0])
        cells = [_words(td) for td in tr.xpath("./td")]
        enrolled, active, share = cells[3:6]
        assert name in text and f"{enrolled} {active} {share}" in text
        row = next(r for r in sheet if r[0] == name)
        assert row[4:7] == (_int(enrolled), _int(active), _number(share))
    for tr in page.xpath('//table[@id="socialisations"]/tbody/tr'):
        held, _region, place, audience, attendees, organiser = (_words(td) for td in tr.xpath("./td"))
        assert f"{held} Kota Kupang {place} {audience} {attendees} {organiser}" in text
        row = next(r for r in sheet if r[2] == place)
        assert row[0] == dt.datetime.fromisoformat(held) and row[4] == _int(attendees)


def test_the_scorecard_in_the_report_is_the_region_s_row_of_its_page(registers: None) -> None:
    page = _page(_client(), "/monev/skor/53/?tahun=2024")
    text, book = _pdf_text(AnonymousUser()), _book(AnonymousUser())
    sheet = _rows(book, "Kartu skor Monev 2024")
    row = page.xpath(f'//table[@id="scorecard"]/tbody/tr[@data-region="{CODE}"]')[0]
    index = _words(row.xpath("./td[@data-keep]")[0])
    rank = _words(row.xpath("./td")[0])
    if rank == "–":
        assert f"Indeks {index}; tidak diperingkat." in text
    else:
        assert f"Indeks {index}; peringkat {rank} dari" in text
    aspects = row.xpath("./td[@data-aspect]")
    assert len(aspects) >= 5
    for td in aspects:
        if td.get("data-aspect") == "commitments":
            assert f"Target dan komitmen yang jatuh tempo: {_words(td)}" in text
            continue
        value = _words(td.xpath("./a")[0])
        score = _words(td.xpath("./span")[0])
        assert value in text
        found = next(r for r in sheet if r[1] == value)
        assert found[2] == _number(score), (value, score)


def test_the_public_report_and_another_province_s_officer_leave_out_the_agents(
    registers: None, personas: Personas
) -> None:
    for user in (AnonymousUser(), personas.officer_b):
        text = _pdf_text(user)
        assert "BUMDes Oebelo" not in text and "Agen Perisai" not in text
        assert "Dinas Kesehatan" in text  # the public registers stay
        assert "Agen Perisai, sosialisasi" not in _book(user).sheetnames


def test_the_english_report_names_its_registers_in_english_and_says_the_data_is_simulated(
    registers: None, personas: Personas
) -> None:
    book = _book(personas.officer_a, lang="en")
    for sheet in ("Non-ASN and village officials", "Benefits paid", "Perisai agents, socialisation"):
        assert sheet in book.sheetnames
        assert book[sheet]["A1"].value == "Simulated data"
    assert "Monev scorecard 2024" in book.sheetnames
    text = _pdf_text(personas.officer_a, lang="en")
    assert "Non-ASN staff, June 2024" in text and "Claims paid in June 2024" in text
    assert "2,691,943 1,753,782 65.15%" in text
