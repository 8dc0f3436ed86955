from __future__ import annotations

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "cakupan.indicators"
    verbose_name = "Indikator"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete, post_save

        from cakupan.audit.registry import audit_model
        from cakupan.imports.models import ImportBatch
        from cakupan.indicators import figure_store, library, target_store  # noqa: F401 (stores register)
        from cakupan.indicators.models import Parameter, Target

        audit_model(Parameter)
        audit_model(Target, region_field="region")

        # The figures version is read once per request; a batch or parameter written during it changes it.
        request_started.connect(library.request_memo_start, dispatch_uid="figures_version_memo_start")
        request_finished.connect(library.request_memo_end, dispatch_uid="figures_version_memo_end")
        for model in (ImportBatch, Parameter):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                uid = f"figures_version_memo_{model.__name__}_{name}"
                signal.connect(library.request_memo_forget, sender=model, dispatch_uid=uid)
