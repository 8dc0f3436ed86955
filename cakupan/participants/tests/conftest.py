from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    """These tests read the English texts (the msgids): pages and messages in English, not Indonesian."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
