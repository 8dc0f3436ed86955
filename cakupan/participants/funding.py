"""The funding register the participants pages read: which budget funds the workers of a region, from which
month and for how many months, and the funders' names. Monev keeps that register and sits above
participants (issue 22 §6), so it registers its reader from its own `ready()` (cakupan.monev.region_parts);
participants never imports it. Without a register, no region has funding and a funder is named by its code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol


class FundingRecord(Protocol):
    """A current row of the funding register, as the participants pages read it."""

    @property
    def region_id(self) -> str: ...
    @property
    def funder(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def start_period(self) -> str | None: ...  # the first funded month; empty when the record does not say
    @property
    def months(self) -> int: ...


@dataclass(frozen=True)
class FundingRegister:
    # The current records kept for any of these regions, by region, funder and the latest year first.
    records: Callable[[list[str]], Iterable[FundingRecord]]
    funder_label: Callable[[str], str]


_REGISTER: list[FundingRegister] = []


def funding_register_set(register: FundingRegister) -> None:
    _REGISTER[:] = [register]


def funding_records(region_codes: list[str]) -> Iterable[FundingRecord]:
    return _REGISTER[0].records(region_codes) if _REGISTER else []


def funder_label(funder: str) -> str:
    return _REGISTER[0].funder_label(funder) if _REGISTER else funder
