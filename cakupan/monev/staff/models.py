"""Non-ASN staff coverage (app label `monev`: the table and audit entity name are unchanged)."""

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


class StaffCoverage(models.Model):
    """Non-ASN government workers, village officials or election organisers of one agency (OPD, village
    government, election body) in a region and month: how many there are and how many are covered."""

    class Group(models.TextChoices):
        NON_ASN = "NON_ASN", _("Non-ASN staff")
        VILLAGE = "VILLAGE", _("Village officials")
        ELECTION = "ELECTION", _("Election organisers")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7)
    group = models.CharField(max_length=10, choices=Group.choices)
    agency = models.CharField(max_length=200)
    staff = models.PositiveIntegerField()
    covered = models.PositiveIntegerField()
    source = models.CharField(max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region_id", "group", "agency", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period", "group", "agency"], name="staff_coverage_key"
            ),
            models.CheckConstraint(
                condition=models.Q(covered__lte=models.F("staff")), name="staff_covered_le_staff"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.period} {self.group} {self.agency}: {self.covered}/{self.staff}"
