from __future__ import annotations

from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "cakupan.participants"
    verbose_name = "Peserta"
