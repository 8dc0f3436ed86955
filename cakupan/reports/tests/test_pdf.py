from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from pypdf import PdfReader

from cakupan.reports.content import report_content
from cakupan.reports.pdf import report_pdf

pytestmark = pytest.mark.django_db


def _pdf(code: str, lang: str = "id") -> PdfReader:
    content = report_content(AnonymousUser(), code=code, period="2024-06", lang=lang)
    return PdfReader(io.BytesIO(report_pdf(content)))


def _text(reader: PdfReader) -> str:
    # Thin spaces and line breaks vary with the layout; the figures do not.
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_pdf_carries_the_same_figures_as_the_api(client: Client, figures: None) -> None:
    api: dict[str, Any] = client.get("/api/v1/indicators/53/2024-06").json()
    text = _text(_pdf("53"))
    assert api["coverage_rate"] == 33.73
    assert "33,73 %" in text  # coverage, as the page writes it
    assert "558.115" in text and "1.654.526" in text  # active and workers
    assert f"{api['gap_points']:.2f}".replace(".", ",") + " poin" in text  # 61,27 poin to UCJ
    assert f"{api['workers_to_protect']:,}".replace(",", ".") in text
    assert f"{api['target_gap_points']:.2f}".replace(".", ",") in text
    assert f"{api['workers_to_target']:,}".replace(",", ".") in text
    for name in ("Kabupaten Kupang", "Kota Kupang"):  # the regencies' ranking
        assert name in text


def test_the_english_report_writes_numbers_the_english_way(figures: None) -> None:
    text = _text(_pdf("53", lang="en"))
    assert "33.73%" in text and "558,115" in text and "Headline figures" in text


def test_every_page_is_numbered_and_says_the_data_is_simulated(figures: None) -> None:
    reader = _pdf("53")
    assert len(reader.pages) >= 3
    for number, page in enumerate(reader.pages, start=1):
        text = " ".join((page.extract_text() or "").split())
        assert f"Halaman {number} dari {len(reader.pages)}" in text
        assert "DATA SIMULASI" in text
        assert "Nusa Tenggara Timur" in text  # the running title


def test_every_font_is_embedded(figures: None) -> None:
    reader = _pdf("53.71")
    fonts = []
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for reference in resources.get_object().get("/Font", {}).values():
            font = reference.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            files = {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)
            fonts.append((str(font["/BaseFont"]), bool(files)))
    assert fonts and all(embedded for _name, embedded in fonts), fonts


def test_the_charts_are_drawings_not_pictures_of_text(figures: None) -> None:
    """The charts stay vector graphics (sharp when printed): the PDF holds no raster image."""
    reader = _pdf("53")
    assert not any(page.images for page in reader.pages)
