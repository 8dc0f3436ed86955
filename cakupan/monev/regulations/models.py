"""The models of regulations, their documents and the Inpres 2/2021 matrix (app label `monev`: their tables
and audit entity names are unchanged)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
