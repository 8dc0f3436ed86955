"""The Monev register's dated configuration: the Monev parameters and the scorecard weights. The models of
regulations, meetings, funding, targets, benefits, staff coverage, outreach and the semester report live
in their packages and are registered from here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cakupan.common.dated import DatedValue

# The models of the sub-domain packages belong to this app (label `monev`, their tables and audit names
# unchanged): importing their modules here registers them. Re-exported are only the models other apps
# import from here.
from cakupan.monev.benefits.models import BenefitFigure as BenefitFigure
from cakupan.monev.funding.models import VulnerableFunding as VulnerableFunding
from cakupan.monev.meetings.models import FollowUp as FollowUp
from cakupan.monev.meetings.models import Meeting as Meeting
from cakupan.monev.outreach import models as outreach_models  # noqa: F401
from cakupan.monev.regulations.models import Document as Document
from cakupan.monev.regulations.models import InpresInstruction as InpresInstruction
from cakupan.monev.regulations.models import Regulation as Regulation
from cakupan.monev.staff.models import StaffCoverage as StaffCoverage
from cakupan.monev.summary.models import AddresseeReport as AddresseeReport
from cakupan.monev.targets import models as targets_models  # noqa: F401


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
