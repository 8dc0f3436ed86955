"""Open-data pages that other apps publish under /data-terbuka/ (issue 22 §6): open data sits below them,
so it never imports them. An app registers its pages' URL patterns (named in the `opendata` namespace,
e.g. `opendata:poverty`) from its `apps.py` `ready()`; opendata/urls.py puts them before the region
tables, whose `<code>/` would otherwise take their addresses."""

from __future__ import annotations

from django.urls import URLPattern

_PAGES: dict[str, list[URLPattern]] = {}


def opendata_pages_register(name: str, patterns: list[URLPattern]) -> None:
    """Register (or replace, by name) a dataset's open-data pages."""
    _PAGES[name] = patterns


def opendata_pages() -> list[URLPattern]:
    return [pattern for name in sorted(_PAGES) for pattern in _PAGES[name]]
