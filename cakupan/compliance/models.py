"""Employer compliance: the employer register with each period's position, the dated rules that detect
non-compliance, the findings, and the cases that follow an employer from detection to sanction."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cakupan.accounts.roles import Role
from cakupan.common.dated import DatedValue
from cakupan.core.vocabulary import PROGRAMS


class SizeClass(models.TextChoices):
    MICRO = "MICRO", _("micro")
    SMALL = "SMALL", _("small")
    MEDIUM = "MEDIUM", _("medium")
    LARGE = "LARGE", _("large")


class Rule(models.TextChoices):
    """The non-compliance codes (domain.md §7)."""

    PDS_TK = "PDS_TK", _("PDS-TK: only some workers registered")
    PDS_UPAH = "PDS_UPAH", _("PDS-Upah: wages under-reported")
    PDS_PROGRAM = "PDS_PROGRAM", _("PDS-Program: mandatory programs missing")
    PWBD = "PWBD", _("PWBD: workers reported, none registered")


def rule_labels(codes: list[str]) -> list[str]:
    """The rules' labels in the reader's language (a code no longer known is shown as it is)."""
    labels = dict(Rule.choices)
    return [str(labels.get(code, code)) for code in codes]


class Employer(models.Model):
    """An employer, identified by its NPP (BPJS employer number) and/or NIB (business id)."""

    class IdKind(models.TextChoices):
        NPP = "NPP", "NPP"
        NIB = "NIB", "NIB"

    # The employer_id of the data contract, as first supplied (upper case, no spaces): the import key.
    key = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=3, choices=IdKind.choices)
    npp = models.CharField(max_length=20, blank=True, db_index=True)
    nib = models.CharField(max_length=13, blank=True, db_index=True)
    name = models.CharField(max_length=200)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    latest_period = models.CharField(max_length=7, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "key"]
        indexes = [models.Index(fields=["region", "name"], name="employer_region_name")]
        # One employer per NPP and per NIB: the licensing check must answer for the right one.
        constraints = [
            models.UniqueConstraint(fields=["npp"], condition=~models.Q(npp=""), name="employer_npp_unique"),
            models.UniqueConstraint(fields=["nib"], condition=~models.Q(nib=""), name="employer_nib_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"


class EmployerPosition(models.Model):
    """What an employer reported and what it registered with BPJS Ketenagakerjaan, at the end of a month."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="positions")
    period = models.CharField(max_length=7)
    reported_workers = models.BigIntegerField()
    registered_workers = models.BigIntegerField()
    reported_wages_idr = models.BigIntegerField()
    registered_wages_idr = models.BigIntegerField()
    programs = models.CharField(max_length=40, blank=True, help_text="Registered programs, e.g. JKK;JKM;JHT")
    batch = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="positions"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employer", "period"], name="employer_position_key")]
        ordering = ["-period"]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.period}"

    @property
    def program_list(self) -> list[str]:
        return [p for p in self.programs.split(";") if p]


class PositionChange(models.Model):
    """A position a later file (or a correction) replaced: the history behind every current position."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="changes")
    period = models.CharField(max_length=7)
    before = models.JSONField()
    after = models.JSONField()
    batch = models.ForeignKey(
        "imports.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="position_changes",
    )
    old_batch = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.period} changed"


class Setting(DatedValue):
    """A detection threshold, tolerance, deadline or limit, valid over a span of dates."""

    ADMIN_PLACE = "Compliance › Settings"

    class Key(models.TextChoices):
        PDS_TK_ON = "pds_tk_on", _("PDS-TK detection on (1) or off (0)")
        PDS_UPAH_ON = "pds_upah_on", _("PDS-Upah detection on (1) or off (0)")
        PDS_PROGRAM_ON = "pds_program_on", _("PDS-Program detection on (1) or off (0)")
        PWBD_ON = "pwbd_on", _("PWBD detection on (1) or off (0)")
        WAGE_TOLERANCE_PCT = (
            "wage_tolerance_pct",
            _("PDS-Upah tolerance: registered wages may fall short by (%)"),
        )
        SMALL_FROM_WORKERS = "small_from_workers", _("Small employer from (workers)")
        MEDIUM_FROM_WORKERS = "medium_from_workers", _("Medium employer from (workers)")
        LARGE_FROM_WORKERS = "large_from_workers", _("Large employer from (workers)")
        OPEN_DAYS = "open_days", _("Working days to issue the first warning after detection")
        WARNING_DAYS = "warning_days", _("Working days a written warning lasts")
        INSPECTION_DAYS = "inspection_days", _("Working days from the inspection note to the referral")
        RECHECK_MONTHS = "recheck_months", _("Months from the referral to the re-check")
        ACT_DAYS = "act_days", _("Working days to take the next step once it is possible")
        EVIDENCE_MAX_MB = "evidence_max_mb", _("Largest evidence file (MB)")
        LETTER_MAX_AGE_DAYS = (
            "letter_max_age_days",
            _("Days a step's letter may be dated before the day the step is recorded"),
        )

    key = models.CharField(max_length=40, choices=Key.choices)
    value = models.DecimalField(max_digits=18, decimal_places=4)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "valid_from"], name="compliance_setting_key")]
        ordering = ["key", "valid_from"]

    def __str__(self) -> str:
        return f"{self.key}={self.value} from {self.valid_from}"


class ProgramRequirement(DatedValue):
    """A program that is mandatory for employers of a size class over a span of dates (the row's existence
    is the value)."""

    KEY_FIELDS = ("size_class", "program")
    VALUE_FIELD = None
    ADMIN_PLACE = "Compliance › Program requirements"

    size_class = models.CharField(max_length=6, choices=SizeClass.choices)
    program = models.CharField(max_length=3, choices=[(p, p) for p in PROGRAMS])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["size_class", "program", "valid_from"], name="program_requirement_key"
            )
        ]
        ordering = ["size_class", "program", "valid_from"]

    def __str__(self) -> str:
        return f"{self.program} for {self.size_class} from {self.valid_from}"


class Holiday(models.Model):
    """A national holiday or collective leave day for a year the `lokal-id` package does not cover
    (or a change to one it does). Maintained by the administrator."""

    class Kind(models.TextChoices):
        NATIONAL = "libur_nasional", _("national holiday")
        COLLECTIVE_LEAVE = "cuti_bersama", _("collective leave")

    date = models.DateField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    legal_basis = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class Finding(models.Model):
    """What the rules detect in an employer's latest position; recomputed by every detection run."""

    employer = models.OneToOneField(Employer, on_delete=models.CASCADE, related_name="finding")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7)
    rules = models.CharField(max_length=60)  # e.g. "PDS_TK;PDS_UPAH"
    size_class = models.CharField(max_length=6, choices=SizeClass.choices)
    reported_workers = models.BigIntegerField()
    registered_workers = models.BigIntegerField()
    worker_shortfall = models.BigIntegerField()
    wage_shortfall_idr = models.BigIntegerField()
    missing_programs = models.CharField(max_length=40, blank=True)
    contribution_shortfall_idr = models.BigIntegerField()
    detected_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["region", "contribution_shortfall_idr"], name="finding_region_short")]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.period} {self.rules}"

    @property
    def rule_list(self) -> list[str]:
        return [r for r in self.rules.split(";") if r]

    @property
    def rule_labels(self) -> list[str]:
        return rule_labels(self.rule_list)

    @property
    def rule_names(self) -> list[str]:
        """The rules' short names (PDS-TK, PDS-Upah, …) for a table cell; the label's part before ":"."""
        return [label.split(":")[0] for label in self.rule_labels]


class Case(models.Model):
    """One employer's way through the enforcement chain. Its status changes only in `transitions.py`."""

    class Status(models.TextChoices):
        DETECTED = "DETECTED", _("Detected")
        WARNING_1 = "WARNING_1", _("First written warning")
        WARNING_2 = "WARNING_2", _("Second written warning")
        INSPECTION_NOTE = "INSPECTION_NOTE", _("Inspection note")
        REFERRED = "REFERRED", _("Referred to the licensing office (TMP2T)")
        RECHECK_DUE = "RECHECK_DUE", _("Re-check due")
        CLOSED_COMPLIANT = "CLOSED_COMPLIANT", _("Closed as compliant")
        SANCTIONED = "SANCTIONED", _("Sanction imposed")
        LIFTED = "LIFTED", _("Sanction lifted")

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="cases")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DETECTED)
    status_since = models.DateTimeField()
    # The next step is possible from `next_from` (a warning must run its course first) and due by
    # `due_date`; past it the case is overdue.
    next_from = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    rules = models.CharField(max_length=60)
    period = models.CharField(max_length=7)
    registered_workers_at_open = models.BigIntegerField()
    worker_shortfall_at_open = models.BigIntegerField()
    contribution_shortfall_at_open_idr = models.BigIntegerField()
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sanctioned_on = models.DateField(null=True, blank=True)
    sanction_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer"],
                condition=~models.Q(status__in=["CLOSED_COMPLIANT", "LIFTED"]),
                name="one_open_case_per_employer",
            )
        ]
        indexes = [models.Index(fields=["region", "status", "due_date"], name="case_region_status_due")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.employer_id} {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.CLOSED_COMPLIANT, self.Status.LIFTED)

    @property
    def rule_list(self) -> list[str]:
        return [r for r in self.rules.split(";") if r]

    @property
    def rule_labels(self) -> list[str]:
        return rule_labels(self.rule_list)

    @property
    def rule_names(self) -> list[str]:
        """The rules' short names (PDS-TK, PDS-Upah, …) for a table cell; the label's part before ":"."""
        return [label.split(":")[0] for label in self.rule_labels]


class CaseEvent(models.Model):
    """One step of a case, written with the status change in the same transaction. Append-only."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=20, blank=True, choices=Case.Status.choices)
    to_status = models.CharField(max_length=20, choices=Case.Status.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_label = models.CharField(max_length=150)
    by_role = models.CharField(max_length=40, blank=True)
    note = models.TextField()
    # The letter of the step (warning, inspection note, referral, …): its deadlines count from its date,
    # not from the day it was entered. Empty on events that are no step (a region corrected).
    letter_number = models.CharField(max_length=100, blank=True)
    letter_date = models.DateField(null=True, blank=True)
    next_from = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"case {self.case_id}: {self.from_status or '-'} → {self.to_status}"

    @property
    def by_role_label(self) -> str:
        return str(Role(self.by_role).label) if self.by_role in Role.values else self.by_role


class Evidence(models.Model):
    """A file attached to a case step, stored outside the web root and served only through a view."""

    event = models.ForeignKey(CaseEvent, on_delete=models.PROTECT, related_name="evidence")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence")
    file_name = models.CharField(max_length=200)
    # The step's letter itself, not other evidence: the licensing office sees the referral and lifting
    # letters (and the sanction it signed), never the evidence.
    is_letter = models.BooleanField(default=False)
    stored_name = models.CharField(max_length=80, unique=True)
    content_type = models.CharField(max_length=40)
    size_bytes = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file_name
