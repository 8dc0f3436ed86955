"""The Monev register's models: benefits paid, non-ASN staff coverage, the dated Monev parameters and
scorecard weights, and the addressees' reports with the semester narrative; the models of regulations,
meetings, funding, targets and outreach live in their packages and are registered from here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cakupan.common.dated import DatedValue

# The models of the sub-domain packages belong to this app (label `monev`, their tables and audit names
# unchanged): importing their modules here registers them. Re-exported are only the models other apps
# import from here.
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


class MonevParameter(DatedValue):
    """A tolerance or weight of the Monev register valid over a span of dates, with its basis."""

    ADMIN_PLACE = "Monev › Monev parameters"

    class Key(models.TextChoices):
        FUNDING_TOLERANCE_PCT = (
            "funding_tolerance_pct",
            _("Funding check: allowed difference from workers × months × minimum contribution (%)"),
        )
        SCORECARD_GAIN_FULL_POINTS = (
            "scorecard_gain_full_points",
            _("Scorecard: coverage gain in a year (points) that earns the full score"),
        )
        COMMITMENT_PACE_MONTHS = (
            "commitment_pace_months",
            _("Commitments: months over which the recent pace is measured"),
        )
        COMMITMENT_AT_RISK_PCT = (
            "commitment_at_risk_pct",
            _("Commitments: shortfall of the projection still on track (% of the target)"),
        )
        SCORECARD_MIN_COVERED_WEIGHT_PCT = (
            "scorecard_min_covered_weight_pct",
            _("Scorecard: share of the weight with data below which a region is not ranked (%)"),
        )

    key = models.CharField(max_length=60, choices=Key.choices)
    value = models.DecimalField(max_digits=18, decimal_places=6)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "valid_from"], name="monev_parameter_key_from")]
        ordering = ["key", "valid_from"]

    def __str__(self) -> str:
        return f"{self.key}={self.value} from {self.valid_from}"


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


class ScorecardWeight(DatedValue):
    """The weight of one aspect of the Monev scorecard, valid over a span of dates, with its basis. The aspect
    is any registered aspect's weight key, Monev's own or another app's."""

    KEY_FIELDS = ("aspect",)
    VALUE_FIELD = "weight"
    ADMIN_PLACE = "Monev › Scorecard weights"

    # A plain key: the weight key of an aspect in the scorecard's registry (cakupan.monev.scorecard.aspects,
    # which monev and the apps that own an aspect register into); the admin form offers those keys only.
    aspect = models.CharField(max_length=30)
    weight = models.DecimalField(max_digits=8, decimal_places=4)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["aspect", "valid_from"], name="scorecard_weight_key")]
        ordering = ["aspect", "valid_from"]

    def __str__(self) -> str:
        return f"{self.aspect}={self.weight} from {self.valid_from}"


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
