from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from cakupan.reports.tests.conftest import figures  # noqa: F401 (the fixture: NTT and NTB, a year of months)


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Pack files go to the test's own folder."""
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture
def meetings(figures: None, personas: Any) -> Any:  # noqa: F811
    """Two meetings hosted by NTT (March and June 2024), the second inviting NTB, with follow-ups."""
    from cakupan.monev.tests.helpers import follow_up, meeting, region

    earlier = meeting("53", personas.officer_a, held_on=dt.date(2024, 3, 20))
    follow_up(earlier, personas.officer_a, action="Usulkan APBD pekerja rentan", due_on=dt.date(2024, 6, 30))
    later = meeting("53", personas.officer_a, held_on=dt.date(2024, 6, 15))
    later.other_regions.set([region("52")])
    follow_up(later, personas.officer_a, action="Sosialisasi ke 64 desa", due_on=dt.date(2024, 9, 30))
    return earlier, later
