"""The models of vulnerable-worker funding and the budget lines (app label `monev`: their tables and audit
entity names are unchanged)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
