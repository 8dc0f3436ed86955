"""The report's tables keep every figure inside its cell: no number runs into the padding between columns
("2.691.943 5.753.782" printed touching). Checked on WeasyPrint's laid-out pages, cell by cell, for the
national report (provinces of millions of workers), a province and a regency with every register filled."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from cakupan.reports import printing
from cakupan.reports.content import report_content
from cakupan.reports.pdf import pdf_base_url, report_html
from cakupan.reports.tests.test_report_registers import fill_registers
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db

# A cell's text may reach its content edge, not beyond (a hundredth of a point for rounding).
TOLERANCE = 0.01


def _descendants(box: Any) -> Iterator[Any]:
    for child in getattr(box, "children", ()):
        yield child
        yield from _descendants(child)


def _text(box: Any) -> str:
    return " ".join(b.text for b in _descendants(box) if isinstance(b, boxes.TextBox))


def overflowing_cells(html: str) -> list[str]:
    """Every text of a table cell that runs outside the cell's content box, and every cell that runs
    outside the page's printed area (a table wider than the page)."""
    document = HTML(string=html, base_url=pdf_base_url()).render(font_config=printing.font_config())
    found = []
    for page in document.pages:
        area = page._page_box
        page_right = area.content_box_x() + area.width
        for cell in (b for b in _descendants(area) if isinstance(b, boxes.TableCellBox)):
            left = cell.content_box_x()
            right = left + cell.width
            if cell.border_box_x() + cell.border_width() > page_right + TOLERANCE:
                found.append(f"a cell beyond the page's right margin: {_text(cell)!r}")
            for text in (b for b in _descendants(cell) if isinstance(b, boxes.TextBox)):
                if text.position_x < left - TOLERANCE or text.position_x + text.width > right + TOLERANCE:
                    found.append(f"{text.text!r} in a cell {cell.width:.1f} px wide")
    return found


@pytest.fixture
def millions(db: None) -> None:
    """Provinces and regencies of millions of workers, as national figures are (Jawa Barat: 25 million)."""
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [
                ("53.01", "2024-06", "total", "25753782", "Simulasi Sakernas Agustus 2024"),
                ("53.71", "2024-06", "total", "5753782", "Simulasi Sakernas Agustus 2024"),
                ("52.01", "2024-06", "total", "12345678", "Simulasi Sakernas Agustus 2024"),
                ("52.71", "2024-06", "total", "10000000", "Simulasi Sakernas Agustus 2024"),
            ],
        ),
        "angkatan_kerja.csv",
    )
    rows = participation_rows("53.01", "2024-06", {"PU": 12_691_943, "BPU": 1_234_567}, {"PU": 3_456_789})
    rows += participation_rows("53.71", "2024-06", {"PU": 2_691_943}, {"PU": 1_000_000})
    rows += participation_rows("52.01", "2024-06", {"PU": 10_000_000})
    rows += participation_rows("52.71", "2024-06", {"PU": 1_000_000})  # very low: the longest category
    load("participation", csv_bytes(PARTICIPATION_HEADER, rows), "kepesertaan.csv", simulated=True)


@pytest.mark.parametrize("code", ["00", "52", "53"])
def test_no_figure_of_the_national_or_a_province_report_leaves_its_cell(millions: None, code: str) -> None:
    for lang in ("id", "en"):
        html = report_html(report_content(AnonymousUser(), code=code, period="2024-06", lang=lang))
        found = overflowing_cells(html)
        assert found == [], (code, lang, found)


def test_no_figure_of_a_regency_with_every_register_leaves_its_cell(figures: None, personas: Any) -> None:
    fill_registers(personas.officer_a)
    for lang in ("id", "en"):
        html = report_html(report_content(personas.officer_a, code="53.71", period="2024-06", lang=lang))
        assert overflowing_cells(html) == [], lang
