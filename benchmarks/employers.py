"""Simulated employers files for benchmarks and demos: `employers_file(rows)` is a valid CSV of the
`employers` dataset with that many employers spread over the demo regencies (all 514 regencies and
cities), one month each, about a third of them with something to detect."""

from __future__ import annotations

import csv
import io
import random

from cakupan.demo.generator import regency_codes

HEADER = (
    "employer_id",
    "name",
    "region_code",
    "period",
    "reported_workers",
    "registered_workers",
    "reported_wages_idr",
    "registered_wages_idr",
    "programs",
)
KINDS = ("PT", "CV", "Koperasi", "UD", "PT")
WORDS = ("Maju", "Jaya", "Sentosa", "Abadi", "Makmur", "Sejahtera", "Mandiri", "Karya", "Nusa", "Bumi")


def employers_file(rows: int, *, period: str = "2026-09", seed: int = 5) -> bytes:
    rng = random.Random(seed)  # noqa: S311 (simulated data, not security)
    regencies = regency_codes()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for index in range(rows):
        workers = max(1, int(rng.lognormvariate(2.3, 1.2)))
        wage = rng.randrange(2_000_000, 9_000_000, 50_000)
        roll = rng.random()
        registered = workers
        declared_wage = wage
        programs = ["JKK", "JKM", "JHT", "JP"] if workers >= 20 else ["JKK", "JKM", "JHT"]
        if roll < 0.08:  # PWBD
            registered, programs = 0, []
        elif roll < 0.20:  # PDS-TK
            registered = rng.randint(1, workers)
        elif roll < 0.28:  # PDS-Upah
            declared_wage = int(wage * rng.uniform(0.5, 0.9))
        elif roll < 0.33:  # PDS-Program
            programs = ["JKK", "JKM"]
        identifier = f"{index:013d}" if index % 2 else f"NPP{index:08d}"
        writer.writerow(
            (
                identifier,
                f"{KINDS[index % len(KINDS)]} {rng.choice(WORDS)} {rng.choice(WORDS)} {index}",
                regencies[index % len(regencies)],
                period,
                workers,
                registered,
                workers * wage,
                registered * declared_wage,
                ";".join(programs),
            )
        )
    return buffer.getvalue().encode("utf-8")
