"""The addressees' half-yearly reports and the ministry's narrative (app label `monev`: the tables and audit
entity names are unchanged)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cakupan.monev.funding.models import VulnerableFunding as VulnerableFunding
from cakupan.monev.meetings.models import FollowUp as FollowUp
from cakupan.monev.meetings.models import Meeting as Meeting
from cakupan.monev.outreach import models as outreach_models  # noqa: F401
from cakupan.monev.regulations.models import Document as Document
from cakupan.monev.regulations.models import InpresInstruction as InpresInstruction
from cakupan.monev.regulations.models import Regulation as Regulation
from cakupan.monev.targets import models as targets_models  # noqa: F401


class AddresseeReport(models.Model):
    """What an addressee of Inpres 2/2021 (a minister, a head of agency, a governor, a regent or a mayor)
    reported for a half-year, for the coordinating ministry's six-monthly report to the President."""

    class Kind(models.TextChoices):
        MINISTER = "MINISTER", _("Minister")
        AGENCY_HEAD = "AGENCY_HEAD", _("Head of agency")
        GOVERNOR = "GOVERNOR", _("Governor")
        REGENT = "REGENT", _("Regent")
        MAYOR = "MAYOR", _("Mayor")

    REGIONAL = (Kind.GOVERNOR, Kind.REGENT, Kind.MAYOR)

    kind = models.CharField(max_length=12, choices=Kind.choices)
    addressee = models.CharField(max_length=300)
    # The governor's province or the regent's/mayor's regency; the nation for ministers and agencies.
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    half = models.PositiveSmallIntegerField()
    text = models.TextField()
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-half", "kind", "addressee", "id"]
        indexes = [models.Index(fields=["year", "half"], name="addressee_report_semester")]

    def __str__(self) -> str:
        return f"{self.year}-{self.half} {self.addressee}"


class SemesterNarrative(models.Model):
    """The coordinating ministry's own words in a six-monthly report: obstacles and recommendations."""

    year = models.PositiveSmallIntegerField()
    half = models.PositiveSmallIntegerField()
    obstacles = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "half"], name="semester_narrative_key")]

    def __str__(self) -> str:
        return f"{self.year}-{self.half}"
