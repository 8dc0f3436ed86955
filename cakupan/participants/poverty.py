"""Poverty linkage published: a `poverty_list` (DTSEN, P3KE) matched against the participants of the month
asked, at regency level and above only, deciles 1–4 grouped, small counts hidden so that none is
recovered by subtraction. Nothing of the list is stored: the engine's scratch copy goes with the run and
only these aggregates come back, and are kept (`PovertyLinkage`, `PovertyCell`).

One linkage is one publication: its regencies, their provinces and the whole list, each by decile group
and in all, suppressed together, so that every page, answer and download that shows a part of it (a
province's regencies, the nation's provinces) shows cells of the same suppressed table and no sum across
them gives a hidden cell away."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.analytics.problems import Problem
from cakupan.core.codes import NATIONAL
from cakupan.opendata.config import suppression_k
from cakupan.opendata.intervals import narrow_cells
from cakupan.opendata.suppression import Relation, apply, determined, hidden_cells, is_sensitive
from cakupan.participants.left_out import participant_months
from cakupan.participants.models import PovertyCell, PovertyLinkage
from cakupan.regions.models import Region

if TYPE_CHECKING:
    from cakupan.analytics.poverty import LinkageResult

# The engine (ibis, DuckDB, pyarrow) is imported where a list is matched: the region page, the reports and
# the open data read only the stored cells, and this module is imported at start-up (issue 20 §2).

MEASURES = ("listed", "active", "not_active", "workers", "active_workers", "workers_not_active")
COUNTED = ("listed", "active", "workers", "active_workers")  # stored; the others are differences
TOTAL = "*"  # all decile groups (in `group`); the whole list (in `area`, for the table of a run)
Key = tuple[str, str]  # (area: regency, province or TOTAL; decile group or TOTAL)
# A hidden complement is taken first among the counts no rate needs.
RANK = {"not_active": 0, "workers_not_active": 0, "listed": 1, "active": 2, "workers": 2, "active_workers": 3}


def _decile_groups() -> tuple[str, ...]:
    """The engine's decile groups, poorest first ("1-4", "5", …, "10")."""
    from cakupan.analytics.poverty import DECILE_GROUPS

    return DECILE_GROUPS


def unplaced(province: str) -> str:
    """The area of list members keyed at province level only (no regency): `53.00`, never a regency."""
    return f"{province}.00"


@dataclass(frozen=True)
class PovertyRow:
    area: str  # a regency (53.71), a province (53), or TOTAL for the whole list
    group: str  # a decile group, or TOTAL for all of them
    cells: dict[str, int | None]  # MEASURES → count, None where hidden

    @property
    def regency(self) -> str:
        return self.area

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
    counts: dict[Key, dict[str, int]] | None = None  # the counts as computed (for storing)


@dataclass
class PovertyOutcome:
    result: LinkageResult
    table: PovertyTable | None = None
    linkage: PovertyLinkage | None = None

    @property
    def problems(self) -> list[Problem]:
        return self.result.problems


def _province(regency: str) -> str:
    return regency[:2]


def poverty_table(result: LinkageResult, *, k: int, modular: bool = True) -> PovertyTable:
    """The engine's cells by regency and decile group, with their provinces and the whole list, each in
    all groups too, suppressed as one publication: by subtables (`modular_hidden`), or with `modular=False`
    over the whole table at once (the method before, slow beyond a few dozen regencies)."""
    assert result.cells is not None
    counts: dict[Key, dict[str, int]] = {}
    for row in result.cells.to_pylist():
        if row["group"] is None:
            continue
        regency = row["regency"] if len(row["regency"]) > 2 else unplaced(row["regency"])
        province = _province(regency)
        for area in (regency, province, TOTAL):
            for group in (row["group"], TOTAL):
                cell = counts.setdefault((area, group), dict.fromkeys(MEASURES, 0))
                cell["listed"] += row["listed"]
                cell["active"] += row["active"]
                cell["not_active"] += row["listed"] - row["active"]
                cell["workers"] += row["workers"]
                cell["active_workers"] += row["active_workers"]
                cell["workers_not_active"] += row["workers"] - row["active_workers"]
    measures = MEASURES if result.with_work else MEASURES[:3]
    values: dict[tuple[Key, str], int | None] = {
        (key, measure): cell[measure] for key, cell in counts.items() for measure in measures
    }
    if modular:
        hidden = modular_hidden(counts, values, measures, k=k)
    else:
        hidden = hidden_cells(values, relations(counts, measures), k=k, rank=_rank)
    shown = apply(values, hidden)
    order = {g: i for i, g in enumerate((*_decile_groups(), TOTAL))}
    keys = sorted(counts, key=lambda key: (key[0] == TOTAL, key[0], order[key[1]]))
    rows = [PovertyRow(key[0], key[1], {m: shown[(key, m)] for m in measures}) for key in keys]
    return PovertyTable(period=result.period, with_work=result.with_work, rows=rows, k=k, counts=counts)


def _rank(cell: tuple[Key, str]) -> int:
    (_area, group), measure = cell
    return RANK[measure] + (4 if group == TOTAL else 0)


def _rank_below(cell: tuple[Key, str]) -> int:
    """In a province's subtable, the province's own cells (shown in the nation's subtable) come last."""
    return _rank(cell) + (8 if len(cell[0][0]) == 2 else 0)


def modular_hidden(
    counts: dict[Key, Any], values: dict[tuple[Key, str], int | None], measures: Iterable[str], *, k: int
) -> frozenset[tuple[Key, str]]:
    """The cells to hide, found by subtables (modular suppression, as τ-ARGUS's HiTaS, ADR 0009) rather
    than over the whole table at once, whose linear programs link every hidden cell through the province
    and national totals and grow much faster than the table.

    The subtables: the nation's provinces by group (with the national totals), and each province's
    regencies by group (with the province's totals); each is suppressed by `hidden_cells`. Top down: the
    cells hidden in the nation's subtable are imposed on each province's (its total rows); a province's
    subtable hides one of its province's cells only when nothing else protects it (`_rank_below`), and
    then that cell is imposed on the nation's subtable, which is suppressed again, and so on until
    nothing changes (hidden cells only grow, so it ends). Last, the whole table is audited as
    `hidden_cells` audits it (no hidden cell determined by all the published sums together, every primary
    cell's interval at least k over the whole table), cheaply by `_audit_holds`; where that does not pass,
    `hidden_cells` runs over the whole table with every cell found imposed and hides more, so the
    guarantee is that of the whole table."""
    measures = tuple(measures)
    areas = sorted({area for area, _group in counts})
    provinces = [a for a in areas if len(a) == 2]
    below = {p: {a for a in areas if len(a) > 2 and a != TOTAL and _province(a) == p} for p in provinces}

    def subtable(keep: set[str]) -> tuple[dict[tuple[Key, str], int | None], list[Relation[tuple[Key, str]]]]:
        part = {key: cell for key, cell in counts.items() if key[0] in keep}
        sub_values = {cell: value for cell, value in values.items() if cell[0][0] in keep}
        return sub_values, [r for r in relations(part, measures) if r.members]

    national_values, national_relations = subtable({*provinces, TOTAL})
    parts = {p: subtable({p, *below[p]}) for p in provinces}
    done: dict[tuple[str, frozenset[tuple[Key, str]]], frozenset[tuple[Key, str]]] = {}
    imposed: set[tuple[Key, str]] = set()
    while True:
        national = hidden_cells(national_values, national_relations, k=k, rank=_rank, imposed=imposed)
        hidden = set(national)
        for province in provinces:
            from_above = frozenset(c for c in national if c[0][0] == province)
            if (province, from_above) not in done:
                sub_values, sub_relations = parts[province]
                done[(province, from_above)] = hidden_cells(
                    sub_values, sub_relations, k=k, rank=_rank_below, imposed=from_above
                )
            hidden |= done[(province, from_above)]
        grown = {c for c in hidden if c[0][0] in provinces and c not in national}
        if not grown:
            break
        imposed |= grown
    whole = relations(counts, measures)
    if _audit_holds(values, whole, hidden, provinces, k=k):
        return frozenset(hidden)  # what `hidden_cells` would return with them imposed, found faster
    return hidden_cells(values, whole, k=k, rank=_rank, imposed=hidden)


def _audit_holds(
    values: dict[tuple[Key, str], int | None],
    whole: list[Relation[tuple[Key, str]]],
    hidden: set[tuple[Key, str]],
    provinces: list[str],
    *,
    k: int,
) -> bool:
    """Whether the audit of `hidden_cells` over the whole table passes, shown cheaply: no hidden count
    determined (the elimination over every relation), and every primary cell's interval at least k wide
    in a linear program over the hidden cells of its province's subtable and the nation's only, every
    other hidden cell held at its value (holding cells fixed only narrows an interval, so an interval k
    wide there is k wide over the whole table), and the few cells narrow there over every hidden cell
    linked to them. False sends the table to the whole-table `hidden_cells`, which hides more."""
    if any(values[c] for c in determined(values, hidden, whole)):
        return False
    touching: dict[tuple[Key, str], list[Relation[tuple[Key, str]]]] = {}
    for relation in whole:
        for cell in (*relation.members, *((relation.total,) if relation.total is not None else ())):
            touching.setdefault(cell, []).append(relation)
    primary = [
        c for c in values if c in hidden and is_sensitive(values[c], k) and not _small(c, touching, values, k)
    ]
    national = {c for c in hidden if c[0][0] == TOTAL or c[0][0] in provinces}
    doubtful: list[tuple[Key, str]] = []  # narrow there: solved over every hidden cell linked to them
    for province in (TOTAL, *provinces):
        near = national | {c for c in hidden if len(c[0][0]) > 2 and _province(c[0][0]) == province}
        cells = [
            c for c in primary if c[0][0] == province or (len(c[0][0]) > 2 and _province(c[0][0]) == province)
        ]
        if not cells:
            continue
        linked = list({id(r): r for c in near for r in touching.get(c, [])}.values())
        doubtful.extend(narrow_cells(values, near, linked, cells, k=k))
    return not doubtful or not narrow_cells(values, hidden, whole, doubtful, k=k)


def _small(
    cell: tuple[Key, str],
    touching: dict[tuple[Key, str], list[Relation[tuple[Key, str]]]],
    values: dict[tuple[Key, str], int | None],
    k: int,
) -> bool:
    """A member of a sum of less than k, which no suppression protects (as `hidden_cells` leaves it)."""
    for relation in touching.get(cell, []):
        if relation.total == cell:
            continue
        total = values[relation.total] if relation.total is not None else None
        if (total if total is not None else sum(values[m] or 0 for m in relation.members)) < k:
            return True
    return False


def relations(counts: dict[Key, Any], measures: Iterable[str]) -> list[Relation[tuple[Key, str]]]:
    """Every sum a reader sees: active and not active make the listed (and so for the workers), the
    groups make an area's total, the regencies their province and the provinces the whole list."""
    measures = tuple(measures)
    found: list[Relation[tuple[Key, str]]] = []
    for key in counts:
        found.append(Relation(((key, "active"), (key, "not_active")), total=(key, "listed")))
        if "workers" in measures:
            found.append(
                Relation(((key, "active_workers"), (key, "workers_not_active")), total=(key, "workers"))
            )
    areas = sorted({area for area, _group in counts})
    provinces = [a for a in areas if len(a) == 2]
    regencies = [a for a in areas if len(a) > 2 and a != TOTAL]
    deciles = _decile_groups()
    groups = [g for g in (*deciles, TOTAL)]
    for measure in measures:
        for area in areas:
            members = tuple(((area, g), measure) for g in deciles if (area, g) in counts)
            found.append(Relation(members, total=((area, TOTAL), measure)))
        for group in groups:
            for province in provinces:
                below = tuple(
                    ((r, group), measure)
                    for r in regencies
                    if _province(r) == province and (r, group) in counts
                )
                if (province, group) in counts:
                    found.append(Relation(below, total=((province, group), measure)))
            national = tuple(((p, group), measure) for p in provinces if (p, group) in counts)
            if (TOTAL, group) in counts:
                found.append(Relation(national, total=((TOTAL, group), measure)))
    return found


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
    from cakupan.analytics.poverty import LinkageResult, poverty_run
    from cakupan.participants.services import (
        engine_config,
        known_region_codes,
        participants_dir,
        person_store_parts,
    )

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


def poverty_linkage_create(
    *,
    name: str,
    list_path: str | os.PathLike[str],
    user: Any | None,
    period: str | None = None,
    pseudonymise_key: bytes | None = None,
    content: bytes | None = None,
    file_name: str | None = None,
    actor: str = "",
) -> PovertyOutcome:
    """Match a poverty list against the participants of `period` and keep its published aggregates (and
    nothing of the list) as a `PovertyLinkage`; with problems nothing is kept."""
    outcome = poverty_linkage_run(
        list_path=list_path,
        period=period,
        pseudonymise_key=pseudonymise_key,
        content=content,
        file_name=file_name,
    )
    if outcome.table is not None:
        outcome.linkage = _store(outcome, name=name, user=user, actor=actor)
    return outcome


@transaction.atomic
def _store(outcome: PovertyOutcome, *, name: str, user: Any | None, actor: str) -> PovertyLinkage:
    from cakupan.participants.services import latest_ingest

    table = outcome.table
    assert table is not None and table.counts is not None
    ingest = latest_ingest(table.period)
    linkage = PovertyLinkage.objects.create(
        name=name[:200],
        period=table.period,
        file_name=outcome.result.file_name[:255],
        listed=outcome.result.listed,
        with_work=table.with_work,
        k=table.k,
        simulated=bool(ingest is not None and ingest.batch is not None and ingest.batch.simulated),
        uploaded_by=user if getattr(user, "pk", None) else None,
        actor=actor or (getattr(user, "username", "") if user is not None else "") or "cli",
    )
    PovertyCell.objects.bulk_create(
        PovertyCell(
            linkage=linkage,
            area=NATIONAL if row.area == TOTAL else row.area,
            group=row.group,
            **{m: table.counts[(row.area, row.group)][m] for m in COUNTED},
            shown=row.cells,
        )
        for row in table.rows
    )
    return linkage


# Reading what is published ---------------------------------------------------------------------------


def poverty_linkages(user: Any, *, code: str, period: str | None = None) -> list[PovertyLinkage]:
    """The linkages with published figures of the region (newest first), for a reader who may see it."""
    if not access.can(user, Cap.VIEW_RESTRICTED, code):
        return []
    found = PovertyLinkage.objects.filter(cells__area=code)
    if period:
        found = found.filter(period=period)
    return list(found.distinct().order_by("-period", "-created_at", "-id")[:200])


@dataclass(frozen=True)
class PovertyLine:
    """A region's published row of a linkage by decile group (or all)."""

    code: str
    name: str
    group: str
    cells: dict[str, int | None]

    @property
    def rate(self) -> Fraction | None:
        workers, active = self.cells.get("workers"), self.cells.get("active_workers")
        if not workers or active is None:
            return None
        return Fraction(active, workers)

    @property
    def percent(self) -> Fraction | None:
        """The rate in percent, for display."""
        rate = self.rate
        return rate * 100 if rate is not None else None


@dataclass(frozen=True)
class PovertySummary:
    """A linkage as published for a region: its rows by decile group (and all), and the regions one level
    below (a province's regencies, the nation's provinces) in deciles 1–4 and in all."""

    linkage: PovertyLinkage
    region: Region
    groups: list[PovertyLine]
    children: list[tuple[PovertyLine | None, PovertyLine | None]]  # (deciles 1–4, all) per region below

    @property
    def poorest(self) -> PovertyLine | None:
        return next((line for line in self.groups if line.group == _decile_groups()[0]), None)

    @property
    def everyone(self) -> PovertyLine | None:
        return next((line for line in self.groups if line.group == TOTAL), None)


def poverty_region_summary(
    user: Any, *, code: str, period: str | None = None, linkage_id: int | None = None
) -> PovertySummary | None:
    """The latest poverty linkage (of `period`, or the one asked) as published for region `code` (the
    nation, a province or a regency: never below), for a reader who may see the region; None when there is
    none. For the region page, the reports and the six-monthly national report."""
    region = Region.objects.filter(code=code).first()
    if region is None or region.level > 2 or not access.can(user, Cap.VIEW_RESTRICTED, code):
        return None
    linkages = PovertyLinkage.objects.filter(cells__area=code)
    if linkage_id is not None:
        linkages = linkages.filter(pk=linkage_id)
    if period:
        linkages = linkages.filter(period=period)
    linkage = linkages.order_by("-period", "-created_at", "-id").first()
    if linkage is None:
        return None
    return poverty_summary_of(linkage, region)


def poverty_summary_of(linkage: PovertyLinkage, region: Region) -> PovertySummary:
    """A linkage's published rows for a region and the regions below it (no access check: callers check)."""
    deciles = _decile_groups()
    order = {g: i for i, g in enumerate((*deciles, TOTAL))}
    own = sorted(linkage.cells.filter(area=region.code), key=lambda c: order.get(c.group, 99))
    groups = [PovertyLine(region.code, region.name, c.group, c.shown) for c in own]
    children: list[tuple[PovertyLine | None, PovertyLine | None]] = []
    if region.level < 2:
        prefix = "" if region.code == NATIONAL else f"{region.code}."
        length = 2 if region.code == NATIONAL else 5
        below = [
            c
            for c in linkage.cells.filter(group__in=(deciles[0], TOTAL), area__startswith=prefix)
            if len(c.area) == length and c.area != NATIONAL
        ]
        names = dict(Region.objects.filter(code__in={c.area for c in below}).values_list("code", "name"))
        by_area: dict[str, dict[str, PovertyLine]] = {}
        for c in below:
            name = names.get(c.area) or _("Not placed in a regency")
            by_area.setdefault(c.area, {})[c.group] = PovertyLine(c.area, name, c.group, c.shown)
        for area in sorted(by_area):
            children.append((by_area[area].get(deciles[0]), by_area[area].get(TOTAL)))
    return PovertySummary(linkage=linkage, region=region, groups=groups, children=children)


def poverty_public_summary(*, code: str, period: str | None = None) -> PovertySummary | None:
    """The latest linkage as open data publishes it (suppressed, regency level and above, for everyone)."""
    region = Region.objects.filter(code=code).first()
    if region is None or region.level > 2:
        return None
    linkages = PovertyLinkage.objects.filter(cells__area=code)
    if period:
        linkages = linkages.filter(period=period)
    linkage = linkages.order_by("-period", "-created_at", "-id").first()
    return poverty_summary_of(linkage, region) if linkage is not None else None
