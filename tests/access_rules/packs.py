"""Access rules for the meeting packs: a meeting's pack part, its presented versions' files and the API
read like the meeting (records of the host region; region B's roles are told it is not there), and only
the meeting's editors present it."""

from __future__ import annotations

import datetime as dt

from cakupan.common.testing import Personas
from cakupan.monev import services
from cakupan.packs.services import pack_present
from cakupan.regions.models import Region
from tests.access_rules import Check, split

WRITERS_A = {"national_admin", "national_analyst", "officer_a"}
RECORDS_A = {"national_admin", "national_analyst", "officer_a", "compliance_a"}


def rules(personas: Personas) -> dict[str, list[Check]]:
    meeting = services.meeting_create(
        region=Region.objects.get(code="53"),
        held_on=dt.date(2024, 6, 20),
        place="Tempat-Rapat-Paket",
        institutions="Kemenko PMK",
        agenda="",
        other_regions=Region.objects.filter(code="52"),
        by=personas.officer_a,
    )
    snapshot = pack_present(user=personas.officer_a, meeting=meeting, period="2024-06", lang="id")
    read = split(RECORDS_A, 200, 404, 302)
    return {
        "packs:meeting": [Check("GET", f"/paket/rapat/{meeting.pk}/", read)],
        "packs:download": [Check("GET", f"/paket/{snapshot.pk}/pptx/", read)],
        "packs:present": [
            Check(
                "POST",
                f"/paket/rapat/{meeting.pk}/presentasikan/",
                split(WRITERS_A, 302, 404, 302, others={"compliance_a": 403}),
            )
        ],
        "api:pack_snapshot_list": [
            Check(
                "GET",
                f"/api/v1/packs/meetings/{meeting.pk}/snapshots",
                split(RECORDS_A, 200, 404, 401),
            )
        ],
    }
