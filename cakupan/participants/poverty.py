"""Poverty linkage published: a `poverty_list` (DTSEN, P3KE) matched against the participants of the month
asked, at regency level and above only, deciles 1–4 grouped, small counts hidden so that none is
recovered by subtraction. Nothing of the list is stored: the engine's scratch copy goes with the run and
only these aggregates come back."""

from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from django.utils.translation import gettext as _

from cakupan.analytics.poverty import DECILE_GROUPS, LinkageResult, poverty_run
from cakupan.analytics.problems import Problem
from cakupan.opendata.config import suppression_k
from cakupan.opendata.suppression import Relation, apply, hidden_cells
from cakupan.participants.left_out import participant_months
from cakupan.participants.services import (
    engine_config,
    known_region_codes,
    participants_dir,
    person_store_parts,
)

MEASURES = ("listed", "active", "not_active", "workers", "active_workers", "workers_not_active")
TOTAL = "*"
Key = tuple[str, str]  # (regency or TOTAL, decile group or TOTAL)


@dataclass(frozen=True)
class PovertyRow:
    regency: str
    group: str  # a decile group, or TOTAL for the regency's (or the list's) total
    cells: dict[str, int | None]  # MEASURES → count, None where hidden

    @property
    def rate(self) -> Fraction | None:
        """Active among the working-age workers listed, where both are shown."""
        workers, active = self.cells.get("workers"), self.cells.get("active_workers")
        if not workers or active is None:
            return None
        return Fraction(active, workers)


@dataclass(frozen=True)
class PovertyTable:
    period: str
    with_work: bool  # the list had age and working: the rate is published
    rows: list[PovertyRow]
    k: int


@dataclass
class PovertyOutcome:
    result: LinkageResult
    table: PovertyTable | None = None

    @property
    def problems(self) -> list[Problem]:
        return self.result.problems


def poverty_table(result: LinkageResult, *, k: int) -> PovertyTable:
    """The engine's cells by regency and decile group, with a total per regency and for the list,
    suppressed as one publication."""
    assert result.cells is not None
    values: dict[tuple[Key, str], int | None] = {}
    counts: dict[Key, dict[str, int]] = {}
    for row in result.cells.to_pylist():
        if row["group"] is None:
            continue
        for key in ((row["regency"], row["group"]), (row["regency"], TOTAL), (TOTAL, TOTAL)):
            cell = counts.setdefault(key, dict.fromkeys(MEASURES, 0))
            cell["listed"] += row["listed"]
            cell["active"] += row["active"]
            cell["not_active"] += row["listed"] - row["active"]
            cell["workers"] += row["workers"]
            cell["active_workers"] += row["active_workers"]
            cell["workers_not_active"] += row["workers"] - row["active_workers"]
    measures = MEASURES if result.with_work else MEASURES[:3]
    for key, cell in counts.items():
        for measure in measures:
            values[(key, measure)] = cell[measure]
    relations: list[Relation[tuple[Key, str]]] = []
    regencies = sorted({key[0] for key in counts if key[0] != TOTAL})
    for key in counts:
        relations.append(Relation(((key, "active"), (key, "not_active")), total=(key, "listed")))
        if result.with_work:
            relations.append(
                Relation(((key, "active_workers"), (key, "workers_not_active")), total=(key, "workers"))
            )
    for measure in measures:
        for regency in regencies:
            groups = tuple(((regency, g), measure) for g in DECILE_GROUPS if (regency, g) in counts)
            relations.append(Relation(groups, total=((regency, TOTAL), measure)))
        relations.append(
            Relation(tuple(((r, TOTAL), measure) for r in regencies), total=((TOTAL, TOTAL), measure))
        )
    shown = apply(values, hidden_cells(values, relations, k=k))
    order = {g: i for i, g in enumerate((*DECILE_GROUPS, TOTAL))}
    keys = sorted(counts, key=lambda key: (key[0] == TOTAL, key[0], order[key[1]]))
    rows = [PovertyRow(key[0], key[1], {m: shown[(key, m)] for m in measures}) for key in keys]
    return PovertyTable(period=result.period, with_work=result.with_work, rows=rows, k=k)


def poverty_linkage_run(
    *,
    list_path: str | os.PathLike[str],
    period: str | None = None,
    pseudonymise_key: bytes | None = None,
    content: bytes | None = None,
    file_name: str | None = None,
) -> PovertyOutcome:
    """Match a poverty list against the participants of `period` (default: the latest month with data)
    and publish the aggregates; the list itself is not kept."""
    months = participant_months()
    month = period or (months[-1] if months else "")
    if not month:
        refused = LinkageResult(file_name=file_name or Path(list_path).name, period="")
        no_data = _("No participant data has been imported yet: import a participants file first.")
        refused.problems.append(Problem(refused.file_name, 0, "", "", no_data))
        return PovertyOutcome(result=refused)
    result = poverty_run(
        list_path=list_path,
        parts=person_store_parts([month]),
        period=month,
        engine=engine_config("duckdb"),
        key=pseudonymise_key,
        work_dir=Path(participants_dir()) / "work",
        file_name=file_name,
        known_codes=known_region_codes,
        translate=_,
        content=content,
    )
    outcome = PovertyOutcome(result=result)
    if result.ok and result.cells is not None:
        outcome.table = poverty_table(result, k=suppression_k())
    return outcome
