"""Writing targets and commitments: keyword-only services, each in a transaction, checking the writer's
role."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.imports.models import ImportBatch
from cakupan.imports.services import import_commit
from cakupan.indicators.models import Target
from cakupan.monev.meetings.models import Meeting
from cakupan.monev.regulations.models import Regulation
from cakupan.monev.selectors import require_writer
from cakupan.monev.targets.models import CommitmentSource
from cakupan.regions.models import Region


@transaction.atomic
def commitment_create(
    *,
    meeting: Meeting,
    region: Region,
    indicator: str,
    value: Decimal,
    deadline: date,
    owner: Any,
    source: str,
    by: Any,
) -> Target:
    """A commitment agreed at a meeting for the host region or one of its invited regions, owned by an
    office (accounts.Office) or by nobody yet: a target of the one register (no batch), the meeting kept
    as its Monev source."""
    require_writer(by, meeting.region_id)
    invited = meeting.other_regions.filter(pk=region.pk).exists()
    if region.pk != meeting.region_id and not invited:
        raise ValidationError(_("The region is neither the meeting's host nor one of its invited regions."))
    if indicator not in Target.Indicator.values:
        raise ValidationError(_("Unknown indicator %(name)s.") % {"name": indicator})
    if value <= 0:
        raise ValidationError(_("The target value must be above 0."))
    if indicator in Target.PERCENT and value > 100:
        raise ValidationError(_("A percentage target is at most 100."))
    if deadline < meeting.held_on:
        raise ValidationError(_("The deadline is before the meeting."))
    target = Target.objects.create(
        region=region,
        indicator=indicator,
        value=value,
        year=meeting.held_on.year,
        deadline=deadline,
        source=source,
        owner=owner,
        created_by=by,
    )
    CommitmentSource.objects.create(target=target, region=region, meeting=meeting)
    return target


@transaction.atomic
def target_enter(
    *,
    region: Region,
    year: int,
    indicator: str,
    value: Decimal,
    source: str,
    regulation: Regulation | None,
    by: Any,
) -> Any:
    """Enter or revise one target the way the `targets` import writes it (the previous value is kept in
    imports.FigureChange, the batch audited): a one-row file through validation and import_commit.
    Returns the validation (with its problems) when the row is refused, else the import batch or None."""
    from cakupan.imports.validation import validate_file

    require_writer(by, region.code, Cap.IMPORT_TARGETS)
    if regulation is not None and regulation.region_id != region.code:
        raise ValidationError(_("The regulation belongs to another region."))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("region_code", "year", "indicator", "value", "source"))
    writer.writerow((region.code, year, indicator, format(value, "f"), source))
    content = buffer.getvalue().encode("utf-8")
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    validation = validate_file(
        dataset_name="targets",
        file_name=f"entry-{region.code}-{year}-{indicator}-{stamp}.csv",
        content=content,
        scope=access.scope(by, Cap.IMPORT_TARGETS) if by is not None else None,
    )
    if not validation.ok:
        return validation
    batch, _plan = import_commit(validation=validation, by=by, source=ImportBatch.Source.WEB)
    target = Target.objects.yearly().get(region=region, year=year, indicator=indicator)
    link = CommitmentSource.objects.filter(target=target).first()
    if link is None and regulation is not None:
        CommitmentSource.objects.create(target=target, region=region, regulation=regulation)
    elif link is not None and regulation is None and link.meeting_id is None:
        link.delete()
    elif link is not None and link.regulation_id != (regulation.pk if regulation else None):
        link.regulation = regulation
        link.save()
    return batch
