"""Figures as supplied by imports, their rollup to every level, targets, and dated configuration."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from cakupan.common.dated import DatedValue

SECTORS = ("total", "formal", "informal")
SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
STATUSES = ("active", "inactive")


class WorkforceFigure(models.Model):
    """The denominator: working population of a region in a month, as supplied."""

    # Found by the key's unique index, whose first column it is: no index of its own to write.
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False)
    period = models.CharField(max_length=7)
    sector = models.CharField(max_length=8)
    workers = models.BigIntegerField()
    source = models.CharField(max_length=200, blank=True)
    batch = models.ForeignKey("imports.ImportBatch", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "period", "sector"], name="workforce_key"),
        ]
        indexes = [models.Index(fields=["period"], name="workforce_period")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.period} {self.sector}: {self.workers}"


class FigureOrigin(models.TextChoices):
    AGGREGATE = "aggregate", _("aggregate file")
    PARTICIPANTS = "participants", _("participant file")


class ParticipationFigure(models.Model):
    """BPJS Ketenagakerjaan participants of a region in a month, by segment and status, as supplied."""

    # Found by the key's unique index, whose first column it is: no index of its own to write.
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False)
    period = models.CharField(max_length=7)
    segment = models.CharField(max_length=5)
    status = models.CharField(max_length=8)
    participants = models.BigIntegerField()
    batch = models.ForeignKey("imports.ImportBatch", on_delete=models.PROTECT, related_name="+")
    # Where the figure came from: an aggregate file, or a participant file's rollup, and then the region
    # that file declared complete and this figure lies in (blank: the file covered only its own villages).
    origin = models.CharField(max_length=12, choices=FigureOrigin.choices, default=FigureOrigin.AGGREGATE)
    covered_by = models.CharField(max_length=13, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period", "segment", "status"], name="participation_key"
            ),
        ]
        indexes = [models.Index(fields=["period"], name="participation_period")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.period} {self.segment}/{self.status}: {self.participants}"


class ParticipantsComplete(models.Model):
    """A participant file's declaration that it covers a region whole in a month: the region counts as
    supplying its participants, its absent parts as 0 (data contract v2, "Partial reporting"). Without a
    row the region is not declared complete."""

    # Found by the key's unique index, whose first column it is: no index of its own to write.
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False)
    period = models.CharField(max_length=7)
    batch = models.ForeignKey("imports.ImportBatch", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "period"], name="participants_complete_key"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.period} complete"


class ParticipationRemoval(models.Model):
    """A participation figure a participant file removed: it lay in a region the file covers (a village it
    has rows for, or a region declared complete) in one of its months, and the file does not repeat it. The
    history beside FigureChange, which keeps the figures that were replaced by a new value."""

    batch = models.ForeignKey("imports.ImportBatch", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7)
    segment = models.CharField(max_length=5)
    status = models.CharField(max_length=8)
    old_value = models.BigIntegerField()
    old_batch = models.ForeignKey("imports.ImportBatch", on_delete=models.PROTECT, related_name="+")
    old_origin = models.CharField(max_length=12, choices=FigureOrigin.choices)

    class Meta:
        indexes = [models.Index(fields=["batch"], name="participation_removal_batch")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.period} {self.segment}/{self.status}: {self.old_value} removed"


class TargetQuerySet(models.QuerySet["Target"]):
    def yearly(self) -> TargetQuerySet:
        """The yearly targets of the `targets` dataset (a letter or regulation), one per region, year and
        indicator: what the indicator library reads as a region's target. Commitments agreed at a meeting
        (no batch) are measured beside them, never read as the year's target."""
        return self.filter(batch__isnull=False)


class Target(models.Model):
    """A target a region is measured against, and a commitment when an office owns it: an indicator, the
    value to reach by a deadline, and where it came from (a letter or regulation, or a meeting). The one
    register of targets and commitments (docs/adr/0006): the `targets` dataset writes the yearly targets
    (with their batch, deadline the end of the year); a meeting adds commitments (no batch, an owner, the
    meeting recorded on the Monev side in `monev.CommitmentSource`). Progress and status are computed from
    the imported figures (`cakupan.monev.commitments`), never typed."""

    class Indicator(models.TextChoices):
        COVERAGE_RATE = "coverage_rate", _("Coverage rate (%)")
        ACTIVE_PARTICIPANTS = "active_participants", _("Active participants")
        VULNERABLE_WORKERS_FUNDED = "vulnerable_workers_funded", _("Vulnerable workers funded")
        NON_ASN_COVERAGE = "non_asn_coverage", _("Non-ASN staff covered (%)")
        REGULATION_ENACTED = "regulation_enacted", _("Regulation enacted")

    PERCENT = (Indicator.COVERAGE_RATE, Indicator.NON_ASN_COVERAGE)

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    indicator = models.CharField(max_length=60, choices=Indicator.choices)
    value = models.DecimalField(max_digits=18, decimal_places=4)
    deadline = models.DateField()
    source = models.CharField(max_length=300, blank=True)
    # The office that owns it (a commitment): every user holding a role in that office sees it as theirs.
    owner = models.ForeignKey(
        "accounts.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The `targets` import batch that wrote it last (None: agreed at a meeting).
    batch = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(db_default=Now())

    objects = TargetQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "indicator"],
                condition=models.Q(batch__isnull=False),
                name="target_key",
            ),
        ]
        indexes = [models.Index(fields=["region", "deadline"], name="target_region_deadline")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.indicator}: {self.value} by {self.deadline}"

    @property
    def percent(self) -> bool:
        return self.indicator in self.PERCENT


class RegionMonth(models.Model):
    """The effective figures of a region in a month after rolling up from the lowest level supplied.

    Derived from the supplied figures by `rollup_refresh` inside the same transaction as every import;
    never edited by hand.
    """

    # Found by the key's unique index, whose first column it is: no index of its own to write.
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    period = models.CharField(max_length=7)
    workers_total = models.BigIntegerField(null=True)
    workers_formal = models.BigIntegerField(null=True)
    workers_informal = models.BigIntegerField(null=True)
    workers_period = models.CharField(max_length=7, blank=True)
    active_pu = models.BigIntegerField(null=True)
    active_bpu = models.BigIntegerField(null=True)
    active_jakon = models.BigIntegerField(null=True)
    active_pmi = models.BigIntegerField(null=True)
    inactive_pu = models.BigIntegerField(null=True)
    inactive_bpu = models.BigIntegerField(null=True)
    inactive_jakon = models.BigIntegerField(null=True)
    inactive_pmi = models.BigIntegerField(null=True)
    participation_supplied = models.BooleanField(default=False)
    children_reporting = models.PositiveIntegerField(default=0)
    children_total = models.PositiveIntegerField(default=0)
    simulated = models.BooleanField(default=False)
    warnings = models.JSONField(default=list)
    # The coverage footprint (rollup.py): participants and workforce over the same regions.
    measured = models.BooleanField(default=False)
    covered_active = models.BigIntegerField(null=True)
    covered_active_pu = models.BigIntegerField(null=True)
    covered_active_bpu = models.BigIntegerField(null=True)
    covered_workers = models.BigIntegerField(null=True)
    covered_workers_formal = models.BigIntegerField(null=True)
    covered_workers_informal = models.BigIntegerField(null=True)
    covered_period_from = models.CharField(max_length=7, blank=True)
    covered_period_to = models.CharField(max_length=7, blank=True)
    covered_sources = models.JSONField(default=list)
    leaves_reporting = models.PositiveIntegerField(default=0)
    leaves_total = models.PositiveIntegerField(default=0)
    footprint = models.JSONField(default=dict)  # leaf code → [active, workers]
    unmeasured = models.JSONField(null=True)  # why there is no rate, when there is none

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "period"], name="region_month_key")]
        indexes = [models.Index(fields=["period", "region"], name="region_month_period")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.period}"


class Parameter(DatedValue):
    """A rate or threshold valid over a span of dates, with its legal basis. Never a constant in code."""

    ADMIN_PLACE = "Indicators › Parameters"

    class Key(models.TextChoices):
        UCJ_TARGET_PCT = "ucj_target_pct", _("Universal Coverage Jamsostek threshold (%)")
        BPU_JKK_MIN_IDR = "bpu_jkk_min_idr", _("Minimum BPU JKK contribution (Rp/month)")
        BPU_JKM_IDR = "bpu_jkm_idr", _("BPU JKM contribution (Rp/month)")
        PROJECTION_WINDOW_MONTHS = "projection_window_months", _("Months of history for the recent pace")
        WORKFORCE_MAX_AGE_MONTHS = (
            "workforce_max_age_months",
            _("Months a workforce figure stays in use for later months"),
        )
        BAND_RENDAH_FROM_PCT = "band_rendah_from_pct", _("Coverage band 'rendah' starts at (%)")
        BAND_SEDANG_FROM_PCT = "band_sedang_from_pct", _("Coverage band 'sedang' starts at (%)")
        BAND_TINGGI_FROM_PCT = "band_tinggi_from_pct", _("Coverage band 'tinggi' starts at (%)")
        INCOMPLETE_BELOW_SHARE_PCT = (
            "incomplete_below_share_pct",
            _("A parent's rate is incomplete below this measured share of its workforce (%)"),
        )
        WORKFORCE_WARN_AGE_MONTHS = (
            "workforce_warn_age_months",
            _("A workforce figure older than this many months carries a warning"),
        )
        # Wage-earner contribution rates, read by the compliance detection (contribution shortfall).
        PU_JKK_RATE_PCT = "pu_jkk_rate_pct", _("PU JKK contribution, lowest risk class (% of wages)")
        PU_JKM_RATE_PCT = "pu_jkm_rate_pct", _("PU JKM contribution (% of wages)")
        PU_JHT_RATE_PCT = "pu_jht_rate_pct", _("PU JHT contribution (% of wages)")
        PU_JP_RATE_PCT = "pu_jp_rate_pct", _("PU JP contribution (% of wages)")
        PU_JP_WAGE_CAP_IDR = "pu_jp_wage_cap_idr", _("PU JP wage cap (Rp/month)")

    key = models.CharField(max_length=60, choices=Key.choices)
    value = models.DecimalField(max_digits=18, decimal_places=6)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "valid_from"], name="parameter_key_from")]
        ordering = ["key", "valid_from"]

    def __str__(self) -> str:
        return f"{self.key}={self.value} from {self.valid_from}"
