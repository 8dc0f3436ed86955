"""The pack as slides (python-pptx): native tables and bar charts (chart data, not pictures), so officials
can edit them before the meeting; "Data simulasi" on every slide when the figures are simulated."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.util import Inches, Length, Pt

from cakupan.indicators.formulas import round2
from cakupan.packs.content import Pack
from cakupan.packs.tables import pack_sections
from cakupan.reports.sections import Table

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
ROWS_PER_SLIDE = 12
BLUE = RGBColor(0x0A, 0x58, 0xCA)
AMBER = RGBColor(0xA3, 0x4E, 0x00)
GREY = RGBColor(0x4F, 0x5B, 0x66)


def _number(value: object) -> float | None:
    rounded = round2(value)  # type: ignore[arg-type]
    return None if rounded is None else float(rounded)


class _Deck:
    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.prs: PresentationType = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.blank = self.prs.slide_layouts[6]

    def slide(self, title: str) -> Slide:
        slide = self.prs.slides.add_slide(self.blank)
        self.text(slide, title, top=Inches(0.3), size=24, bold=True, height=Inches(0.7))
        footer = f"{self.pack.region_name} · {self.pack.subtitle}"
        self.text(slide, footer, top=HEIGHT - Inches(0.45), size=10, colour=GREY, height=Inches(0.3))
        if self.pack.simulated:
            box = self.text(
                slide,
                _("Simulated data"),
                top=Inches(0.1),
                size=11,
                bold=True,
                colour=AMBER,
                height=Inches(0.3),
            )
            box.left, box.width = Length(WIDTH - Inches(3.5)), Inches(3.0)
        return slide

    def text(
        self,
        slide: Slide,
        text: str,
        *,
        top: int,
        size: int,
        height: int,
        bold: bool = False,
        colour: RGBColor | None = None,
    ) -> Shape:
        box = slide.shapes.add_textbox(MARGIN, Length(top), Length(WIDTH - 2 * MARGIN), Length(height))
        frame = box.text_frame
        frame.word_wrap = True
        for index, line in enumerate(text.split("\n")):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font.size = Pt(size)
            run.font.bold = bold
            if colour is not None:
                run.font.color.rgb = colour
        return box

    def table(self, slide: Slide, table: Table, *, top: int, rows: range, width: int | None = None) -> None:
        columns = table.columns
        formatted = table.formatted
        shape = slide.shapes.add_table(
            len(rows) + 1,
            len(columns),
            MARGIN,
            Length(top),
            Length(width or WIDTH - 2 * MARGIN),
            Length(Inches(0.3) * (len(rows) + 1)),
        )
        grid = shape.table
        widths = [c.width for c in columns]
        total = sum(widths)
        for index, w in enumerate(widths):
            grid.columns[index].width = int((width or WIDTH - 2 * MARGIN) * w / total)
        for col, column in enumerate(columns):
            self._cell(
                grid.cell(0, col),
                column.header,
                bold=True,
                right=column.kind not in ("text", "date", "month"),
            )
        for out_row, row_index in enumerate(rows, start=1):
            for col, shown in enumerate(formatted[row_index]):
                self._cell(grid.cell(out_row, col), shown.text, right=shown.numeric)

    @staticmethod
    def _cell(cell: object, text: str, *, bold: bool = False, right: bool = False) -> None:
        from pptx.enum.text import PP_ALIGN

        frame = cell.text_frame  # type: ignore[attr-defined]
        frame.text = text
        for paragraph in frame.paragraphs:
            if right:
                paragraph.alignment = PP_ALIGN.RIGHT
            for run in paragraph.runs:
                run.font.size = Pt(11)
                run.font.bold = bold

    def bar_chart(
        self,
        slide: Slide,
        *,
        categories: list[str],
        series: list[tuple[str, list[float | None]]],
        top: int,
        height: int,
    ) -> None:
        data = CategoryChartData(number_format="0.00")
        data.categories = categories
        for name, values in series:
            data.add_series(name, values)
        frame: Any = slide.shapes.add_chart(
            XL_CHART_TYPE.BAR_CLUSTERED,
            MARGIN,
            Length(top),
            Length(WIDTH - 2 * MARGIN),
            Length(height),
            data,  # type: ignore[arg-type]
        )
        chart = frame.chart
        chart.has_legend = len(series) > 1
        if chart.has_legend:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = "0.00"
        plot.data_labels.number_format_is_linked = False
        chart.category_axis.reverse_order = True  # the first category on top, as in the tables
        chart.value_axis.has_major_gridlines = False
        chart.font.size = Pt(11)


def _chunks(count: int, size: int = ROWS_PER_SLIDE) -> Iterator[range]:
    if count == 0:
        yield range(0)
        return
    for start in range(0, count, size):
        yield range(start, min(start + size, count))


def pack_pptx(pack: Pack) -> bytes:
    with translation.override(pack.lang):
        deck = _Deck(pack)
        _cover(deck)
        _headline(deck)
        _ranking_chart(deck)
        for section in pack_sections(pack):
            for table in section.tables:
                chunks = list(_chunks(len(table.rows)))
                for number, rows in enumerate(chunks, start=1):
                    title = section.title if len(chunks) == 1 else f"{section.title} ({number}/{len(chunks)})"
                    slide = deck.slide(title)
                    top = Inches(1.1)
                    if table.title:
                        deck.text(slide, table.title, top=top, size=13, colour=GREY, height=Inches(0.4))
                        top = Inches(1.5)
                    if not table.rows:
                        deck.text(slide, _("None recorded."), top=top, size=14, height=Inches(0.5))
                        continue
                    deck.table(slide, table, top=top, rows=rows)
                    notes = [*(section.lines if number == 1 else []), table.note]
                    text = "\n".join(n for n in notes if n)
                    if text:
                        deck.text(
                            slide, text, top=HEIGHT - Inches(1.3), size=11, colour=GREY, height=Inches(0.8)
                        )
        deck.prs.core_properties.title = f"{pack.title}: {pack.subtitle}"
        deck.prs.core_properties.author = "Cakupan"
        out = io.BytesIO()
        deck.prs.save(out)
        return out.getvalue()


def _cover(deck: _Deck) -> None:
    pack = deck.pack
    slide = deck.prs.slides.add_slide(deck.blank)
    deck.text(
        slide,
        _("Monev of employment social security") + " · Inpres 2/2021",
        top=Inches(1.6),
        size=14,
        colour=GREY,
        height=Inches(0.5),
    )
    deck.text(slide, pack.title, top=Inches(2.2), size=36, bold=True, colour=BLUE, height=Inches(1.2))
    deck.text(slide, pack.subtitle, top=Inches(3.5), size=20, height=Inches(0.6))
    made = _("Made %(when)s from figures version %(version)s.") % {
        "when": f"{pack.generated_at:%Y-%m-%d %H:%M}",
        "version": pack.figures_version[:12],
    }
    deck.text(slide, made, top=Inches(4.3), size=12, colour=GREY, height=Inches(0.4))
    if pack.simulated:
        deck.text(
            slide,
            _("Simulated data")
            + ": "
            + _("This report is made from simulated demo data. Its figures describe no real region."),
            top=Inches(5.0),
            size=14,
            bold=True,
            colour=AMBER,
            height=Inches(0.8),
        )


def _headline(deck: _Deck) -> None:
    """Coverage of every invited region now and at the comparison month, as an editable chart."""
    pack = deck.pack
    slide = deck.slide(_("Coverage of the invited regions"))
    deck.text(slide, pack.comparison, top=Inches(1.1), size=13, colour=GREY, height=Inches(0.4))
    deck.bar_chart(
        slide,
        categories=[r.name for r in pack.regions],
        series=[
            (_("Coverage (%)"), [_number(r.coverage_rate) for r in pack.regions]),
            (_("Previous (%)"), [_number(r.before_rate) for r in pack.regions]),
        ],
        top=Inches(1.6),
        height=Inches(5.0),
    )


def _ranking_chart(deck: _Deck) -> None:
    pack = deck.pack
    ranked = [r for r in pack.ranking if r.coverage_rate is not None]
    if not ranked:
        return
    slide = deck.slide(_("Coverage of the sub-regions of %(name)s") % {"name": pack.region_name})
    deck.bar_chart(
        slide,
        categories=[r.name for r in ranked],
        series=[(_("Coverage (%)"), [_number(r.coverage_rate) for r in ranked])],
        top=Inches(1.1),
        height=HEIGHT - Inches(1.7),
    )
