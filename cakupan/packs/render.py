"""The three files of a pack, from the one pack model: PPTX (`packs.pptx`), PDF (the report's PDF
pipeline, a landscape page a slide) and XLSX (the report's workbook layout, a sheet a section)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from cakupan.packs.content import Pack
from cakupan.packs.tables import pack_sections
from cakupan.reports.documents import Document, Figure

FORMATS = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def pack_render(pack: Pack, fmt: str) -> bytes:
    if fmt == "pptx":
        from cakupan.packs.pptx import pack_pptx

        return pack_pptx(pack)
    if fmt == "pdf":
        return pack_pdf(pack)
    if fmt == "xlsx":
        return pack_xlsx(pack)
    raise ValueError(f"unknown pack format {fmt!r}: {', '.join(FORMATS)}")


def printed_caption(caption: str) -> str:
    """The map's caption on paper: what the page says less the invitation to click (in the same language)."""
    printed = {
        _("Click a region to open it. Boundaries: cahyadsn/wilayah_boundaries (MIT)."): _(
            "Boundaries: cahyadsn/wilayah_boundaries (MIT)."
        ),
        _("Each square is a province, placed roughly where it lies. Click one to open it."): _(
            "Each square is a province, placed roughly where it lies."
        ),
        _("Highest coverage first. Click a bar to open the region."): _("Highest coverage first."),
    }
    return printed.get(caption, caption)


def pack_html(pack: Pack) -> str:
    from cakupan.reports.pdf import _page_context, svg_image

    page = pack.page
    with translation.override(pack.lang):
        caption = printed_caption(page.map_caption) if page else ""
        return render_to_string(
            "packs/pack.html",
            {
                "p": pack,
                "sections": pack_sections(pack),
                "trend_img": svg_image(page.charts.get("trend"), alt=_("Coverage over time")) if page else "",
                "map_img": svg_image(page.map_svg, alt=caption) if page else "",
                "map_caption": caption,
                **_page_context(lang=pack.lang, simulated=pack.simulated),
            },
        )


def pack_pdf(pack: Pack) -> bytes:
    from cakupan.reports.pdf import html_pdf

    return html_pdf(pack_html(pack))


def pack_document(pack: Pack) -> Document:
    """The pack in the layout of the report's documents: the workbook writer takes it as it is."""
    host = pack.host
    with translation.override(pack.lang):
        return Document(
            title=pack.title,
            subtitle=pack.subtitle,
            lang=pack.lang,
            generated_at=pack.generated_at,
            simulated=pack.simulated,
            file_stem=pack.file_stem,
            facts=[
                (_("Region"), f"{pack.region_code} {pack.region_name}"),
                (_("Month"), pack.period),
                (_("Figures version"), pack.figures_version),
                (_("Compared with"), pack.comparison),
            ],
            figures=[
                Figure(_("Coverage"), host.coverage_rate, "pct", key="coverage_rate"),
                Figure(_("Change"), host.change_points, "points", key="change_points"),
                Figure(_("Active participants"), host.active, "int", key="active"),
                Figure(_("Workers"), host.workers, "int", key="workers"),
                Figure(_("Workers to the target"), host.workers_to_target, "int", key="workers_to_target"),
            ],
            sections=pack_sections(pack),
            landscape=True,
        )


def pack_xlsx(pack: Pack) -> bytes:
    from cakupan.reports.xlsx import document_xlsx

    return document_xlsx(pack_document(pack))
