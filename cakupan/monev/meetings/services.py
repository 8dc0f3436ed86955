"""Writing Monev meetings, their items, follow-ups, attendance and signatories: keyword-only services, each in
a transaction, checking the writer's role."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.monev.meetings.models import Attendee, FollowUp, Meeting, MeetingItem, MeetingSignatories
from cakupan.monev.regulations.services import document_store
from cakupan.monev.selectors import require_writer
from cakupan.regions.models import Region


@transaction.atomic
def meeting_create(
    *,
    region: Region,
    held_on: date,
    place: str,
    institutions: str,
    agenda: str,
    by: Any,
    other_regions: Iterable[Region] = (),
) -> Meeting:
    require_writer(by, region.code)
    meeting = Meeting.objects.create(
        region=region, held_on=held_on, place=place, institutions=institutions, agenda=agenda, created_by=by
    )
    others = [r for r in other_regions if r.code != region.code]
    if others:
        meeting.other_regions.set(others)
    return meeting


@transaction.atomic
def meeting_item_add(*, meeting: Meeting, kind: str, text: str, by: Any) -> MeetingItem:
    require_writer(by, meeting.region_id)
    return MeetingItem.objects.create(meeting=meeting, region_id=meeting.region_id, kind=kind, text=text)


@transaction.atomic
def follow_up_create(
    *,
    meeting: Meeting,
    action: str,
    responsible: str,
    due_on: date,
    recommendation: MeetingItem | None,
    by: Any,
    owner: Any = None,
) -> FollowUp:
    """`owner`: the accounts.Office that owns it (its users see it as theirs), or None."""
    require_writer(by, meeting.region_id)
    if recommendation is not None and recommendation.meeting_id != meeting.pk:
        raise ValidationError(_("The recommendation belongs to another meeting."))
    return FollowUp.objects.create(
        meeting=meeting,
        region_id=meeting.region_id,
        recommendation=recommendation,
        action=action,
        responsible=responsible,
        due_on=due_on,
        owner=owner,
    )


@transaction.atomic
def follow_up_update(
    *,
    follow_up: FollowUp,
    status: str,
    done_on: date | None,
    evidence_note: str,
    evidence: UploadedFile | None,
    by: Any,
) -> FollowUp:
    """Move a follow-up on; done needs the day it was done (today when not given)."""
    require_writer(by, follow_up.region_id)
    follow_up.status = status
    if status == FollowUp.Status.DONE:
        follow_up.done_on = done_on or timezone.localdate()
    else:
        follow_up.done_on = None
    follow_up.evidence_note = evidence_note
    if evidence is not None:
        region = Region.objects.get(code=follow_up.region_id)
        follow_up.evidence = document_store(upload=evidence, region=region, public=False, by=by)
    follow_up.save()
    return follow_up


@transaction.atomic
def attendee_add(
    *,
    meeting: Meeting,
    agency: str,
    position: str,
    person_name: str,
    attended: bool,
    head_of_region: bool,
    by: Any,
) -> Attendee:
    """An invited agency, and whether it came; the head of region in person only counts when present."""
    require_writer(by, meeting.region_id)
    return Attendee.objects.create(
        meeting=meeting,
        region_id=meeting.region_id,
        agency=agency,
        position=position,
        person_name=person_name,
        attended=attended,
        head_of_region=head_of_region and attended,
    )


@transaction.atomic
def attendee_update(*, attendee: Attendee, attended: bool, head_of_region: bool, by: Any) -> Attendee:
    require_writer(by, attendee.region_id)
    attendee.attended = attended
    attendee.head_of_region = head_of_region and attended
    attendee.save(update_fields=["attended", "head_of_region"])
    return attendee


@transaction.atomic
def attendee_remove(*, attendee: Attendee, by: Any) -> None:
    """An invitee entered by mistake (the audit trail keeps what it was)."""
    require_writer(by, attendee.region_id)
    attendee.delete()


@transaction.atomic
def meeting_signatories_set(
    *,
    meeting: Meeting,
    chair_name: str,
    chair_position: str,
    secretary_name: str,
    secretary_position: str,
    by: Any,
) -> MeetingSignatories:
    require_writer(by, meeting.region_id)
    signatories, _created = MeetingSignatories.objects.update_or_create(
        meeting=meeting,
        defaults={
            "region_id": meeting.region_id,
            "chair_name": chair_name,
            "chair_position": chair_position,
            "secretary_name": secretary_name,
            "secretary_position": secretary_position,
        },
    )
    return signatories
