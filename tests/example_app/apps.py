from __future__ import annotations

from django.apps import AppConfig


class ExampleAppConfig(AppConfig):
    """A shipped app imports its registering modules here, in `ready()` (`from cakupan.monev import
    datasets, report_sections  # noqa: F401`). The example app registers them only inside its tests
    (`registered()`), so that the rest of the suite sees the registries as the product ships them."""

    name = "tests.example_app"
    label = "example_app"
    default_auto_field = "django.db.models.BigAutoField"
