"""The poorest deciles in the region report and the meeting pack (issue 21 §4): the numbers of the page
/peserta/kemiskinan/, in the PDF and in the workbook, for every reader (the aggregates are public at regency
level and above), in Indonesian first; nothing without a list matched at or before the report's month."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import translation
from lxml import html as lxml_html
from openpyxl import load_workbook
from pypdf import PdfReader

from cakupan.packs.content import pack_build
from cakupan.participants.models import PovertyLinkage
from cakupan.participants.tests.test_poverty_pages import _participants, linkage  # noqa: F401
from cakupan.reports.content import report_content
from cakupan.reports.pdf import report_pdf
from cakupan.reports.sections import extra_sections
from cakupan.reports.tests.conftest import figures  # noqa: F401
from cakupan.reports.xlsx import report_xlsx
from tests.personas import Personas

pytestmark = pytest.mark.django_db

PERIOD = "2024-06"
SHEET = "Desil termiskin"


def _page(user: Any, code: str) -> Any:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    client.force_login(user)
    response = client.get("/peserta/kemiskinan/", {"region": code})
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def _words(node: Any) -> str:
    return " ".join(node.text_content().split())


def _pdf(user: Any, code: str, lang: str = "id", period: str = PERIOD) -> str:
    content = report_content(user, code=code, period=period, lang=lang, with_charts=False)
    reader = PdfReader(io.BytesIO(report_pdf(content)))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def _sheet(user: Any, code: str, lang: str = "id") -> list[tuple[Any, ...]]:
    content = report_content(user, code=code, period=PERIOD, lang=lang, with_charts=False)
    book = load_workbook(io.BytesIO(report_xlsx(content)))
    return list(book[SHEET].iter_rows(values_only=True))


def _value(text: str) -> int | float | None:
    """'30' as 30, '75,00 %' as 75.0, '–' as None."""
    if text == "–":
        return None
    if "%" in text:
        return float(re.sub(r"[^\d,]", "", text).replace(",", "."))
    return int(text.replace(".", ""))


def _rounded(row: tuple[Any, ...]) -> list[Any]:
    return [round(v, 2) if isinstance(v, float) else v for v in row]


def test_the_report_shows_the_poorest_deciles_of_the_page_in_the_pdf_and_the_workbook(
    figures: None,  # noqa: F811
    personas: Personas,
    linkage: PovertyLinkage,  # noqa: F811
) -> None:
    page = _page(personas.officer_a, "53")
    text, sheet = _pdf(personas.officer_a, "53"), _sheet(personas.officer_a, "53")
    assert "Desil termiskin" in text and "DTSEN 2024 dicocokkan dengan peserta Juni 2024." in text
    checked = 0
    for table in ("poverty-groups", "poverty-children"):
        for tr in page.xpath(f'//table[@id="{table}"]/tbody/tr'):
            cells = [_words(cell) for cell in tr.xpath("./th | ./td")]
            assert " ".join(cells) in text, cells
            row = next(r for r in sheet if r and r[0] == cells[0])
            assert _rounded(row[1 : len(cells)]) == [_value(c) for c in cells[1:]], cells
            checked += 1
    assert checked >= 3  # deciles 1–4 and all at least, and the regencies


def test_the_report_in_english_on_request(
    figures: None,  # noqa: F811
    personas: Personas,
    linkage: PovertyLinkage,  # noqa: F811
) -> None:
    text = _pdf(personas.officer_a, "53.71", lang="en")
    assert "Poorest deciles" in text and "DTSEN 2024 matched against the participants of June 2024." in text
    assert "Deciles 1–4" in text


def test_the_public_and_another_province_s_officer_read_the_published_aggregates_only(
    figures: None,  # noqa: F811
    personas: Personas,
    linkage: PovertyLinkage,  # noqa: F811
) -> None:
    with translation.override("id"):
        officer = {s.key: s for s in extra_sections(personas.officer_a, "53", PERIOD)}
        public = {s.key: s for s in extra_sections(AnonymousUser(), "53", PERIOD)}
        other = {s.key: s for s in extra_sections(personas.officer_b, "53", PERIOD)}
        below = {s.key for s in extra_sections(personas.national_admin, "53.71.01", PERIOD)}
    assert [t.rows for t in public["poverty"].tables] == [t.rows for t in officer["poverty"].tables]
    assert [t.rows for t in other["poverty"].tables] == [t.rows for t in officer["poverty"].tables]
    assert "left_out" in officer and "left_out" not in public and "left_out" not in other
    assert "poverty" not in below  # never below regency level


def test_no_list_matched_by_the_report_s_month_means_no_section(
    figures: None,  # noqa: F811
    personas: Personas,
    linkage: PovertyLinkage,  # noqa: F811
) -> None:
    with translation.override("id"):
        keys = {s.key for s in extra_sections(personas.officer_a, "53", "2024-05")}
        later = {s.key: s for s in extra_sections(personas.officer_a, "53", "2024-09")}
    assert "poverty" not in keys
    assert "DTSEN 2024 dicocokkan dengan peserta Juni 2024." in later["poverty"].lines


def test_the_meeting_pack_carries_the_poorest_deciles_as_the_report_does(
    figures: None,  # noqa: F811
    personas: Personas,
    linkage: PovertyLinkage,  # noqa: F811
) -> None:
    pack = pack_build(personas.officer_a, code="53", period=PERIOD, lang="id", drawings=False)
    with translation.override("id"):
        report = {s.key: s for s in extra_sections(personas.officer_a, "53", PERIOD)}
    carried = {s.key: s for s in pack.sections}
    assert [t.rows for t in carried["poverty"].tables] == [t.rows for t in report["poverty"].tables]
    assert "left_out" not in carried
