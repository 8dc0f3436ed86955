"""The report's ranking says the denominator of its rates once when every row shares it (a province's
regencies measured on one survey and month), and on each row when they differ: the reader learns the same
either way, and the shared line is not printed twenty times."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser

from cakupan.indicators.tests.test_denominator_words import figures_on_three_denominators
from cakupan.reports.content import report_content
from cakupan.reports.pdf import report_html

pytestmark = pytest.mark.django_db


def _ranking(html: str) -> str:
    found = re.search(r'<table class="data ranking">.*?</table>', html, re.S)
    assert found is not None
    return found.group(0)


def _shared_line(html: str) -> str:
    found = re.search(r'<p class="small" data-figure="ranking_denominator">(.*?)</p>', html, re.S)
    return found.group(1) if found else ""


def test_a_province_whose_regencies_share_one_denominator_says_it_once_under_the_ranking(
    figures: None,
) -> None:
    html = report_html(report_content(AnonymousUser(), code="53", period="2024-06", lang="id"))
    assert _shared_line(html) == "Penyebut setiap tingkat cakupan di tabel ini: Sakernas · Jun 2023."
    assert 'class="denom"' not in _ranking(html)


def test_regencies_measured_on_different_surveys_carry_each_its_own_on_its_row(db: None) -> None:
    figures_on_three_denominators()
    html = report_html(report_content(AnonymousUser(), code="53", period="2024-06", lang="en"))
    ranking = _ranking(html)
    assert _shared_line(html) == ""
    assert '<small class="denom">BPS Sakernas Februari 2024 · Feb 2024</small>' in ranking
    assert '<small class="denom">Disnaker Kota Kupang · Jun 2024</small>' in ranking
