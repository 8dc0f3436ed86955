from __future__ import annotations

from django.apps import AppConfig


class MonevConfig(AppConfig):
    name = "cakupan.monev"
    verbose_name = "Register Monev"

    def ready(self) -> None:
        from cakupan.audit.registry import BULK_AUDITED, audit_model

        # Register the datasets, their stores and the report parts.
        from cakupan.monev import datasets, region_parts, report_sections, services  # noqa: F401
        from cakupan.monev.meetings.models import Attendee, FollowUp, Meeting, MeetingItem, MeetingSignatories
        from cakupan.monev.models import MonevParameter, ScorecardWeight
        from cakupan.monev.outreach import services as outreach_services  # noqa: F401
        from cakupan.monev.outreach.models import Agent, AgentFigure, Socialisation
        from cakupan.monev.regulations.models import Document, InpresInstruction, Regulation
        from cakupan.monev.staff.models import StaffCoverage
        from cakupan.monev.summary.models import AddresseeReport, SemesterNarrative
        from cakupan.monev.targets.models import CommitmentSource

        # The event has its own time: a changed `updated_at` alone is not worth one.
        stamp = frozenset({"updated_at"})
        audit_model(Document, region_field="region")
        audit_model(Regulation, region_field="region", exclude=stamp)
        audit_model(InpresInstruction)
        audit_model(Meeting, region_field="region")
        audit_model(MeetingItem, region_field="region")
        audit_model(FollowUp, region_field="region", exclude=stamp)
        audit_model(Attendee, region_field="region")
        audit_model(MeetingSignatories, region_field="region", exclude=stamp)
        audit_model(AddresseeReport, region_field="region")
        audit_model(SemesterNarrative, exclude=stamp)
        audit_model(MonevParameter)
        audit_model(ScorecardWeight)
        audit_model(Agent, region_field="region")
        audit_model(AgentFigure, region_field="region")
        audit_model(Socialisation, region_field="region")
        audit_model(StaffCoverage, region_field="region", exclude=stamp)
        audit_model(CommitmentSource, region_field="region")
        reason = (
            "written only by the Monev stores of imports.services.import_commit, which writes one import "
            "event per file or entry; replaced rows are kept (replaced_by) as the history"
        )
        BULK_AUDITED["monev.vulnerablefunding"] = reason
        BULK_AUDITED["monev.benefitfigure"] = reason
        BULK_AUDITED["monev.budgetline"] = reason
