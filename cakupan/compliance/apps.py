from __future__ import annotations

from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "cakupan.compliance"
    verbose_name = "Kepatuhan"

    def ready(self) -> None:
        from cakupan.audit.registry import BULK_AUDITED, DERIVED, audit_model

        # Register the dataset, its store, the report parts and the parts of the Monev scorecard and report.
        from cakupan.compliance import (  # noqa: F401
            datasets,
            region_parts,
            report_sections,
            retention,
            scorecard,
            semester,
            services,
        )
        from cakupan.compliance.models import (
            Case,
            CaseEvent,
            Employer,
            Evidence,
            Holiday,
            ProgramRequirement,
            Setting,
        )

        audit_model(Employer, region_field="region")
        audit_model(Case, region_field="region")
        audit_model(CaseEvent)
        audit_model(Evidence)
        audit_model(Setting)
        audit_model(ProgramRequirement)
        audit_model(Holiday)
        BULK_AUDITED["compliance.employerposition"] = (
            "written in bulk by employers_commit (one import event per file) and corrected only by "
            "position_correct, which writes one event with the values before and after"
        )
        BULK_AUDITED["compliance.positionchange"] = (
            "the before/after history of positions, written only by employers_commit and position_correct, "
            "which write the audit event"
        )
        DERIVED["compliance.finding"] = (
            "recomputed from the employers' positions and the dated rules by detection_run, which writes "
            "one audit event per run"
        )
