"""Active participants by KBLI 2020 section, where participant files carry `kbli`: a 5-digit KBLI 2020
code (its first two digits, the division, give the section) or the section letter itself. The 21 sections
and their divisions are package data (`fixtures/kbli2020_sections.csv`). Counts, no rate: no workforce
figure by sector is imported. Ibis expressions on the person store, run on DuckDB or PySpark."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ibis
import ibis.expr.types as ir

from cakupan.analytics import store

SECTIONS_FILE = Path(__file__).parent / "fixtures" / "kbli2020_sections.csv"
UNKNOWN = "?"  # no kbli, or not one of KBLI 2020


@dataclass(frozen=True)
class Section:
    letter: str
    first_division: int
    last_division: int
    name_id: str
    name_en: str


@cache
def sections() -> tuple[Section, ...]:
    with SECTIONS_FILE.open(encoding="utf-8") as handle:
        return tuple(
            Section(
                r["section"], int(r["first_division"]), int(r["last_division"]), r["name_id"], r["name_en"]
            )
            for r in csv.DictReader(handle)
        )


def section_of(kbli: ir.StringValue) -> ir.StringValue:
    """The section letter of a KBLI code (UNKNOWN for anything else)."""
    text = kbli.strip().upper()
    letters = [s.letter for s in sections()]
    divisions = [
        (f"{d:02d}", s.letter) for s in sections() for d in range(s.first_division, s.last_division + 1)
    ]
    by_division = text.substr(0, 2).cases(*divisions, else_=UNKNOWN)
    return (
        ibis.cases(
            (text.isin(letters), text),
            (text.re_search(r"^[0-9]{5}$"), by_division),
            else_=UNKNOWN,
        )
        .fill_null(UNKNOWN)
        .cast("string")
    )


def active_by_section(people: ir.Table, *, period: str, region: str) -> ir.Table:
    """The active participants of `period` in `region`: area_code (one level below), section, people."""
    month = store.within(people.filter((people.period == period) & (people.status == "active")), region)
    # Counted first by the code as written (a few thousand KBLI codes at most), and only those counts
    # given their section: the trimming, upper case, pattern and division lookup run once a code and
    # area, not once a person.
    written = month.group_by(area_code=store.place(month.region_code, region), kbli=month.kbli).aggregate(
        people=month.count()
    )
    cells = written.select("area_code", "people", section=section_of(written.kbli))
    return cells.group_by(["area_code", "section"]).aggregate(people=cells.people.sum().cast("int64"))
