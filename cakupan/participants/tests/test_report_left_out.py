"""Who is left out in the region report (issue 21): the inactive participants of the report's month by
months since their last contribution, the numbers of the page /peserta/tertinggal/, for readers who may see
the region's restricted figures (as the page); a month without participant data is said."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import translation
from lxml import html as lxml_html
from openpyxl import load_workbook
from pypdf import PdfReader

from cakupan.participants.tests.test_left_out import _participants  # noqa: F401
from cakupan.reports.content import report_content
from cakupan.reports.pdf import report_pdf
from cakupan.reports.sections import extra_sections
from cakupan.reports.tests.conftest import figures  # noqa: F401
from cakupan.reports.xlsx import report_xlsx
from tests.personas import Personas

pytestmark = pytest.mark.django_db

CODE, PERIOD = "53.71", "2024-06"
SHEET = "Siapa yang tertinggal"


def _words(node: Any) -> str:
    return " ".join(node.text_content().split())


def _page_rows(user: Any) -> list[list[str]]:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    client.force_login(user)
    response = client.get("/peserta/tertinggal/", {"region": CODE, "period": PERIOD})
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content.decode())
    table = page.xpath('//h3[@id="inactive"]/following-sibling::div[1]//table')[0]
    rows = [[_words(c) for c in tr.xpath("./th | ./td")] for tr in table.xpath("./tbody/tr | ./tfoot/tr")]
    return [row for row in rows if len(row) > 1]  # not the segments' heading row


def test_the_report_shows_the_inactive_participants_of_the_page_in_the_pdf_and_the_workbook(
    figures: None,  # noqa: F811
    personas: Personas,
) -> None:
    rows = _page_rows(personas.officer_a)
    content = report_content(personas.officer_a, code=CODE, period=PERIOD, lang="id", with_charts=False)
    reader = PdfReader(io.BytesIO(report_pdf(content)))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    sheet = list(load_workbook(io.BytesIO(report_xlsx(content)))[SHEET].iter_rows(values_only=True))
    assert "Siapa yang tertinggal" in text
    assert len(rows) >= 4  # two districts, a segment at least, the total
    for row in rows:
        assert " ".join(row) in text, row
        found = next(r for r in sheet if r and r[0] == row[0])
        assert list(found[1 : len(row)]) == [None if c == "–" else int(c) for c in row[1:]], row


def test_the_public_and_another_province_s_officer_get_no_inactive_participants(
    figures: None,  # noqa: F811
    personas: Personas,
) -> None:
    with translation.override("id"):
        for reader in (AnonymousUser(), personas.officer_b):
            assert "left_out" not in {s.key for s in extra_sections(reader, CODE, PERIOD)}
        assert "left_out" in {s.key for s in extra_sections(personas.officer_a, CODE, PERIOD)}


def test_a_month_without_participant_data_is_said_in_the_report(
    figures: None,  # noqa: F811
    personas: Personas,
) -> None:
    with translation.override("en"):
        sections = {s.key: s for s in extra_sections(personas.officer_a, CODE, "2024-09")}
    assert sections["left_out"].lines == ["No participant data of September 2024 has been imported."]
    assert sections["left_out"].tables == []
