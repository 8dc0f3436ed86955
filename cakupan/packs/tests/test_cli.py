"""`cakupan pack`, run in-process against the test database."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from cakupan.cli import main

pytestmark = pytest.mark.django_db


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_pack_of_a_meeting_is_written_by_the_extension(
    meetings: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _earlier, later = meetings
    out = tmp_path / "ntt.pptx"
    code, said, _err = _run(capsys, "pack", "53", "2024-06", "--meeting", str(later.pk), "--out", str(out))
    assert code == 0 and "ntt.pptx" in said
    deck = Presentation(io.BytesIO(out.read_bytes()))
    texts = [s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame]
    assert any("20 Maret 2024" in t for t in texts)  # compared with the previous meeting
    code, _said, _err = _run(
        capsys, "pack", "5371", "2024-06", "--out", str(tmp_path / "k.xlsx"), "--lang", "en"
    )
    assert code == 0 and (tmp_path / "k.xlsx").stat().st_size > 0


def test_wrong_requests_exit_with_a_message_and_write_nothing(
    meetings: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pptx"
    assert _run(capsys, "pack", "53", "2024-06", "--out", str(tmp_path / "x.docx"))[0] == 2
    code, _out, err = _run(capsys, "pack", "99", "2024-06", "--out", str(out))
    assert code == 1 and "99" in err
    # A month without figures: said with the nearest months, as `cakupan indicators` says it.
    code, _out, err = _run(capsys, "pack", "53", "2030-01", "--out", str(out), "--lang", "en")
    assert (
        code == 1 and "No figures for Nusa Tenggara Timur (53) in January 2030" in err and "June 2024" in err
    )
    code, _out, err = _run(
        capsys, "pack", "52", "2024-06", "--meeting", str(meetings[1].pk), "--out", str(out)
    )
    assert code == 1 and str(meetings[1].pk) in err
    assert not out.exists()
