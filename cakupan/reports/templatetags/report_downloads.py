"""Download links for the tables of a page: `{% download_links %}` after a table gives "Download: CSV ·
JSON", each the page's own address with its filters and `unduh=` (the view answers with the file)."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cakupan.reports.downloads import TABLE_FORMATS

register = template.Library()


@register.simple_tag(takes_context=True)
def download_links(
    context: template.Context, table: str = "", base: str = "", label: str = "", **params: Any
) -> SafeString:
    """`table`: which table of a page with several (`tabel=`). `base`: the address of the page that owns
    the table, when it is shown as a part of another page; `params` are then its query. `label`: the
    words before the links when a page has several tables ("Download:" when not given)."""
    request = context.get("request")
    if base or request is None:
        query = QueryDict(mutable=True)
        path = base
        for key, value in params.items():
            if value not in (None, ""):
                query[key] = str(value)
    else:
        query = request.GET.copy()
        path = request.path
        for key in ("unduh", "tabel", "halaman"):
            query.pop(key, None)
    if table:
        query["tabel"] = table
    links = []
    for fmt in TABLE_FORMATS:
        query["unduh"] = fmt
        links.append((f"{path}?{query.urlencode()}", fmt.upper()))
    joined = format_html_join(" · ", '<a href="{}" download>{}</a>', links)
    return format_html('<p class="hint downloads">{} {}</p>', label or _("Download:"), joined)
