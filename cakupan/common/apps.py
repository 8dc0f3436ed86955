from __future__ import annotations

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "cakupan.common"
    verbose_name = "Cakupan"

    def ready(self) -> None:
        from django.apps import apps
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete, post_save

        from cakupan.common import dated, nik_guard

        nik_guard.connect()
        # Each dated model's rows are read once per request; a row saved or deleted is read again.
        request_started.connect(dated.held_start, dispatch_uid="dated_values_held_start")
        request_finished.connect(dated.held_end, dispatch_uid="dated_values_held_end")
        for model in apps.get_models():
            if issubclass(model, dated.DatedValue):
                for name, signal in (("save", post_save), ("delete", post_delete)):
                    uid = f"dated_values_held_{model._meta.label}_{name}"
                    signal.connect(dated.held_forget, sender=model, dispatch_uid=uid)
