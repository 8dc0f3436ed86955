from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Documents go to the test's own folder."""
    settings.DATA_DIR = tmp_path / "data"
