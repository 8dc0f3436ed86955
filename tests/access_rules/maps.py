"""Access rules for region boundaries: only national administrators upload them (reference data of the whole
country). An empty file shows the holder reaching validation (422) and everyone else refused before it."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access_rules import Check, split
from tests.personas import Personas


def rules(personas: Personas) -> dict[str, list[Check]]:
    return {
        "api:boundaries_upload": [
            Check(
                "POST",
                "/api/v1/maps/boundaries",
                split({"national_admin"}, 422, 403, 401),
                data=lambda: {"file": SimpleUploadedFile("batas.geojson", b"")},
            )
        ],
    }
