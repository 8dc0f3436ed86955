from __future__ import annotations

from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "cakupan.participants"
    verbose_name = "Peserta"

    def ready(self) -> None:
        from cakupan.audit.registry import BULK_AUDITED, audit_model
        from cakupan.participants import datasets, left_out_sections, opendata, region_parts, report_sections  # noqa: F401
        from cakupan.participants.models import MatchList, ParticipantsIngest, PovertyLinkage

        audit_model(ParticipantsIngest)
        audit_model(MatchList, region_field="region")
        audit_model(PovertyLinkage)
        BULK_AUDITED["participants.programfigure"] = (
            "written only by participants_rollup_import, in bulk: one import event per file, plus update "
            "events with every replaced value (2,000 an event)"
        )
        BULK_AUDITED["participants.matchmember"] = (
            "written only by match_list_create, in bulk, with one audit event per list"
        )
        BULK_AUDITED["participants.povertycell"] = (
            "aggregates written only by poverty_linkage_create, in bulk, with one audit event per linkage"
        )
