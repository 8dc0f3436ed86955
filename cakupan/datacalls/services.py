"""Writes of data calls: the host asks, and accepts what was submitted. Each in a transaction, audited by
the audit trail's model signals."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.core.periods import PeriodError, of_date, parse_period
from cakupan.datacalls.models import DataCall, DataCallAcceptance
from cakupan.datacalls.selectors import requestable_datasets
from cakupan.datacalls.status import Status, call_cells
from cakupan.monev.models import Meeting
from cakupan.regions.models import Region

MAX_PERIODS = 24


def _require_host(user: Any, region_code: str) -> None:
    if user is not None and not access.can(user, Cap.WRITE_MONEV, region_code):
        raise PermissionDenied(_("Only the meeting's host may call for data or accept it."))


def _months(periods: Iterable[str], today: date) -> list[str]:
    months = []
    for raw in periods:
        try:
            months.append(parse_period(raw))
        except PeriodError:
            raise ValidationError(_("A month is written YYYY-MM: %(value)s.") % {"value": raw[:20]}) from None
    months = sorted(set(months))
    if not months:
        raise ValidationError(_("Choose at least one month."))
    if len(months) > MAX_PERIODS:
        raise ValidationError(_("A call asks for at most %(n)d months.") % {"n": MAX_PERIODS})
    if months[-1] > of_date(today):
        raise ValidationError(_("A month after this one has no figures yet."))
    return months


@transaction.atomic
def data_call_create(
    *,
    meeting: Meeting,
    regions: Iterable[Region],
    datasets: Iterable[str],
    periods: Iterable[str],
    due_on: date,
    note: str = "",
    by: Any,
) -> DataCall:
    """Ask regions for datasets and months before a meeting. The regions asked are the meeting's invited
    regions or regions below its host; the due date falls between today and the meeting."""
    _require_host(by, meeting.region_id)
    today = timezone.localdate()
    regions = list({r.code: r for r in regions}.values())
    if not regions:
        raise ValidationError(_("Choose at least one region to ask."))
    invited = set(meeting.other_regions.values_list("code", flat=True))
    host = meeting.region_id
    for region in regions:
        if region.code == host:
            raise ValidationError(_("The host does not ask itself for data."))
        if region.code not in invited and not region.code.startswith(host + ".") and host != "00":
            raise ValidationError(
                _("%(region)s is neither invited to the meeting nor below its host.")
                % {"region": region.name}
            )
    known = [d.name for d in requestable_datasets()]
    chosen = list(dict.fromkeys(datasets))
    unknown = [d for d in chosen if d not in known]
    if unknown or not chosen:
        raise ValidationError(_("Choose datasets among: %(names)s.") % {"names": ", ".join(known)})
    months = _months(periods, today)
    if due_on < today:
        raise ValidationError(_("The due date has passed."))
    if due_on > meeting.held_on:
        raise ValidationError(
            _("The data is due before the meeting, on %(day)s or earlier.") % {"day": meeting.held_on}
        )
    call = DataCall.objects.create(
        meeting=meeting,
        region_id=host,
        datasets=chosen,
        periods=months,
        due_on=due_on,
        note=note,
        created_by=by,
    )
    call.regions.set(regions)
    return call


@transaction.atomic
def data_call_accept(
    *, call: DataCall, region: Region, dataset: str, period: str, by: Any
) -> DataCallAcceptance:
    """The host accepts the figures a region submitted for one dataset and month. Accepting twice keeps
    the first acceptance."""
    _require_host(by, call.region_id)
    if (
        not call.regions.filter(pk=region.pk).exists()
        or dataset not in call.datasets
        or period not in call.periods
    ):
        raise ValidationError(_("The call does not ask for that region, dataset and month."))
    done = DataCallAcceptance.objects.filter(
        data_call=call, region=region, dataset=dataset, period=period
    ).first()
    if done is not None:
        return done
    cell = next(
        c
        for c in call_cells(call, regions=[region], today=timezone.localdate())
        if c.dataset == dataset and c.period == period
    )
    if cell.status != Status.SUBMITTED:
        raise ValidationError(_("Nothing has been submitted for it yet."))
    return DataCallAcceptance.objects.create(
        data_call=call, region=region, dataset=dataset, period=period, batch_id=cell.batch_id, accepted_by=by
    )
