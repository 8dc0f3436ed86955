"""What every page's layout reads: the site's name, the menu entries this reader may use, and whether the
figures are simulated. An interface concern, beside `urls`: it reads accounts and imports, so it cannot sit
in `common` (which imports only `core` in the layers of issue 22)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.imports.datasets import FIGURE_DATASETS
from cakupan.imports.selectors import data_is_simulated, importable_datasets


def _nav(request: HttpRequest) -> dict[str, bool]:
    """Which menu entries this reader may use (the pages check again themselves)."""
    user = request.user
    return {
        "imports": bool(importable_datasets(user, FIGURE_DATASETS)),
        "audit": access.can(user, Cap.VIEW_AUDIT),
        "reports": bool(access.roles(user)),
        "compliance": access.can(user, Cap.VIEW_COMPLIANCE),
        "participants": access.can(user, Cap.VIEW_RESTRICTED),
    }


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": settings.CAKUPAN_SITE_NAME,
        "nav": SimpleLazyObject(lambda: _nav(request)),
        # Lazy: pages that show no figures do not pay for the query.
        "data_is_simulated": SimpleLazyObject(data_is_simulated),
    }
