"""Access rules for the meeting packs: a meeting's pack part, its presented versions' files and the API
read like the meeting (records of the host region or of an invited one, each reader seeing the frozen rows
of their own regions; the files only for the host's readers), and only the meeting's editors present it."""

from __future__ import annotations

import datetime as dt

from cakupan.monev.meetings import services
from cakupan.packs.services import pack_present
from cakupan.regions.models import Region
from tests.access_rules import Check, split
from tests.personas import Personas

WRITERS_A = {"national_admin", "national_analyst", "officer_a"}
RECORDS_A = {"national_admin", "national_analyst", "officer_a", "compliance_a"}
INVITED_B = {"officer_b", "compliance_b"}  # records of province B, the invited region


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
    # Region B was invited (issue 17 §2): its readers see the pack part and the versions with B's frozen
    # row only (never A's, never the files), and may not present.
    read_invited = split(RECORDS_A | INVITED_B, 200, 404, 302)
    return {
        "packs:meeting": [Check("GET", f"/paket/rapat/{meeting.pk}/", read_invited)],
        "packs:download": [Check("GET", f"/paket/{snapshot.pk}/pptx/", read)],
        "packs:present": [
            Check(
                "POST",
                f"/paket/rapat/{meeting.pk}/presentasikan/",
                split(WRITERS_A, 302, 404, 302, others=dict.fromkeys(("compliance_a", *INVITED_B), 403)),
            )
        ],
        "api:pack_snapshot_list": [
            Check(
                "GET",
                f"/api/v1/packs/meetings/{meeting.pk}/snapshots",
                split(RECORDS_A | INVITED_B, 200, 404, 401),
            )
        ],
    }
