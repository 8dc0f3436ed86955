"""The targets register's download writes a revised target as the page does: its values in the reader's
language ("6.400 → 12.800", "6,400 → 12,800"; a coverage target as a percentage), never the stored
"6400 → 12800"."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.personas import TARGETS_HEADER, csv_bytes, load

pytestmark = pytest.mark.django_db


def _revised_twice() -> None:
    for funded, rate in (("6400", "45.5"), ("12800", "47")):
        rows = [
            ("53", "2024", "vulnerable_workers_funded", funded, "Surat Gubernur"),
            ("53", "2024", "coverage_rate", rate, "Surat Kemendagri"),
        ]
        load("targets", csv_bytes(TARGETS_HEADER, rows))


def _revisions(lang: str) -> dict[str, list[str]]:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get("/monev/target/53/?unduh=json")
    assert response.status_code == 200
    return {row["indicator"]: row["revisions"] for row in response.json()["rows"]}


def test_a_revised_target_reads_in_the_reader_s_language() -> None:
    _revised_twice()
    indonesian, english = _revisions("id"), _revisions("en")
    assert indonesian["vulnerable_workers_funded"][0].startswith("6.400 → 12.800 (")
    assert english["vulnerable_workers_funded"][0].startswith("6,400 → 12,800 (")
    assert indonesian["coverage_rate"][0].startswith("45,50 % → 47,00 % (")
    assert english["coverage_rate"][0].startswith("45.50% → 47.00% (")
