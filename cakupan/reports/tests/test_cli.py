"""`cakupan report` and `cakupan report-batch`, run in-process against the test database."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from cakupan.cli import main
from cakupan.common import formatting

pytestmark = pytest.mark.django_db


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_report_is_written_as_pdf_or_xlsx_by_the_file_extension(
    figures: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(capsys, "report", "53", "2024-06", "--out", str(tmp_path / "ntt.pdf"))
    assert code == 0 and "ntt.pdf" in out
    size = formatting.fmt_int((tmp_path / "ntt.pdf").stat().st_size, "id")
    assert "." in size and f"({size} bita)" in out  # 13.973 bita: the size written the Indonesian way
    text = " ".join((PdfReader(tmp_path / "ntt.pdf").pages[0].extract_text() or "").split())
    assert "Nusa Tenggara Timur" in text and "33,73 %" in text
    code, _out, _err = _run(
        capsys, "report", "5371", "2024-06", "--out", str(tmp_path / "k.xlsx"), "--lang", "en"
    )
    assert code == 0
    assert load_workbook(tmp_path / "k.xlsx").sheetnames[0] == "Summary"


def test_wrong_requests_exit_with_a_message_and_write_nothing(
    figures: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pdf"
    assert _run(capsys, "report", "53", "2024-06", "--out", str(tmp_path / "x.docx"))[0] == 2
    code, _out, err = _run(capsys, "report", "99", "2024-06", "--out", str(out))
    assert code == 1 and "99" in err
    code, _out, err = _run(capsys, "report", "53", "2019-01", "--out", str(out))
    assert code == 1 and "2019-01" in err
    code, _out, err = _run(capsys, "report", "53.71.01", "2024-06", "--out", str(out))
    assert code == 1
    assert not out.exists() and not list(tmp_path.iterdir())


def test_the_batch_writes_one_zip_and_shows_its_progress(
    figures: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "provinsi.zip"
    code, out, err = _run(
        capsys, "report-batch", "provinsi", "2024-06", "--format", "xlsx", "--out", str(target)
    )
    assert code == 0, err
    assert "2 " in out and "100 %" in err  # the count, and the progress reached the end
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == ["monev-52-2024-06-id.xlsx", "monev-53-2024-06-id.xlsx"]
        load_workbook(io.BytesIO(archive.read("monev-53-2024-06-id.xlsx")))
    # Asked again on the same figures, the zip already made is copied: nothing is made again.
    again = tmp_path / "again.zip"
    assert (
        _run(capsys, "report-batch", "provinsi", "2024-06", "--format", "xlsx", "--out", str(again))[0] == 0
    )
    assert again.read_bytes() == target.read_bytes()


def test_a_batch_for_a_month_without_figures_exits_1(
    figures: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _run(capsys, "report-batch", "semua", "2019-01", "--out", str(tmp_path / "z.zip"))
    assert code == 1 and "2019-01" in err
