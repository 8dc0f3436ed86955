"""The six-monthly national report's poorest deciles (issue 21 §4): the nation and its provinces as open data
publishes them, from the latest poverty list matched by the half-year's end; none before a list is matched."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from cakupan.monev.summary import report as summary_report
from cakupan.participants.models import PovertyLinkage
from cakupan.participants.poverty import poverty_public_summary
from cakupan.participants.tests.test_poverty_pages import _participants, linkage  # noqa: F401
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_the_half_year_s_report_has_the_nation_and_its_provinces_as_published(
    personas: Personas,
    linkage: PovertyLinkage,  # noqa: F811
) -> None:
    published = poverty_public_summary(code="00")
    assert published is not None and published.children
    report = summary_report.semester_report(personas.national_analyst, year=2024, half=1)
    document = summary_report.semester_document(report, lang="id", simulated=False)
    section = next(s for s in document.sections if s.key == "poverty")
    assert section.title == "Desil termiskin"
    rows = section.tables[0].rows
    poorest, everyone = published.poorest, published.everyone
    assert poorest is not None and everyone is not None
    assert rows[0][1:] == [
        poorest.cells["listed"],
        poorest.cells["active"],
        poorest.percent,
        everyone.cells["listed"],
        everyone.cells["active"],
        everyone.percent,
    ]
    provinces = {row[0]: row[1:3] for row in rows[1:]}
    for poor, _all in published.children:
        assert poor is not None
        assert provinces[f"{poor.name} ({poor.code})"] == [poor.cells["listed"], poor.cells["active"]]
    assert set(provinces) >= {"Nusa Tenggara Timur (53)", "Nusa Tenggara Barat (52)"}
    book = load_workbook(io.BytesIO(summary_report.summary_render(
        user=personas.national_analyst, year=2024, half=1, fmt="xlsx", lang="id"
    ).content))  # fmt: skip
    assert "Desil termiskin" in book.sheetnames


def test_a_half_year_ended_before_the_list_was_matched_has_no_poverty_table(
    personas: Personas,
    linkage: PovertyLinkage,  # noqa: F811
) -> None:
    report = summary_report.semester_report(personas.national_analyst, year=2023, half=2)
    assert report.poverty is None
    with translation.override("en"):
        document = summary_report.semester_document(report, lang="en", simulated=False)
    assert "poverty" not in {s.key for s in document.sections}
