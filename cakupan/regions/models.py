from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A Kemendagri region, or the national aggregate `00`. The code (dotted) is the key everywhere."""

    class Level(models.IntegerChoices):
        NATIONAL = 0, _("National")
        PROVINCE = 1, _("Province")
        REGENCY = 2, _("Regency/city")
        DISTRICT = 3, _("District")
        VILLAGE = 4, _("Village")

    class Kind(models.TextChoices):
        NASIONAL = "nasional", _("national")
        PROVINSI = "provinsi", _("province")
        KABUPATEN = "kabupaten", _("regency")
        KOTA = "kota", _("city")
        KECAMATAN = "kecamatan", _("district")
        DISTRIK = "distrik", _("district (Papua)")
        DESA = "desa", _("village")
        KELURAHAN = "kelurahan", _("urban village")
        DESA_ADAT = "desa_adat", _("customary village")

    code = models.CharField(max_length=13, primary_key=True)
    name = models.CharField(max_length=120)
    level = models.PositiveSmallIntegerField(choices=Level.choices, db_index=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code_system = models.CharField(max_length=16, default="kemendagri")
    code_version = models.CharField(max_length=40, default="300.2.2-2138/2025")

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "code"], name="region_parent_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_national(self) -> bool:
        return self.level == self.Level.NATIONAL

    def ancestors(self) -> list[Region]:
        """From the national aggregate down to the parent."""
        chain: list[Region] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class RegionCrosswalk(models.Model):
    """A BPS code read as a Kemendagri code from a month on, as imported (`region_crosswalk`): how a file
    keyed by BPS regency codes without names is read. A later file for the same code and month replaces
    the row and keeps it, marked by the batch that replaced it."""

    kode_bps = models.CharField(max_length=10)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    valid_from = models.CharField(max_length=7, help_text="First month, YYYY-MM")
    source = models.CharField(max_length=300, blank=True)
    batch = models.ForeignKey("imports.ImportBatch", on_delete=models.PROTECT, related_name="+")
    replaced_by = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["kode_bps", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kode_bps", "valid_from"],
                condition=models.Q(replaced_by__isnull=True),
                name="regioncrosswalk_current_unique",
            )
        ]

    def __str__(self) -> str:
        return f"BPS {self.kode_bps} → {self.region_id} ({self.valid_from})"
