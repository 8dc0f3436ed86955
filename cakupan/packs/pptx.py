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

from cakupan.core import periods
from cakupan.core.rounding import round2
from cakupan.indicators.params import Params
from cakupan.maps.svg import band_colour, legend_for
from cakupan.packs.content import Pack
from cakupan.packs.tables import pack_sections
from cakupan.reports.sections import Table

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
TABLE_PT = 10  # table text: a slide holds ten columns of it
CELL_MARGIN = Inches(0.05)
# Calibri's widest common text averages under 0.55 em a character: an estimate that errs towards more lines.
EM_PER_CHAR = 0.55
FOOTER_TOP = HEIGHT - Inches(0.45)
NOTES_PT = 11  # the section's lines and the table's note, under the table and above the footer
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
            Length(Inches(0.25) * (len(rows) + 1)),
        )
        grid = shape.table
        for index, w in enumerate(column_widths(table, width or WIDTH - 2 * MARGIN)):
            grid.columns[index].width = w
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

        for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(cell, side, CELL_MARGIN)
        frame = cell.text_frame  # type: ignore[attr-defined]
        frame.text = text
        frame.word_wrap = True
        for paragraph in frame.paragraphs:
            if right:
                paragraph.alignment = PP_ALIGN.RIGHT
            for run in paragraph.runs:
                run.font.size = Pt(TABLE_PT)
                run.font.bold = bold

    def bar_chart(
        self,
        slide: Slide,
        *,
        categories: list[str],
        series: list[tuple[str, list[float | None]]],
        top: int,
        height: int,
        colours: list[str] | None = None,
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
        for point, colour in zip(plot.series[0].points, colours or [], strict=False):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#"))


def _lines(text: str, width: int, size: int = TABLE_PT) -> int:
    """How many lines a cell's text takes in a column `width` EMU wide (a generous estimate: words wrap
    whole, and a character is taken as EM_PER_CHAR of the font size)."""
    per_line = max(1, int((width - 2 * CELL_MARGIN) / (Pt(size) * EM_PER_CHAR)))
    total = 0
    for paragraph in text.split("\n"):
        lines, line = 1, 0
        for word in paragraph.split():
            if line and line + 1 + len(word) > per_line:
                lines, line = lines + 1, 0
            if line:
                line += 1 + len(word)
            else:  # a word longer than the line breaks over lines of its own
                lines += (len(word) - 1) // per_line
                line = (len(word) - 1) % per_line + 1
        total += lines
    return max(total, 1)


def _row_height(texts: list[str], widths: list[int]) -> int:
    lines = max((_lines(t, w) for t, w in zip(texts, widths, strict=True)), default=1)
    return int(lines * Pt(TABLE_PT) * 1.2 + 2 * CELL_MARGIN)


def column_widths(table: Table, width: int = WIDTH - 2 * MARGIN) -> list[int]:
    total = sum(c.width for c in table.columns)
    return [int(width * c.width / total) for c in table.columns]


def text_height(text: str, *, size: int = NOTES_PT, width: int = WIDTH - 2 * MARGIN) -> int:
    """How tall a text box of this text is (its lines, as `_lines` counts them, and its margins)."""
    if not text:
        return 0
    lines = sum(_lines(line, width, size) for line in text.split("\n"))
    return int(lines * Pt(size) * 1.2 + Inches(0.15))


def _chunks(table: Table, *, top: int, bottom: int) -> Iterator[range]:
    """The table's rows cut into slides: as many as fit between `top` and `bottom` once each row is as
    tall as its longest cell, the header repeated on every slide."""
    count = len(table.rows)
    if count == 0:
        yield range(0)
        return
    widths = column_widths(table)
    room = bottom - top - _row_height([c.header for c in table.columns], widths)
    start, used = 0, 0
    for index, row in enumerate(table.formatted):
        height = _row_height([cell.text for cell in row], widths)
        if index > start and used + height > room:
            yield range(start, index)
            start, used = index, 0
        used += height
    yield range(start, count)


def pack_pptx(pack: Pack) -> bytes:
    with translation.override(pack.lang):
        deck = _Deck(pack)
        _cover(deck)
        _headline(deck)
        _ranking_chart(deck)
        for section in pack_sections(pack):
            for index, table in enumerate(section.tables):
                # The section's lines on its first slide, the table's note on each of its slides: the rows
                # stop above them, and they stop above the footer.
                lines = section.lines if index == 0 else []
                first_notes = "\n".join(n for n in [*lines, table.note] if n)
                top = Inches(1.5) if table.title else Inches(1.1)
                bottom = FOOTER_TOP - text_height(first_notes) - Inches(0.1)
                chunks = list(_chunks(table, top=top, bottom=bottom))
                for number, rows in enumerate(chunks, start=1):
                    title = section.title if len(chunks) == 1 else f"{section.title} ({number}/{len(chunks)})"
                    slide = deck.slide(title)
                    if table.title:
                        deck.text(
                            slide, table.title, top=Inches(1.1), size=13, colour=GREY, height=Inches(0.4)
                        )
                    if not table.rows:
                        deck.text(slide, _("None recorded."), top=top, size=14, height=Inches(0.5))
                        continue
                    deck.table(slide, table, top=top, rows=rows)
                    notes = first_notes if number == 1 else table.note
                    if notes:
                        height = text_height(notes)
                        deck.text(
                            slide, notes, top=FOOTER_TOP - height, size=NOTES_PT, colour=GREY, height=height
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
        height=HEIGHT - Inches(2.0),
        colours=[band_colour(r.band) for r in ranked],
    )
    # The bars take the map's colours, so the slide is the map's reading too (the PDF draws the map).
    thresholds = Params.at(periods.last_day(pack.period)).band_thresholds
    bands = [
        f"{entry.label} {entry.range_text}"
        for entry in legend_for(thresholds, lang=pack.lang).entries
        if entry.band is not None
    ]
    deck.text(
        slide,
        _("Bars coloured by the map's coverage bands: %(bands)s.") % {"bands": "; ".join(bands)},
        top=HEIGHT - Inches(0.85),
        size=11,
        colour=GREY,
        height=Inches(0.35),
    )
