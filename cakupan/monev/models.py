"""The Monev register: regulations and the Inpres 2/2021 matrix, Monev meetings with their findings,
recommendations and follow-ups, vulnerable-worker funding, benefits paid, and the documents behind them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cakupan.common.dated import DatedValue

# The models of the sub-domain packages are part of the app's model index (app label `monev`).
from cakupan.monev.outreach.models import Agent as Agent
from cakupan.monev.outreach.models import AgentFigure as AgentFigure
from cakupan.monev.outreach.models import Socialisation as Socialisation


class Document(models.Model):
    """A file kept outside the web root (`DATA_DIR/documents`), served only through a view that checks
    access. Regulation texts are public; follow-up evidence is for roles of the region."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=80, unique=True)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    public = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class Regulation(models.Model):
    """A regional regulation or instruction supporting employment social security."""

    class Kind(models.TextChoices):
        PERDA = "PERDA", _("Regional regulation (Perda)")
        PERGUB = "PERGUB", _("Governor regulation (Pergub)")
        PERBUP = "PERBUP", _("Regent regulation (Perbup)")
        PERWALI = "PERWALI", _("Mayor regulation (Perwali)")
        INSTRUKSI = "INSTRUKSI", _("Instruction (Instruksi)")
        SURAT_EDARAN = "SURAT_EDARAN", _("Circular (Surat Edaran)")
        KEPUTUSAN = "KEPUTUSAN", _("Decree (Keputusan)")

    class Topic(models.TextChoices):
        NON_ASN = "NON_ASN", _("non-ASN staff")
        VULNERABLE = "VULNERABLE", _("vulnerable workers")
        ELECTION = "ELECTION", _("election organisers")
        VILLAGE = "VILLAGE", _("village officials")
        LICENSING = "LICENSING", _("Jamsostek as a licensing requirement")
        BUDGET = "BUDGET", _("budget (APBD)")
        INFORMAL = "INFORMAL", _("informal workers")
        OTHER = "OTHER", _("other")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    number = models.CharField(max_length=100)
    issued_on = models.DateField()
    title = models.CharField(max_length=500)
    topics = models.JSONField(default=list)
    acts_on = models.ManyToManyField("monev.InpresInstruction", blank=True, related_name="regulations")
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region_id", "-issued_on", "number"]
        indexes = [models.Index(fields=["region", "issued_on"], name="regulation_region")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def topic_labels(self) -> list[str]:
        labels = dict(self.Topic.choices)
        return [str(labels.get(t, t)) for t in self.topics]


class InpresInstruction(models.Model):
    """One instruction of Inpres 2/2021 addressed to regional heads (reference data, seeded)."""

    code = models.CharField(max_length=20, unique=True)
    order = models.PositiveSmallIntegerField()
    addressee = models.CharField(max_length=200)
    addressee_id = models.CharField(max_length=200, blank=True)
    text_en = models.CharField(max_length=400)
    text_id = models.CharField(max_length=400)
    legal_basis = models.CharField(max_length=300)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.code

    def text(self, lang: str | None) -> str:
        """The instruction in the reader's language (Indonesian unless English is asked for)."""
        return self.text_en if lang == "en" else self.text_id


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


class CommitmentSource(models.Model):
    """Where a target or commitment (`indicators.Target`, the one register: docs/adr/0006) came from on the
    Monev side: the meeting that agreed it and the regulation that set it. The indicator library, a
    foundation, never reads Monev; this link is Monev's, one row at most per target."""

    target = models.OneToOneField(
        "indicators.Target", primary_key=True, on_delete=models.CASCADE, related_name="monev_source"
    )
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="commitment_sources"
    )
    regulation = models.ForeignKey(
        Regulation, null=True, blank=True, on_delete=models.PROTECT, related_name="commitment_sources"
    )

    class Meta:
        indexes = [models.Index(fields=["meeting"], name="commitment_source_meeting")]

    def __str__(self) -> str:
        return f"{self.target_id} ← meeting {self.meeting_id}, regulation {self.regulation_id}"


class FundingQuerySet(models.QuerySet["VulnerableFunding"]):
    def current(self) -> FundingQuerySet:
        return self.filter(replaced_by=None)


class VulnerableFunding(models.Model):
    """Vulnerable workers whose contributions a budget pays: one row per region, year and funder.
    A later file or entry for the same key replaces the row; the replaced row stays as history."""

    class Funder(models.TextChoices):
        APBD_PROVINSI = "APBD_PROVINSI", _("Provincial budget (APBD provinsi)")
        APBD_KABKOTA = "APBD_KABKOTA", _("Regency/city budget (APBD kabupaten/kota)")
        APBDES = "APBDES", _("Village budget (APBDes)")
        CSR = "CSR", _("Corporate social responsibility (CSR)")
        OTHER = "OTHER", _("Other")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    funder = models.CharField(max_length=16, choices=Funder.choices)
    workers = models.PositiveBigIntegerField()
    months = models.PositiveSmallIntegerField()
    amount_idr = models.PositiveBigIntegerField()
    villages = models.PositiveIntegerField(null=True, blank=True)
    workers_per_village = models.PositiveIntegerField(null=True, blank=True)
    # The first funded month (YYYY-MM), where the file says it (contract v2): with `months` it
    # tells how many funded months are left in a given month.
    start_period = models.CharField(max_length=7, blank=True, db_default="")
    # The import batch (a file or an entry) that wrote the row, and the one that replaced it.
    batch = models.ForeignKey("imports.ImportBatch", on_delete=models.PROTECT, related_name="+")
    replaced_by = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = FundingQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "-year", "funder"]
        indexes = [models.Index(fields=["region", "year", "funder"], name="funding_key")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.funder}: {self.amount_idr}"


class BudgetLineQuerySet(models.QuerySet["BudgetLine"]):
    def current(self) -> BudgetLineQuerySet:
        return self.filter(replaced_by=None)


class BudgetLine(models.Model):
    """What a regional budget allocates, and has realised, for one line of Inpres 2/2021 in a year: the
    one budget register. The vulnerable-workers line's detail is the region's `VulnerableFunding` rows of
    the year (who pays whose contributions). A later file or entry for the same region, year and line
    replaces the row; the replaced row stays as history."""

    class Line(models.TextChoices):
        NON_ASN = "NON_ASN", _("Non-ASN staff")
        ELECTION = "ELECTION", _("Election organisers")
        VULNERABLE = "VULNERABLE", _("Vulnerable workers")
        VILLAGE = "VILLAGE", _("Village officials")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    line = models.CharField(max_length=12, choices=Line.choices)
    allocation_idr = models.PositiveBigIntegerField()
    # Unknown until the budget is spent (or reported): empty, not 0.
    realisation_idr = models.PositiveBigIntegerField(null=True, blank=True)
    # The import batch (a file or an entry) that wrote the row, and the one that replaced it.
    batch = models.ForeignKey("imports.ImportBatch", on_delete=models.PROTECT, related_name="+")
    replaced_by = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "-year", "line"]
        indexes = [models.Index(fields=["region", "year", "line"], name="budget_line_key")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.line}: {self.allocation_idr}"


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
