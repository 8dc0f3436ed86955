"""The rows of the national summary and the addressees' reports as the downloads and the API give them."""

from __future__ import annotations

from cakupan.core.codes import NATIONAL
from cakupan.indicators.serialise import number, workers_period
from cakupan.monev.downloads import Row
from cakupan.monev.summary.models import AddresseeReport
from cakupan.monev.summary.selectors import NationalSummary


def addressee_report_row(r: AddresseeReport) -> Row:
    """What an Inpres addressee reported, as the API (`/monev/addressee-reports`) gives it."""
    return {
        "id": r.pk,
        "kind": r.kind,
        "kind_label": str(r.get_kind_display()),
        "addressee": r.addressee,
        "region_code": r.region_id,
        "region_name": r.region.name,
        "semester": f"{r.year}-{r.half}",
        "text": r.text,
        "document_url": f"/monev/dokumen/{r.document_id}/" if r.document_id else None,
        "entered_by": r.entered_by.get_username() if r.entered_by else None,
        "entered_at": r.entered_at,
    }


def summary_rows(summary: NationalSummary) -> list[Row]:
    """The nation (code 00, with the provinces' totals) then each province, as the summary page shows."""
    totals = summary.totals
    national = summary.national
    first: Row = {
        "region_code": NATIONAL,
        "region_name": national.region_name if national else "Indonesia",
        "coverage_rate": number(national.coverage_rate) if national else None,
        "workers_period": workers_period(national) if national else None,
        "workforce_source": "; ".join(national.workforce_sources) or None if national else None,
        "target_rate": number(national.target_rate) if national else None,
        "target_gap_points": number(national.target_gap_points) if national else None,
        "active": national.active if national else None,
        "regulations": totals["regulations"],
        "regulations_in_semester": totals["regulations_in_semester"],
        "instructions_acted_on": None,  # counted for each province's own regulations only
        "instructions": summary.instructions,
        "funded_workers": totals["funded_workers"],
        "funded_idr": totals["funded_idr"],
        "follow_ups_done": totals["follow_ups_done"],
        "follow_ups_open": totals["follow_ups_open"],
        "follow_ups_overdue": totals["follow_ups_overdue"],
    }
    rows = [first]
    for p in summary.provinces:
        ind = p.indicators
        rows.append(
            {
                "region_code": p.region.code,
                "region_name": p.region.name,
                "coverage_rate": number(ind.coverage_rate) if ind else None,
                "workers_period": workers_period(ind) if ind else None,
                "workforce_source": "; ".join(ind.workforce_sources) or None if ind else None,
                "target_rate": number(ind.target_rate) if ind else None,
                "target_gap_points": number(ind.target_gap_points) if ind else None,
                "active": ind.active if ind else None,
                "regulations": p.regulations,
                "regulations_in_semester": p.regulations_in_semester,
                "instructions_acted_on": p.instructions_acted_on,
                "instructions": summary.instructions,
                "funded_workers": p.funded_workers,
                "funded_idr": p.funded_idr,
                "follow_ups_done": p.follow_ups_done,
                "follow_ups_open": p.follow_ups_open,
                "follow_ups_overdue": p.follow_ups_overdue,
            }
        )
    return rows
