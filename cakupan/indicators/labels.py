"""The codes the indicators carry, in words of the active language: what a download and the API put in a
`…_label` field beside each code (the code stays, for programs; the label is for the reader)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cakupan.core.vocabulary import SEGMENTS
from cakupan.imports import registry
from cakupan.regions.models import Region

BAND_LABELS: dict[str, Promise] = {
    "sangat_rendah": _("very low"),
    "rendah": _("low"),
    "sedang": _("medium"),
    "tinggi": _("high"),
}
SEGMENT_LABELS: dict[str, Promise] = {
    "PU": _("Wage earners (PU)"),
    "BPU": _("Non-wage earners (BPU)"),
    "JAKON": _("Construction (JAKON)"),
    "PMI": _("Migrant workers (PMI)"),
}


def band_label(band: str | None) -> str | None:
    """The coverage category in words ("sangat rendah"); None for no category."""
    return str(BAND_LABELS.get(band, band)) if band else None


def segment_label(segment: str) -> str:
    """A participation segment in words with its contract name ("Penerima upah (PU)")."""
    return str(SEGMENT_LABELS.get(segment, segment))


def segment_labels() -> dict[str, str]:
    """Every segment's label, keyed by its contract name: the legend of a table keyed by segment."""
    return {segment: segment_label(segment) for segment in SEGMENTS}


def kind_label(kind: str) -> str:
    """A region's kind in words ("kota", "kabupaten", "provinsi")."""
    return str(Region.Kind(kind).label) if kind in Region.Kind.values else kind


def level_label(level: int) -> str:
    """A region's level in words ("Kabupaten/kota")."""
    return str(Region.Level(level).label) if level in Region.Level.values else str(level)


INDICATOR_LABELS: dict[str, Promise] = {
    "coverage_rate": _("coverage rate"),
    "active_participants": _("active participants"),
    "vulnerable_workers_funded": _("vulnerable workers funded"),
}


def indicator_label(indicator: str) -> str:
    """What a target is set on, in words ("tingkat cakupan")."""
    return str(INDICATOR_LABELS.get(indicator, indicator))


def dataset_label(name: str) -> str:
    """A dataset in words, as the import registry names it; the name itself for one no longer registered."""
    return str(registry.get(name).label) if name in registry.names() else name
