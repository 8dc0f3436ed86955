"""Which table of a page is asked for as a file (`?unduh=csv|json`, `&tabel=`), and the files of the
register pages (Monev, compliance). Every page with a table answers `?unduh=` itself, after its own
access checks; the writer is `cakupan.dashboards.downloads.download_response`, one for all of them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from cakupan.dashboards.downloads import Rows, download_response
from cakupan.imports.selectors import data_is_simulated

# `?unduh=csv` or `?unduh=json` on a page gives its table as a file (`&tabel=` names one of several).
TABLE_FORMATS = ("csv", "json")


def requested_format(request: HttpRequest) -> str | None:
    """The file format a page is asked for (`?unduh=`), or None for the page itself."""
    fmt = request.GET.get("unduh", "")
    return fmt if fmt in TABLE_FORMATS else None


def requested_table(request: HttpRequest, tables: tuple[str, ...]) -> str:
    """Which table of a page with several (`?tabel=`): the first when not said or unknown."""
    table = request.GET.get("tabel", "")
    return table if table in tables else tables[0]


def register_download(rows: Rows, *, name: str, fmt: str) -> HttpResponse:
    """A table of a register page (Monev, compliance): simulated while the site's figures are."""
    return download_response(rows, name=name, fmt=fmt, simulated=data_is_simulated())
