"""Perisai agents, their monthly figures and socialisation activities (app label `monev`: the tables and
the audit entity names stay `monev.agent`, `monev.agentfigure`, `monev.socialisation`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agent(models.Model):
    """A Perisai agent: a person, a village enterprise (BUMDes) or another partner that enrols informal
    workers and collects their contributions. No identity number is kept."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "INDIVIDUAL", _("Individual")
        BUMDES = "BUMDES", _("Village enterprise (BUMDes)")
        OTHER = "OTHER", _("Other partner")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    since = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["region_id", "name"]

    def __str__(self) -> str:
        return self.name


class AgentFigure(models.Model):
    """What an agent achieved by the end of a month: participants enrolled so far and kept active."""

    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="figures")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7)
    enrolled = models.PositiveIntegerField()
    active = models.PositiveIntegerField()

    class Meta:
        ordering = ["agent_id", "period"]
        constraints = [models.UniqueConstraint(fields=["agent", "period"], name="agent_figure_key")]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.period}: {self.active}/{self.enrolled}"


class Socialisation(models.Model):
    """A socialisation activity: who it was for, when and where."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    place = models.CharField(max_length=300)
    audience = models.CharField(max_length=300)
    attendees = models.PositiveIntegerField(null=True, blank=True)
    organiser = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.place}"
