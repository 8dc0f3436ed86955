"""Writing the addressees' reports and the semester narrative."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from cakupan.core.codes import NATIONAL
from cakupan.monev.regulations.services import document_store
from cakupan.monev.selectors import require_writer
from cakupan.monev.summary.models import AddresseeReport, SemesterNarrative
from cakupan.regions.models import Region


@transaction.atomic
def addressee_report_create(
    *,
    kind: str,
    addressee: str,
    region: Region,
    year: int,
    half: int,
    text: str,
    document: UploadedFile | None,
    by: Any,
) -> AddresseeReport:
    """A minister's or head of agency's report belongs to the nation; a governor's to a province, a
    regent's or mayor's to a regency or city. Writing needs `write_monev` for that region."""
    expected = {
        AddresseeReport.Kind.GOVERNOR: Region.Level.PROVINCE,
        AddresseeReport.Kind.REGENT: Region.Level.REGENCY,
        AddresseeReport.Kind.MAYOR: Region.Level.REGENCY,
    }.get(AddresseeReport.Kind(kind), Region.Level.NATIONAL)
    if region.level != expected:
        message = _("A report of a %(kind)s belongs to a region of level %(level)s.") % {
            "kind": AddresseeReport.Kind(kind).label,
            "level": Region.Level(expected).label,
        }
        raise ValidationError({"region": message})
    if half not in (1, 2):
        raise ValidationError({"half": _("The half-year is 1 or 2.")})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("The year must lie between 2000 and 2100.")})
    require_writer(by, region.code)
    stored = document_store(upload=document, region=region, public=False, by=by) if document else None
    return AddresseeReport.objects.create(
        kind=kind,
        addressee=addressee,
        region=region,
        year=year,
        half=half,
        text=text,
        document=stored,
        entered_by=by,
    )


@transaction.atomic
def semester_narrative_save(
    *, year: int, half: int, obstacles: str, recommendations: str, by: Any
) -> SemesterNarrative:
    """The ministry's text of the report: national `write_monev` (an update is audited)."""
    require_writer(by, NATIONAL)
    narrative, _created = SemesterNarrative.objects.update_or_create(
        year=year,
        half=half,
        defaults={"obstacles": obstacles, "recommendations": recommendations, "updated_by": by},
    )
    return narrative
