"""The benefits paid (app label `monev`: the table and audit entity name are unchanged)."""

from __future__ import annotations

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


class BenefitQuerySet(models.QuerySet["BenefitFigure"]):
    def current(self) -> BenefitQuerySet:
        return self.filter(replaced_by=None)


class BenefitFigure(models.Model):
    """Claims paid in a region and month for one program. Replaced rows stay as history."""

    class Program(models.TextChoices):
        JKK = "JKK", "JKK"
        JKM = "JKM", "JKM"
        JHT = "JHT", "JHT"
        JP = "JP", "JP"
        JKP = "JKP", "JKP"
        BEASISWA = "BEASISWA", _("Scholarships (beasiswa)")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7)
    program = models.CharField(max_length=10, choices=Program.choices)
    claims = models.PositiveBigIntegerField()
    amount_idr = models.PositiveBigIntegerField()
    # The import batch (a file or an entry) that wrote the row, and the one that replaced it.
    batch = models.ForeignKey("imports.ImportBatch", on_delete=models.PROTECT, related_name="+")
    replaced_by = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = BenefitQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "period", "program"]
        indexes = [models.Index(fields=["region", "period"], name="benefit_region_period")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.period} {self.program}: {self.claims}"
