"""Template tags other apps use to show Monev records on their pages without a selector of their own."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cakupan.monev.benefits import selectors as benefit_selectors
from cakupan.monev.targets import commitments
from cakupan.monev.targets.selectors import commitments_shown_for

register = template.Library()

# Citation tags of the domain reference (shared/domain.md): "[V: S2, S3]" verified, "[M]" from memory.
CITATION = re.compile(r"\s*\[(?:V:[^\]]*|M)\]")


@register.filter
def basis(value: str) -> str:
    """A legal basis as a reader should see it: without the reference's citation tags, and a default of
    Cakupan's own said in the reader's language instead of the note kept for maintainers."""
    if value.startswith("Cakupan default"):
        return _("A Cakupan default: no official value is published.")
    return CITATION.sub("", value).strip()


@register.inclusion_tag("monev/_region_benefits.html", takes_context=True)
def region_benefits(context: template.Context, code: str, period: str | None = None) -> dict[str, Any]:
    """Benefits paid in the region by program, with the monthly trend: `{% region_benefits region.code %}`.
    Renders nothing for a region the reader may not see."""
    request = context.get("request")
    user = getattr(request, "user", None)
    try:
        benefits = benefit_selectors.region_benefits(user, code=code, period=period)
    except (PermissionDenied, Http404):
        return {"benefits": None}
    return {"benefits": benefits}


@register.simple_tag
def commitment_figure(value: Any, commitment: Any) -> str:
    """A commitment's figure in its unit: `{% commitment_figure m.current c %}`."""
    return commitments.figure_text(None if value == "" else value, commitment, get_language() or "id")


@register.inclusion_tag("monev/_region_commitments.html", takes_context=True)
def region_commitments(context: template.Context, code: str) -> dict[str, Any]:
    """The targets and commitments of the region and below that the reader may see, measured:
    `{% region_commitments region.code %}`. Renders nothing when there are none."""
    request = context.get("request")
    user = getattr(request, "user", None)
    today = timezone.localdate()
    found = list(commitments_shown_for(user, region_code=code, today=today)[:100])
    return {"commitments": commitments.measure_all(found, today=today)}
