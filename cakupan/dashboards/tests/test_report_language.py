"""The region page's "Monev report: PDF" gives the report in the page's language, and offers the other
(issue 19 §6: in English it gave an Indonesian PDF)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def ntt() -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53", "2024-06", "total", "100000", "")]))
    load(
        "participation", csv_bytes(PARTICIPATION_HEADER, participation_rows("53", "2024-06", {"PU": 30_000}))
    )


def _main_links(html: str) -> str:
    return html.split('class="downloads"', 1)[1].split('<span class="hint">', 1)[0]


def test_the_main_report_links_follow_the_page_language(client: Client, ntt: None) -> None:
    indonesian = client.get("/wilayah/53/", {"periode": "2024-06"}).content.decode()
    assert 'href="/laporan/53/2024-06.pdf?bahasa=id"' in _main_links(indonesian)
    assert 'href="/laporan/53/2024-06.pdf?bahasa=en"' in indonesian  # offered beside
    client.cookies["cakupan_lang"] = "en"
    english = client.get("/wilayah/53/", {"periode": "2024-06"}).content.decode()
    main = _main_links(english)
    assert (
        'href="/laporan/53/2024-06.pdf?bahasa=en"' in main
        and 'hx-post="/laporan/53/2024-06.pdf/buat/?bahasa=en"' in main
    )
    assert "in Bahasa Indonesia:" in english and 'href="/laporan/53/2024-06.pdf?bahasa=id"' in english
    made = client.get("/laporan/53/2024-06.xlsx?bahasa=en")
    assert 'filename="monev-53-2024-06-en.xlsx"' in made["Content-Disposition"]
