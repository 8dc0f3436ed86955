from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from cakupan.imports.selectors import data_is_simulated


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": settings.CAKUPAN_SITE_NAME,
        # Lazy: pages that show no figures do not pay for the query.
        "data_is_simulated": SimpleLazyObject(data_is_simulated),
    }
