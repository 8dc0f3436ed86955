"""Writing non-ASN staff coverage: an entry by agency and month, or the figures of a matched list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.monev.selectors import require_writer
from cakupan.monev.staff.models import StaffCoverage
from cakupan.regions.models import Region


@transaction.atomic
def staff_coverage_record(
    *,
    region: Region,
    period: str,
    group: str,
    agency: str,
    staff: int,
    covered: int,
    source: str,
    by: Any,
) -> StaffCoverage:
    """Enter or correct the figure of one agency for a month; a correction is an audited update, so the
    audit trail keeps the value before it."""
    require_writer(by, region.code)
    if covered > staff:
        raise ValidationError(_("Covered staff cannot exceed the staff."))
    row, created = StaffCoverage.objects.get_or_create(
        region=region,
        period=period,
        group=group,
        agency=agency.strip(),
        defaults={"staff": staff, "covered": covered, "source": source, "updated_by": by},
    )
    if not created:
        row.staff, row.covered, row.source, row.updated_by = staff, covered, source, by
        row.save()
    return row


@dataclass(frozen=True)
class StaffFromMatch:
    """What a list match wrote into the non-ASN table: one figure per region and agency, and the agencies
    left out with the reason."""

    written: list[StaffCoverage]
    skipped: list[tuple[str, str, str]]  # (region code, agency, reason)


@transaction.atomic
def staff_coverage_from_match(*, match_list: Any, by: Any) -> StaffFromMatch:
    """The non-ASN staff by agency of a list match (`participants.MatchList`): for each region and agency
    of the list, staff = members listed, covered = members active in the list's month, written as the
    month's figure of that agency (an existing figure is corrected, audited). Only counts the match
    publishes are written: an agency with a count hidden by the small-count rule, without an agency, or
    in a region the user may not write for is left out and said why."""
    from cakupan.participants.selectors import match_table

    table = match_table(match_list)
    grouped: dict[tuple[str, str], list[int | None]] = {}
    for row in table.rows:
        totals = grouped.setdefault((row.region_code, row.agency.strip()), [0, 0])
        for index, column in enumerate(("listed", "matched")):
            value, before = row.cells.get(column), totals[index]
            totals[index] = None if value is None or before is None else before + value
    scope = access.scope(by, Cap.WRITE_MONEV)
    regions = {r.code: r for r in Region.objects.filter(code__in={code for code, _agency in grouped})}
    source = _("List match: %(name)s (%(file)s, %(month)s)") % {
        "name": match_list.name,
        "file": match_list.file_name,
        "month": match_list.period,
    }
    written: list[StaffCoverage] = []
    skipped: list[tuple[str, str, str]] = []
    for (code, agency), (listed, matched) in sorted(grouped.items()):
        if not agency:
            skipped.append((code, agency, str(_("the list gives no agency"))))
        elif listed is None or matched is None:
            skipped.append((code, agency, str(_("a count is hidden by the small-count rule"))))
        elif code not in regions or not scope.covers(code):
            skipped.append((code, agency, str(_("not a region you may write for"))))
        else:
            written.append(
                staff_coverage_record(
                    region=regions[code],
                    period=match_list.period,
                    group=StaffCoverage.Group.NON_ASN,
                    agency=agency[:200],
                    staff=listed,
                    covered=matched,
                    source=source[:300],
                    by=by,
                )
            )
    return StaffFromMatch(written=written, skipped=skipped)
