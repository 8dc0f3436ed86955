"""SVG text drawn by WeasyPrint as one run where it has one position.

WeasyPrint 70 lays out the text of an SVG `<text>` letter by letter, one Pango layout and one transform for
each letter, so that per-letter positions (`x="1 2 3"`, `dx`, `rotate`) can apply. A chart's labels and
titles have one position each, and their letters were a third of a regency report's PDF time (a report's
two charts carry about 45 labels, 300 letters). Where a text has no per-letter position, spacing or
rotation, it is handed to WeasyPrint's own drawing as a string that iterates as one letter: the whole run,
laid out once, placed where its first letter was (and kerned as the page's HTML text is). Any other text is
drawn letter by letter as before.

This leans on how `weasyprint.svg.text.text` reads its node, so it is installed only for the version it was
written against (`cakupan/reports/tests/test_svgtext.py` fails when the pinned version changes). Django-free:
the PDF pool's processes install it as they start.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

WRITTEN_FOR = "70.0"
# Attributes that place, space or turn single letters: a text carrying any of them is drawn letter by letter.
_PER_LETTER = ("dx", "dy", "rotate", "letter-spacing", "textLength", "lengthAdjust")
# Two threads installing at once must not each put their own function in (WeasyPrint compares them).
_INSTALLING = threading.Lock()


class _OneRun(str):
    """A text that iterates as a single letter: itself."""

    __slots__ = ()

    def __iter__(self) -> Any:
        yield str(self)


def one_position(attrib: dict[str, str]) -> bool:
    """Whether a text's attributes give it one position and nothing per letter."""
    if any(name in attrib for name in _PER_LETTER):
        return False
    return all(len(attrib.get(axis, "").replace(",", " ").split()) <= 1 for axis in ("x", "y"))


def install() -> bool:
    """Draw one-position SVG text as one run from now on in this process; False (and nothing changed) when
    WeasyPrint is not the version this was written for. Installing twice changes nothing more."""
    import weasyprint
    import weasyprint.svg as svg

    if weasyprint.__version__ != WRITTEN_FOR:
        return False
    if getattr(svg.TAGS["text"], "one_run", False):
        return True
    with _INSTALLING:
        if not getattr(svg.TAGS["text"], "one_run", False):
            _install(svg, importlib.import_module("weasyprint.svg.text").text)
    return True


def _install(svg: Any, letters: Any) -> None:
    def text(drawing: Any, node: Any, font_size: float) -> Any:
        element = node._etree_node
        original = element.text
        # The node's attributes as WeasyPrint cascades them: a letter-spacing set on a group applies too.
        if not original or len(original) == 1 or not one_position(node.attrib):
            return letters(drawing, node, font_size)
        element.text = _OneRun(original)
        try:
            return letters(drawing, node, font_size)
        finally:
            element.text = original

    text.one_run = True  # type: ignore[attr-defined]
    # The SVG module dispatches on TAGS (text, tspan, textPath and a) and recognises text nodes by comparing
    # with its name `text`: both change, the name first, as `install` looks at TAGS to see it done.
    svg.text = text
    for tag, draw in list(svg.TAGS.items()):
        if draw is letters:
            svg.TAGS[tag] = text
