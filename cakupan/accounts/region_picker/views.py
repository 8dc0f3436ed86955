from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from cakupan.accounts.region_picker.picker import PickRules, region_label, region_search


def picker_matches(request: HttpRequest) -> HttpResponse:
    """The type-ahead's options (HTMX): regions matching the text by name or code, among those the
    user may pick under the rules the picker names."""
    rules = PickRules.from_query(request.GET)
    text = request.GET.get("q", "")
    found = region_search(request.user, text=text, rules=rules)
    options = [{"code": r.code, "label": region_label(r), "name": r.name} for r in found]
    listbox = request.GET.get("daftar", "")
    listbox = listbox if re.fullmatch(r"[\w-]{1,80}", listbox) else "picker"  # option ids start with it
    return TemplateResponse(
        request,
        "accounts/region_picker/_matches.html",
        {
            "options": options,
            "text": text.strip(),
            "listbox": listbox if re.fullmatch(r"[\w-]{1,80}", listbox) else "picker",
        },
    )
