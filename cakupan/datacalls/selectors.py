"""Reads of data calls for a user, region scope applied here.

Who sees a call: the readers of its host region's Monev records see all of it; a reader of one of the
regions asked (an invited province's officer, a regency's office) sees it with only the rows of their
regions. Who answers it: for each dataset, whoever imports it for the region asked (the dataset's
capabilities in the import registry), unless they are the host (may write Monev records for the host
region) — the host asks, the others answer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cakupan.accounts import access
from cakupan.accounts.models import RoleAssignment
from cakupan.accounts.roles import NATIONAL_ROLES, ROLE_CAPS, Cap, Role
from cakupan.core.codes import NATIONAL
from cakupan.datacalls.models import DataCall
from cakupan.datacalls.status import Cell, Status, call_cells
from cakupan.imports import registry
from cakupan.imports.selectors import import_scope
from cakupan.monev.meetings.selectors import can_read_meeting
from cakupan.monev.models import Meeting
from cakupan.monev.selectors import records_scope
from cakupan.regions.models import Region
from cakupan.regions.scope import RegionScope


def requestable_datasets() -> list[registry.Dataset]:
    """The datasets a call may ask for: those with figures by region and month (a `period` column)."""
    return [
        d
        for d in registry.datasets()
        if d.reader != "geojson"
        and any(c.kind == "region" for c in d.columns)
        and any(c.name == "period" and c.kind == "period" for c in d.columns)
    ]


def dataset_label(name: str) -> str:
    try:
        return str(registry.get(name).label)
    except KeyError:
        return name


def answering_roles(dataset: str) -> list[str]:
    """The roles (their labels) whose holders answer a call for the dataset: those importing it, regional
    roles only (a national role that may import everything is not asked)."""
    caps = set(registry.get(dataset).capabilities)
    return [
        str(Role(role).label)
        for role, held in ROLE_CAPS.items()
        if role not in NATIONAL_ROLES and caps & held
    ]


def is_host(user: Any, call: DataCall) -> bool:
    """May act as the call's host: write Monev records for its host region."""
    return access.can(user, Cap.WRITE_MONEV, call.region_id)


def is_host_of_meeting(user: Any, meeting: Meeting) -> bool:
    return access.can(user, Cap.WRITE_MONEV, meeting.region_id)


def is_recipient(user: Any, call: DataCall, *, region_code: str, dataset: str) -> bool:
    return import_scope(user, dataset).covers(region_code) and not is_host(user, call)


def recipients(call: DataCall, *, region_code: str, dataset: str) -> list[Any]:
    """The active users asked for the dataset's figures of the region (see `is_recipient`), by name."""
    caps = set(registry.get(dataset).capabilities)
    roles = [role for role, held in ROLE_CAPS.items() if caps & held]
    parts = region_code.split(".")
    above = [NATIONAL, *(".".join(parts[: i + 1]) for i in range(len(parts)))]
    holders = (
        RoleAssignment.objects.filter(role__in=roles, user__is_active=True)
        .filter(Q(region_id__in=above) | Q(office__regions__code__in=above))
        .select_related("user")
    )
    users = {a.user_id: a.user for a in holders}.values()
    found = [u for u in users if is_recipient(u, call, region_code=region_code, dataset=dataset)]
    return sorted(found, key=lambda u: u.get_username())


def data_call_list(user: Any, *, meeting: Meeting | None = None) -> QuerySet[DataCall]:
    """Calls hosted in the user's scope or asking a region of it."""
    scope = records_scope(user)
    qs = DataCall.objects.select_related("meeting", "region")
    if scope.is_empty:
        return qs.none()
    if not scope.everything:
        asked = DataCall.objects.filter(scope.q("regions")).values("pk")
        qs = qs.filter(scope.q("region") | Q(pk__in=asked))
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    return qs


def data_call_get(user: Any, *, pk: int) -> DataCall:
    call = data_call_list(user).filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


def visible_regions(user: Any, call: DataCall) -> list[Region]:
    """The regions asked whose rows the user sees: all of them for the host's readers, else their own."""
    regions = list(call.regions.order_by("code"))
    scope = records_scope(user)
    if scope.covers(call.region_id):
        return regions
    return [r for r in regions if scope.covers(r.code)]


def meeting_choices(user: Any) -> QuerySet[Meeting]:
    """Meetings the user may call data for (hosts them), not yet held."""
    where = access.scope(user, Cap.WRITE_MONEV)
    return Meeting.objects.filter(where.q("region"), held_on__gte=timezone.localdate()).select_related(
        "region"
    )


def regions_to_ask(meeting: Meeting) -> QuerySet[Region]:
    """The regions a call for the meeting may ask: its invited regions and the regions just below its host."""
    invited = list(meeting.other_regions.values_list("code", flat=True))
    return Region.objects.filter(Q(code__in=invited) | Q(parent_id=meeting.region_id)).order_by("code")


@dataclass
class Column:
    dataset: str
    label: str
    period: str


@dataclass
class Row:
    region: Region
    cells: list[Cell]
    # For the host: who is asked for the region's figures, and the datasets nobody is asked for.
    asked_of: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)


@dataclass
class CallTable:
    call: DataCall
    columns: list[Column]
    rows: list[Row]
    counts: dict[str, int]  # status → cells
    can_accept: bool
    whole: bool  # the user sees every region asked

    @property
    def outstanding(self) -> int:
        return self.counts.get(Status.REQUESTED, 0) + self.counts.get(Status.LATE, 0)


def data_call_table(user: Any, call: DataCall, *, today: date | None = None) -> CallTable:
    """The call's regions (those the user sees) × its datasets and months, each cell with its status."""
    today = today or timezone.localdate()
    regions = visible_regions(user, call)
    cells = call_cells(call, regions=regions, today=today)
    per_row = len(call.datasets) * len(call.periods)
    rows = [Row(region, cells[i * per_row : (i + 1) * per_row]) for i, region in enumerate(regions)]
    host = is_host(user, call)
    if host:
        for row in rows:
            for dataset in call.datasets:
                asked = recipients(call, region_code=row.region.code, dataset=dataset)
                if not asked:
                    row.unanswered.append(dataset_label(dataset))
                row.asked_of += [
                    n for n in (u.get_full_name() or u.get_username() for u in asked) if n not in row.asked_of
                ]
    columns = [Column(d, dataset_label(d), p) for d in call.datasets for p in call.periods]
    return CallTable(
        call=call,
        columns=columns,
        rows=rows,
        counts=dict(Counter(str(c.status) for c in cells)),
        can_accept=host,
        whole=len(regions) == call.regions.count(),
    )


@dataclass(frozen=True)
class Request:
    """What a call asks of one user for one region and dataset: the months still outstanding."""

    call: DataCall
    region: Region
    dataset: str
    periods: list[str]
    late: bool


def requests_for_user(user: Any, *, today: date, limit: int = 50) -> list[Request]:
    """The data asked of the user and not yet submitted, while the meeting is ahead (or today)."""
    scopes: dict[str, RegionScope] = {d.name: import_scope(user, d.name) for d in requestable_datasets()}
    scopes = {name: scope for name, scope in scopes.items() if not scope.is_empty}
    if not scopes:
        return []
    where = RegionScope()
    for scope in scopes.values():
        where = where.union(scope)
    calls = (
        DataCall.objects.filter(meeting__held_on__gte=today)
        .filter(Q(pk__in=DataCall.objects.filter(where.q("regions")).values("pk")))
        .select_related("meeting", "region")
        .order_by("due_on", "pk")
    )
    found: list[Request] = []
    for call in calls[: limit * 2]:
        if is_host(user, call):
            continue
        asked = [r for r in call.regions.order_by("code") if any(s.covers(r.code) for s in scopes.values())]
        outstanding: dict[tuple[str, str], list[Cell]] = {}
        for cell in call_cells(call, regions=asked, today=today):
            theirs = scopes.get(cell.dataset)
            if cell.outstanding and theirs is not None and theirs.covers(cell.region.code):
                outstanding.setdefault((cell.region.code, cell.dataset), []).append(cell)
        for cells in outstanding.values():
            found.append(
                Request(
                    call=call,
                    region=cells[0].region,
                    dataset=cells[0].dataset,
                    periods=[c.period for c in cells],
                    late=any(c.status == Status.LATE for c in cells),
                )
            )
        if len(found) >= limit:
            break
    return found[:limit]


def meeting_data_calls(user: Any, *, meeting: Meeting) -> list[CallTable]:
    """The meeting's calls, as the user sees them (for the meeting page)."""
    if not can_read_meeting(user, meeting):
        return []
    today = timezone.localdate()
    return [data_call_table(user, call, today=today) for call in data_call_list(user, meeting=meeting)]
