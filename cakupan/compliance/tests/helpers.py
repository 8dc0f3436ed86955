"""Employers files built in memory, and a case walked to a given step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from benchmarks.employers import HEADER
from cakupan.compliance.models import Employer
from cakupan.compliance.services import EmployersOutcome, employers_import
from tests.personas import csv_bytes


def row(
    employer_id: str = "NPP0001",
    *,
    name: str = "PT Sasando Jaya",
    region: str = "53.71",
    period: str = "2026-06",
    reported: int = 50,
    registered: int = 50,
    reported_wages: int = 150_000_000,
    registered_wages: int | None = None,
    programs: str = "JKK;JKM;JHT;JP",
) -> tuple[object, ...]:
    if registered_wages is None:
        registered_wages = reported_wages * registered // reported if reported else 0
    return (
        employer_id,
        name,
        region,
        period,
        reported,
        registered,
        reported_wages,
        registered_wages,
        programs,
    )


def employers_csv(rows: Sequence[Sequence[object]]) -> bytes:
    return csv_bytes(HEADER, rows)


def load_employers(
    rows: Sequence[Sequence[object]], name: str = "employers.csv", **kwargs: Any
) -> EmployersOutcome:
    outcome = employers_import(file_name=name, content=employers_csv(rows), **kwargs)
    assert outcome.validation.ok, [p.as_dict() for p in outcome.validation.problems[:5]]
    return outcome


def employer(key: str = "NPP0001") -> Employer:
    return Employer.objects.get(key=key)


# A PDF (and a PNG) small enough to attach as evidence in tests.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def non_compliant(employer_id: str = "NPP0001", region: str = "53.71", period: str = "2026-01") -> Employer:
    """An employer of Kota Kupang with 10 of its 50 workers not registered (PDS-TK)."""
    load_employers([row(employer_id, region=region, period=period, registered=40)], name=f"{employer_id}.csv")
    return employer(employer_id)


def comply(employer_id: str = "NPP0001", region: str = "53.71", period: str = "2026-02") -> None:
    """The employer's next month: every worker registered."""
    load_employers(
        [row(employer_id, region=region, period=period, registered=50)], name=f"{employer_id}-ok.csv"
    )
