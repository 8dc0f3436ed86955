"""Access rules for the data call (pages and API operations).

A call is read whole by the readers of its host region's Monev records (a role with `view_restricted` or
`write_monev` there) and by the readers of a region it asks with only that region's rows (the BPJS branch
of Kota Kupang and Kupang); only the host (`write_monev` for the host region) calls for data and accepts
it. Province B's roles see nothing of region A's call: not there (404)."""

from __future__ import annotations

from cakupan.datacalls.tests.helpers import (
    DUE,
    KUPANG_CITY,
    LAST_MONTH,
    data_call,
    meeting_ahead,
    submit_workforce,
)
from tests.access_rules import LOGGED_IN, Check, hidden_from_b, split
from tests.personas import Personas

HOSTS_A = {"national_admin", "national_analyst", "officer_a"}
# Readers of the host region's records, and the BPJS branch whose regencies the call asks.
SEES_CALL_A = HOSTS_A | {"compliance_a", "bpjs_officer_a"}
# Read the meeting, but do not host it.
READS_MEETING_A = {"compliance_a"}
NOT_THERE = {p: 404 for p in LOGGED_IN if p not in SEES_CALL_A}


def rules(personas: Personas) -> dict[str, list[Check]]:
    meeting = meeting_ahead(personas.officer_a, days=12)
    call = data_call(personas.officer_a, meeting)
    submit_workforce(KUPANG_CITY, workers=123_456)
    accept = {"region": KUPANG_CITY, "dataset": "workforce", "period": LAST_MONTH}
    new_call = {
        "meeting": meeting.pk,
        "regions": [KUPANG_CITY],
        "datasets": ["workforce"],
        "periods": [LAST_MONTH],
        "due_on": DUE.isoformat(),
    }
    form = {
        "regions": [KUPANG_CITY],
        "datasets": ["participation"],
        "first_month": LAST_MONTH,
        "last_month": LAST_MONTH,
        "due_on": DUE.isoformat(),
    }
    hidden = hidden_from_b(f"/permintaan-data/{call.pk}/")
    not_host = {p: 404 for p in LOGGED_IN if p not in HOSTS_A | READS_MEETING_A}
    return {
        "datacalls:list": [
            Check(
                "GET",
                "/permintaan-data/",
                split(set(LOGGED_IN), 200, 200, 302),
                forbidden_text=hidden,
                required_text=dict.fromkeys(SEES_CALL_A, f"/permintaan-data/{call.pk}/"),
            )
        ],
        "datacalls:create": [
            Check(
                "GET",
                f"/permintaan-data/rapat/{meeting.pk}/baru/",
                split(HOSTS_A, 200, 403, 302, others=not_host),
            ),
            Check(
                "POST",
                f"/permintaan-data/rapat/{meeting.pk}/baru/",
                split(HOSTS_A, 302, 403, 302, others=not_host),
                data=lambda: form,
            ),
        ],
        "datacalls:detail": [
            Check(
                "GET",
                f"/permintaan-data/{call.pk}/",
                split(SEES_CALL_A, 200, 404, 302),
                forbidden_text=hidden_from_b("Kota Kupang"),
            ),
            Check("GET", f"/permintaan-data/{call.pk}/?bagian=tabel", split(SEES_CALL_A, 200, 404, 302)),
        ],
        "datacalls:accept": [
            Check(
                "POST",
                f"/permintaan-data/{call.pk}/terima/",
                split(HOSTS_A, 302, 403, 302, others=NOT_THERE),
                data=lambda: accept,
            )
        ],
        "api:datacall_list": [
            Check(
                "GET",
                "/api/v1/datacalls",
                split(set(LOGGED_IN), 200, 200, 401),
                forbidden_text=hidden_from_b("Kota Kupang"),
                required_text=dict.fromkeys(SEES_CALL_A, "Kota Kupang"),
            )
        ],
        "api:datacall_create": [
            Check(
                "POST",
                "/api/v1/datacalls",
                split(HOSTS_A, 201, 403, 401, others=not_host),
                data=lambda: new_call,
                json=True,
            )
        ],
        "api:datacall_detail": [
            Check(
                "GET",
                f"/api/v1/datacalls/{call.pk}",
                split(SEES_CALL_A, 200, 404, 401),
                forbidden_text=hidden_from_b("Kota Kupang"),
            )
        ],
        "api:datacall_accept": [
            Check(
                "POST",
                f"/api/v1/datacalls/{call.pk}/accept",
                split(HOSTS_A, 200, 403, 401, others=NOT_THERE),
                data=lambda: accept,
                json=True,
            )
        ],
    }
