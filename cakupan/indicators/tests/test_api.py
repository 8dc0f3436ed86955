from __future__ import annotations

import pytest
from ninja.errors import HttpError

from cakupan.indicators.api import _month


@pytest.mark.parametrize(
    "raw, message",
    [
        ("1999-01", "1999-01: the year must be between 2000 and 2100."),
        ("2024-13", "2024-13: the month must be 01 to 12."),
        ("2024-6", "2024-6 is not a month; write YYYY-MM, e.g. 2024-06."),
    ],
)
def test_a_wrong_month_is_refused_naming_what_is_wrong(raw: str, message: str) -> None:
    # The routes' patterns already refuse these; `_month` still says what is wrong for any other caller.
    with pytest.raises(HttpError) as refused:
        _month(raw)
    assert (refused.value.status_code, str(refused.value)) == (422, message)
