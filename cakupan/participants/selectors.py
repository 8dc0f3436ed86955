"""Reads of the participants app. Lists follow the region scope of `view_restricted`; their members are
shown, masked, only to whoever uploaded the list and to national administrators."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from cakupan.accounts import access
from cakupan.accounts.roles import Cap, Role
from cakupan.analytics.schema import SEGMENTS
from cakupan.opendata.config import suppression_k
from cakupan.opendata.suppression import Relation, apply, hidden_cells
from cakupan.participants.models import MatchList, MatchMember
from cakupan.regions.models import Region

ACCESS_LOG = logging.getLogger("cakupan.participants.access")
COLUMNS = ("listed", "matched", "not_matched", *SEGMENTS)


def match_list_list(user: Any) -> QuerySet[MatchList]:
    where = access.scope(user, Cap.VIEW_RESTRICTED)
    qs = MatchList.objects.select_related("region")
    if where.is_empty:
        return qs.none()
    return qs if where.everything else qs.filter(where.q("region"))


def match_list_get(user: Any, *, pk: int) -> MatchList | None:
    return match_list_list(user).filter(pk=pk).first()


def match_members_visible(user: Any, match_list: MatchList) -> bool:
    """The member list (masked) is for the uploader of the list and national administrators only."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return match_list.uploaded_by_id == user.pk or Role.NATIONAL_ADMIN in access.roles(user)


@dataclass(frozen=True)
class MatchRow:
    region_code: str
    region_name: str
    agency: str
    category: str
    cells: dict[str, int | None]  # COLUMNS → count, None where suppressed


@dataclass(frozen=True)
class MatchTable:
    rows: list[MatchRow]
    totals: dict[str, int | None]
    k: int


def match_table(match_list: MatchList) -> MatchTable:
    """How many members are active participants, by region, agency and category (rows) and segment,
    as published: counts from 1 to k − 1 hidden, and the cells that would give them away too."""
    counts: dict[tuple[str, str, str], dict[str, int]] = {}
    grouped = (
        MatchMember.objects.filter(match_list=match_list)
        .values_list("region_code", "agency", "category", "segment")
        .annotate(n=Count("id"))
        .order_by()
    )
    for region, agency, category, segment, n in grouped:
        row = counts.setdefault((region, agency, category), dict.fromkeys(COLUMNS, 0))
        row["listed"] += n
        if segment:
            row["matched"] += n
            row[segment] += n
        else:
            row["not_matched"] += n
    k = suppression_k()
    shown, totals = _suppressed(counts, k)
    names = dict(Region.objects.filter(code__in={key[0] for key in counts}).values_list("code", "name"))
    rows = [
        MatchRow(
            region_code=key[0], region_name=names.get(key[0], ""), agency=key[1], category=key[2], cells=cells
        )
        for key, cells in shown.items()
    ]
    return MatchTable(rows=rows, totals=totals, k=k)


# The totals row of a match table: a row of the same publication, suppressed with the others.
TOTAL: tuple[str, str, str] = ("", "", "*")
RowKey = tuple[str, str, str]
MatchCell = tuple[RowKey, str]


def _rank(cell: MatchCell) -> int:
    """`listed` and `matched` are hidden last: the shares a reader wants are taken of them."""
    return 1 if cell[1] in ("listed", "matched") else 0


def _suppressed(
    counts: dict[RowKey, dict[str, int]], k: int
) -> tuple[dict[RowKey, dict[str, int | None]], dict[str, int | None]]:
    """The rows and the totals row suppressed as one publication: within each row, listed = matched +
    not matched and matched = the sum of the segments; down each column, the rows add up to the totals
    row. The number of members listed is published with the list (it is no count of participants), so
    the totals row's `listed` is a known total, not a cell to hide. (Publishing the totals on their own
    let a reader subtract: listed 20, active 15 → not active 5.)"""
    keys = sorted(counts)
    totals = {column: sum(counts[key][column] for key in keys) for column in COLUMNS}
    values: dict[MatchCell, int | None] = {}
    for key in [*keys, TOTAL]:
        row = totals if key == TOTAL else counts[key]
        for column in COLUMNS:
            if (key, column) != (TOTAL, "listed"):
                values[(key, column)] = row[column]
    relations: list[Relation[MatchCell]] = []
    for key in keys:
        relations.append(Relation(((key, "matched"), (key, "not_matched")), total=(key, "listed")))
    relations.append(Relation(((TOTAL, "matched"), (TOTAL, "not_matched"))))  # add up to the list's size
    for key in [*keys, TOTAL]:
        relations.append(Relation(tuple((key, segment) for segment in SEGMENTS), total=(key, "matched")))
    for column in COLUMNS:
        members = tuple((key, column) for key in keys)
        relations.append(
            Relation(members) if column == "listed" else Relation(members, total=(TOTAL, column))
        )
    shown = apply(values, hidden_cells(values, relations, k=k, rank=_rank))
    rows = {key: {column: shown[(key, column)] for column in COLUMNS} for key in keys}
    published = {column: shown.get((TOTAL, column)) for column in COLUMNS}
    return rows, published | {"listed": totals["listed"]}


def match_member_list(
    match_list: MatchList, *, user: Any, via: str, matched: bool | None = None
) -> QuerySet[MatchMember]:
    """The members of a list. Every read is logged (who, which list, from where): personal data."""
    ACCESS_LOG.info(
        "match members read: list=%s region=%s user=%s via=%s",
        match_list.pk,
        match_list.region_id,
        getattr(user, "pk", None),
        via,
    )
    qs = match_list.members.order_by("region_code", "agency", "nik_hash")
    if matched is True:
        qs = qs.exclude(segment="")
    elif matched is False:
        qs = qs.filter(segment="")
    return qs
