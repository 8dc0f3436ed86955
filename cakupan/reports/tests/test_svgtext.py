"""SVG text of one position drawn by WeasyPrint as one run (`svgtext`): laid out once instead of letter by
letter, and placed where the letters were."""

from __future__ import annotations

import base64
import importlib
import re
import shutil
import subprocess
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import weasyprint
import weasyprint.svg as weasyprint_svg

from cakupan.reports import printing, svgtext

LETTERS = importlib.import_module("weasyprint.svg.text").text
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200">'
    '<text x="10" y="30" font-family="Noto Sans" font-size="16px" font-weight="bold">'
    "Peserta aktif Kota</text>"
    '<text text-anchor="end" transform="translate(390,80)" font-family="Noto Sans" font-size="13px">'
    "104.933 Jan 2024</text>"
    '<text text-anchor="middle" transform="translate(200,130)" font-family="Noto Sans" font-size="13px">'
    "Jul AVA 70,76 %</text>"
    '<text x="10 30 50" y="180" font-family="Noto Sans" font-size="13px">abc</text></svg>'
)


def _uninstalled(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint's own drawing, letter by letter, in every place for this test only."""
    svgtext.install()
    for tag, draw in list(weasyprint_svg.TAGS.items()):
        if getattr(draw, "one_run", False):
            monkeypatch.setitem(weasyprint_svg.TAGS, tag, LETTERS)
    monkeypatch.setattr(weasyprint_svg, "text", LETTERS)


@pytest.fixture
def letter_by_letter(monkeypatch: pytest.MonkeyPatch) -> None:
    _uninstalled(monkeypatch)
    monkeypatch.setattr(svgtext, "install", lambda: False)


def _pdf(svg: str) -> bytes:
    data = base64.b64encode(svg.encode()).decode()
    style = "@page { size: A4 } img { width: 100% }"
    return printing.write_pdf(f'<style>{style}</style><img src="data:image/svg+xml;base64,{data}">', "/")


def _layouts(monkeypatch: pytest.MonkeyPatch, svg: str) -> int:
    """How many Pango layouts WeasyPrint makes to draw the SVG's text."""
    line_break = importlib.import_module("weasyprint.text.line_break")
    original, made = line_break.split_first_line, []

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(line_break, "split_first_line", counted)
    _pdf(svg)
    monkeypatch.setattr(line_break, "split_first_line", original)
    return len(made)


def _words(pdf: bytes, folder: Path) -> list[tuple[str, tuple[float, ...]]]:
    (folder / "text.pdf").write_bytes(pdf)
    found = subprocess.run(
        ["pdftotext", "-bbox", "text.pdf", "-"], cwd=folder, capture_output=True, text=True, check=True
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(m[4], tuple(float(v) for v in m[:4])) for m in re.findall(pattern, found)]


def test_it_is_written_for_the_weasyprint_the_project_pins() -> None:
    pyproject = tomllib.loads((Path(__file__).parents[3] / "pyproject.toml").read_text())
    assert f"weasyprint=={svgtext.WRITTEN_FOR}" in pyproject["project"]["dependencies"]
    assert weasyprint.__version__ == svgtext.WRITTEN_FOR
    assert svgtext.install() is True
    assert all(getattr(weasyprint_svg.TAGS[tag], "one_run", False) for tag in ("text", "tspan", "a"))


@pytest.mark.parametrize(
    ("attributes", "one"),
    [
        ({}, True),
        ({"x": "10", "y": "30"}, True),
        ({"transform": "translate(3,4)", "text-anchor": "end"}, True),
        ({"x": "10 30 50"}, False),
        ({"y": "1,2"}, False),
        ({"dx": "2"}, False),
        ({"rotate": "45"}, False),
        ({"letter-spacing": "0.04em"}, False),
        ({"textLength": "100"}, False),
    ],
)
def test_a_text_has_one_position_unless_something_places_its_letters(
    attributes: dict[str, str], one: bool
) -> None:
    assert svgtext.one_position(attributes) is one


def test_a_text_of_one_position_is_laid_out_once_and_one_of_several_letter_by_letter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    svgtext.install()
    one_run = '<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="20">Peserta aktif</text></svg>'
    placed = '<svg xmlns="http://www.w3.org/2000/svg"><text x="1 9 17" y="20">abc</text></svg>'
    assert _layouts(monkeypatch, one_run) == 2  # measured, then drawn as one run
    assert _layouts(monkeypatch, placed) == 1 + 3  # measured, then each letter
    spaced = (
        '<svg xmlns="http://www.w3.org/2000/svg">'
        '<g letter-spacing="2"><text x="1" y="20">abc</text></g></svg>'
    )
    assert _layouts(monkeypatch, spaced) == 1 + 3  # the group's spacing reaches its text's letters


@pytest.fixture
def drawn_by_letters(letter_by_letter: None, tmp_path: Path) -> Iterator[list[tuple[str, tuple[float, ...]]]]:
    yield _words(_pdf(SVG), tmp_path)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_texts_are_placed_where_their_letters_were(
    drawn_by_letters: list[tuple[str, tuple[float, ...]]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.undo()  # the one-run drawing again
    assert svgtext.install() is True
    drawn_as_runs = _words(_pdf(SVG), tmp_path)
    assert [w for w, _ in drawn_as_runs] == [w for w, _ in drawn_by_letters] == [
        "Peserta", "aktif", "Kota", "104.933", "Jan", "2024", "Jul", "AVA", "70,76", "%", "a", "b", "c",
    ]  # fmt: skip
    # Within a point: a run is kerned (the "AV" and "VA" of a centred text draw it 1.2 points narrower).
    for (_, runs), (_, letters) in zip(drawn_as_runs, drawn_by_letters, strict=True):
        assert all(abs(a - b) < 1.0 for a, b in zip(runs, letters, strict=True))


def test_threads_installing_at_once_leave_one_drawing_in_every_place(monkeypatch: pytest.MonkeyPatch) -> None:
    _uninstalled(monkeypatch)
    start = threading.Barrier(8)

    def install() -> None:
        start.wait()
        svgtext.install()

    threads = [threading.Thread(target=install) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    drawn = {weasyprint_svg.TAGS[tag] for tag in ("a", "text", "textPath", "tspan")}
    assert drawn == {weasyprint_svg.text} and getattr(weasyprint_svg.text, "one_run", False)
