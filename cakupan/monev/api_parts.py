"""What the Monev API operations share (their routers are assembled in `cakupan.monev.api`)."""

from typing import Any

from cakupan.core.codes import CodeError, normalise
from cakupan.core.rounding import round2


def code_or_raw(raw: str) -> str:
    """A region code as written (53.71, 5371); what is no code is passed on for the lookup to refuse."""
    try:
        return normalise(raw)
    except CodeError:
        return raw


def api_number(value: Any) -> float | None:
    """A figure rounded half-up to two decimals, as a JSON number (None stays None)."""
    rounded = round2(value)
    return None if rounded is None else float(rounded)
