"""The models of Monev meetings, their items, follow-ups, attendance and signatories (app label `monev`: their
tables and audit entity names are unchanged)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cakupan.monev.regulations.models import Document


class Meeting(models.Model):
    """A Monev meeting about a region: who came, what was on the agenda, what it found and decided."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    # Other regions discussed at a joint meeting; who may read the meeting follows `region`, the host.
    other_regions = models.ManyToManyField("regions.Region", blank=True, related_name="+")
    held_on = models.DateField()
    place = models.CharField(max_length=300)
    institutions = models.TextField(help_text="Institutions present, one a line")
    agenda = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["region", "held_on"], name="meeting_region")]

    def __str__(self) -> str:
        return f"Monev {self.region_id} {self.held_on}"

    def institution_list(self) -> list[str]:
        return [line.strip() for line in self.institutions.splitlines() if line.strip()]


class MeetingSignatories(models.Model):
    """Who signs the minutes (notulen) of a meeting: the chair and the secretary. Place and date of the
    signature are the meeting's."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="signatories")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    chair_name = models.CharField(max_length=200)
    chair_position = models.CharField(max_length=200)
    secretary_name = models.CharField(max_length=200)
    secretary_position = models.CharField(max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.chair_name} / {self.secretary_name}"


class Attendee(models.Model):
    """An agency invited to a meeting: who it sent (position, optionally the person's name), whether it
    came, and whether the one who came is the head of region (kepala daerah) in person."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    agency = models.CharField(max_length=200)
    position = models.CharField(max_length=200, blank=True)
    person_name = models.CharField(max_length=200, blank=True)
    attended = models.BooleanField(default=False)
    head_of_region = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting_id", "-head_of_region", "agency", "id"]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.agency} {self.position}"


class MeetingItem(models.Model):
    """A finding or a recommendation of a meeting."""

    class Kind(models.TextChoices):
        FINDING = "FINDING", _("Finding")
        RECOMMENDATION = "RECOMMENDATION", _("Recommendation")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.TextField()

    class Meta:
        ordering = ["meeting_id", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class FollowUp(models.Model):
    """An action a meeting agreed: who does it, by when, how far it is, and the evidence."""

    class Status(models.TextChoices):
        OPEN = "OPEN", _("Open")
        IN_PROGRESS = "IN_PROGRESS", _("In progress")
        DONE = "DONE", _("Done")
        DROPPED = "DROPPED", _("Dropped")

    CLOSED = (Status.DONE, Status.DROPPED)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    recommendation = models.ForeignKey(
        MeetingItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    action = models.TextField()
    responsible = models.CharField(max_length=300)
    # The office that owns it: every user holding a role in that office sees it as theirs.
    owner = models.ForeignKey(
        "accounts.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(null=True, blank=True)
    evidence_note = models.TextField(blank=True)
    evidence = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["region", "status", "due_on"], name="followup_region_status")]

    def __str__(self) -> str:
        return f"{self.responsible}: {self.action[:40]}"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED
