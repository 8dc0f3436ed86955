"""The Monev report as PDF (WeasyPrint): A4, fonts embedded, page numbers, the region and month on every
page and "Data simulasi" on every page when any figure is simulated. Other reports (`documents.Document`,
e.g. the six-monthly national summary) share its base template, fonts and marks."""

from __future__ import annotations

import base64
from functools import cache

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cakupan.maps.svg import BAND_COLOURS, BAND_TEXT
from cakupan.reports import printing
from cakupan.reports.content import ReportContent
from cakupan.reports.documents import Document
from cakupan.reports.svgprint import print_svg


class PdfUnavailable(RuntimeError):
    """WeasyPrint's system libraries (Pango) are missing: say which packages to install."""


def _band_css() -> SafeString:
    rules = (
        f".band-{band.replace('_', '-')} {{ background: {colour}; color: {BAND_TEXT[band]}; }}"
        for band, colour in BAND_COLOURS.items()
    )
    return mark_safe("\n".join(rules))  # noqa: S308 (colours from code, not from users)


@cache
def _font_config() -> object:
    try:
        return printing.font_config()
    except OSError as error:  # Pango not installed
        raise PdfUnavailable(
            "PDF reports need Pango and the Noto fonts: apt-get install -y libpango-1.0-0 "
            "libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core"
        ) from error


def svg_image(svg: str | None, *, alt: str = "") -> SafeString:
    """An SVG drawing as an image of the PDF. Embedded as an image rather than inline, the PDF renderer
    parses it once as SVG instead of as thousands of HTML elements to style: half the time of a report. The
    drawing is put in fewer nodes first (`svgprint`): a fifth of the nodes, the same look."""
    if not svg:
        return mark_safe("")
    data = base64.b64encode(print_svg(svg).encode()).decode()
    return format_html('<img src="data:image/svg+xml;base64,{}" alt="{}">', data, alt)


def _page_context(*, lang: str, simulated: bool) -> dict[str, object]:
    """What every report's base template needs (call inside the report's language)."""
    return {
        "lang": lang,
        "simulated": simulated,
        "site_name": settings.CAKUPAN_SITE_NAME,
        "band_css": _band_css(),
        "page_label": _("Page"),
        "of_label": _("of"),
    }


def report_html(content: ReportContent) -> str:
    page = content.page
    with translation.override(content.lang):
        return render_to_string(
            "reports/report.html",
            {
                "r": content,
                "trend_img": svg_image(page.charts.get("trend"), alt=_("Coverage over time")),
                "segments_img": svg_image(page.charts.get("segments"), alt=_("Participants by segment")),
                "map_img": svg_image(page.map_svg, alt=page.map_caption),
                **_page_context(lang=content.lang, simulated=content.simulated),
            },
        )


def document_html(document: Document) -> str:
    with translation.override(document.lang):
        return render_to_string(
            "reports/document.html",
            {"d": document, **_page_context(lang=document.lang, simulated=document.simulated)},
        )


def html_pdf(html: str) -> bytes:
    _font_config()
    return printing.write_pdf(html, pdf_base_url())


def pdf_base_url() -> str:
    """Where a report's relative addresses (its fonts) are found."""
    return str(settings.PACKAGE_DIR)


def report_pdf(content: ReportContent) -> bytes:
    return html_pdf(report_html(content))


def document_pdf(document: Document) -> bytes:
    return html_pdf(document_html(document))
