from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.personas import PARTICIPATION_HEADER, Personas, csv_bytes

pytestmark = pytest.mark.django_db

# Five data rows; only the first is valid.
REFUSED = csv_bytes(
    PARTICIPATION_HEADER,
    [
        ("53.01", "2024-06", "PU", "active", "10"),
        ("53.01", "2024-13", "PU", "active", "1"),
        ("53.01", "2024-06", "XX", "active", "1"),
        ("99", "2024-06", "BPU", "active", "1"),
        ("53.01", "2024-06", "PU", "active", "-1"),
    ],
)


def test_a_refused_upload_reports_every_data_row_it_read(client: Client, personas: Personas) -> None:
    officer: User = personas.bpjs_officer_a
    client.force_login(officer)
    upload = SimpleUploadedFile("peserta.csv", REFUSED)
    response = client.post("/api/v1/imports", {"dataset": "participation", "file": upload})
    assert response.status_code == 422
    error = response.json()["error"]
    # Row 6 is both negative and a duplicate of row 2: every problem is reported at once.
    assert len(error["problems"]) == 5
    assert error["message"] == "The file is refused: 5 problems in 5 data rows. Nothing was stored."
