"""A NIK in an employer's name, a case note or the licensing API is refused with the reason; an employers
file named after a NIK is stored under a safe name, over the web and the API alike."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cakupan.accounts.tokens import token_create
from cakupan.compliance.models import Employer
from cakupan.compliance.tests.helpers import employers_csv, non_compliant, row
from cakupan.imports.models import ImportBatch
from tests.personas import Personas

pytestmark = pytest.mark.django_db

REFUSED = "holds what looks like a NIK; a NIK is never stored here: remove it"


def _client(user: object) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.cookies["cakupan_lang"] = "en"
    return client


def test_an_employer_name_holding_a_nik_is_refused_and_the_name_is_kept(personas: Personas) -> None:
    target = non_compliant()
    response = _client(personas.compliance_a).post(
        f"/kepatuhan/pemberi-kerja/{target.pk}/ubah/",
        {"name": "UD Maju 3201-2345-0190-0001", "region": "53.71", "npp": "NPP0001", "nib": ""},
    )
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert Employer.objects.get().name == target.name


def test_the_licensing_api_refuses_a_nik_as_an_identifier_with_the_reason(personas: Personas) -> None:
    _row, token = token_create(
        user=personas.licensing_a, name="dpmptsp", role="LICENSING_OFFICER", region_codes=["53.71"], days=30
    )
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(
        "/api/v1/compliance/employers/3201 2345 0190 0001"
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"identifier": [f"Value error, {REFUSED}"]}
    assert "3201" not in response.content.decode()


@pytest.mark.parametrize("through", ["web", "api"])
def test_an_employers_file_named_after_a_nik_is_stored_under_a_safe_name(
    personas: Personas, through: str
) -> None:
    upload = SimpleUploadedFile("pemberi kerja 3201234501900001.csv", employers_csv([row("NPP1")]))
    if through == "web":
        client = _client(personas.bpjs_officer_a)
        preview = client.post("/kepatuhan/impor/", {"file": upload})
        assert preview.status_code == 302
        assert "3201234501900001" not in client.get(preview["Location"]).content.decode()
        response = client.post(f"{preview['Location']}simpan/")
        assert response.status_code == 302
    else:
        _row, token = token_create(
            user=personas.bpjs_officer_a, name="etl", role="BPJS_OFFICER", region_codes=["53.71"], days=30
        )
        response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
            "/api/v1/compliance/employers/imports", {"file": upload}
        )
        assert response.status_code == 201
        assert response.json()["file"].startswith("berkas-employers-")
    name = ImportBatch.objects.filter(dataset="employers").get().file_name
    assert name.startswith("berkas-employers-") and name.endswith(".csv")
    assert "3201234501900001" not in response.content.decode()
