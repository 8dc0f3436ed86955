"""The report's data sources never name a file after a NIK: new imports are stored under a safe name,
and names stored before that are renamed by `cakupan nik-sweep`."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from openpyxl import load_workbook

from cakupan.common.nik_sweep import nik_sweep
from cakupan.imports.models import ImportBatch
from cakupan.reports.content import report_content
from cakupan.reports.xlsx import report_xlsx
from tests.personas import WORKFORCE_HEADER, csv_bytes, load

pytestmark = pytest.mark.django_db

NIK = "5371020501850002"


def _source_names() -> list[str]:
    content = report_content(AnonymousUser(), code="53", period="2024-06", lang="id")
    assert all(NIK not in b.file_name for b in content.sources)
    sheet = load_workbook(io.BytesIO(report_xlsx(content)))["Sumber data"]
    return [str(c.value) for c in sheet["B"] if c.value]


def test_a_file_imported_under_a_nik_is_listed_under_a_safe_name(figures: Any) -> None:
    rows = [("53.01", "2023-06", "total", "1000001", "Sakernas")]
    load("workforce", csv_bytes(WORKFORCE_HEADER, rows), f"angkatan kerja {NIK}.csv")
    names = _source_names()
    assert any(n.startswith("berkas-workforce-") for n in names)
    assert not any(NIK in n for n in names)


def test_a_name_stored_before_the_check_is_renamed_by_the_sweep(figures: Any) -> None:
    ImportBatch.objects.filter(dataset="workforce").update(file_name=f"peserta {NIK}.csv")
    nik_sweep()
    names = _source_names()
    assert not any(NIK in n for n in names)
    assert any(n.startswith("berkas-workforce-") for n in names)
