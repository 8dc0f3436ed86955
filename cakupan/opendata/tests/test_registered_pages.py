"""Open-data pages other apps register (cakupan.opendata.pages) answer at their own addresses, ahead of
the region tables' `<code>/`."""

from __future__ import annotations

from django.urls import resolve

from cakupan.opendata import urls
from cakupan.opendata.pages import opendata_pages


def test_the_poverty_pages_participants_registers_come_before_the_region_tables() -> None:
    names = [pattern.name for pattern in urls.urlpatterns]
    assert [pattern.name for pattern in opendata_pages()] == ["poverty", "poverty-download"]
    assert names.index("poverty") < names.index("region")
    assert resolve("/data-terbuka/kemiskinan/53/").view_name == "opendata:poverty"
    assert resolve("/data-terbuka/kemiskinan/53/unduh.csv").view_name == "opendata:poverty-download"
    assert resolve("/data-terbuka/53/").view_name == "opendata:region"
