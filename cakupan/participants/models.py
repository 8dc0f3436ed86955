"""Participant-level work: the record of each microdata rollup, its counts per program, and the lists
matched against the participants. Only keyed NIK hashes are stored, never a raw NIK."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipantsIngest(models.Model):
    """One participants file rolled up and stored: where the figures came from.

    The participation figures themselves go through the import pipeline (`batch`, None when they were
    all unchanged); the counts per program are `ProgramFigure`s. The hash-only copy of the file that list
    matching reads is kept under the data directory (`stored_file`, relative to it)."""

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size_bytes = models.BigIntegerField()
    rows = models.BigIntegerField()
    engine = models.CharField(max_length=10)
    pseudonymised = models.BooleanField(default=False)
    periods = models.JSONField(default=list)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    batch = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    program_figures_written = models.PositiveIntegerField(default=0)
    stored_file = models.CharField(max_length=300)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d})"


class ProgramFigure(models.Model):
    """Participants of a region in a month with a program (JKK, JKM, JHT, JP, JKP), by status."""

    # Found by the key's unique index, whose first column it is: no index of its own to write.
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False)
    period = models.CharField(max_length=7)
    program = models.CharField(max_length=5)
    status = models.CharField(max_length=8)
    participants = models.BigIntegerField()
    ingest = models.ForeignKey(ParticipantsIngest, on_delete=models.PROTECT, related_name="program_figures")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period", "program", "status"], name="program_figure_key"
            )
        ]
        indexes = [models.Index(fields=["period", "region"], name="program_figure_period")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.period} {self.program}/{self.status}: {self.participants}"


class MatchList(models.Model):
    """A list (non-ASN staff, vulnerable workers, the poverty registry…) matched against the participants
    of a month. Its members are personal data: kept as keyed hashes, shown masked, to few roles."""

    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    members_count = models.PositiveIntegerField()
    matched_count = models.PositiveIntegerField()
    pseudonymised = models.BooleanField(default=False)
    ingest = models.ForeignKey(ParticipantsIngest, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.region_id}, {self.period})"


class MatchMember(models.Model):
    """One person on a list: the keyed hash of their NIK and the segment they are active in (blank: not an
    active participant in the list's month)."""

    match_list = models.ForeignKey(MatchList, on_delete=models.CASCADE, related_name="members")
    nik_hash = models.CharField(max_length=64)
    region_code = models.CharField(max_length=13)
    agency = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=200, blank=True)
    segment = models.CharField(max_length=5, blank=True)

    class Meta:
        indexes = [models.Index(fields=["match_list", "region_code"], name="match_member_list_region")]

    def __str__(self) -> str:
        return f"{self.nik_hash[:8]}… {self.region_code}"


class PovertyLinkage(models.Model):
    """A poverty list (DTSEN, P3KE: `poverty_list`) matched against the participants of a month. Only the
    aggregates are kept (`PovertyCell`): the list's hashes went with the run's scratch folder."""

    name = models.CharField(_("name"), max_length=200)
    period = models.CharField(max_length=7)
    file_name = models.CharField(max_length=255)
    listed = models.BigIntegerField()
    with_work = models.BooleanField(default=False)  # the list had age and working: a rate is published
    k = models.PositiveSmallIntegerField()  # the suppression threshold the published cells were made with
    simulated = models.BooleanField(default=False)  # the participant data of the month is simulated
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["period", "-created_at"], name="poverty_linkage_period")]

    def __str__(self) -> str:
        return f"{self.name} ({self.period})"


class PovertyCell(models.Model):
    """One published row of a linkage: a regency, a province or the whole list ("00"), and a decile group
    ("1-4", "5" … "10", or "*" for all). The counts as computed, and as published (`shown`: measure →
    count, null where hidden by the suppression of the whole publication)."""

    linkage = models.ForeignKey(PovertyLinkage, on_delete=models.CASCADE, related_name="cells")
    area = models.CharField(max_length=13)
    group = models.CharField(max_length=4)
    listed = models.BigIntegerField()
    active = models.BigIntegerField()
    workers = models.BigIntegerField()
    active_workers = models.BigIntegerField()
    shown = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["linkage", "area", "group"], name="poverty_cell_key"),
        ]

    def __str__(self) -> str:
        return f"{self.linkage_id} {self.area} {self.group}"
