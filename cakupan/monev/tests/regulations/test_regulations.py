from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from cakupan.audit.models import AuditEvent
from cakupan.monev.regulations.models import Document, InpresInstruction, Regulation
from cakupan.monev.tests.helpers import PDF, pdf, regulation
from tests.personas import Personas, streamed

pytestmark = pytest.mark.django_db


def _client(user: object = None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def _post(number: str = "3 Tahun 2024", region: str = "53", **extra: object) -> dict[str, object]:
    ids = list(
        InpresInstruction.objects.filter(code__in=["REGULATION", "BUDGET"]).values_list("pk", flat=True)
    )
    data: dict[str, object] = {
        "region": region,
        "kind": "PERGUB",
        "number": number,
        "issued_on": "2024-02-01",
        "title": "Optimalisasi Jaminan Sosial Ketenagakerjaan",
        "topics": ["VULNERABLE", "VILLAGE"],
        "acts_on": ids,
    }
    return data | extra


def test_the_inpres_instructions_to_regional_heads_are_seeded_as_reference_data() -> None:
    codes = list(InpresInstruction.objects.values_list("code", flat=True))
    assert codes[:3] == ["REGULATION", "BUDGET", "RKPD_APBD"]
    assert {"NON_ASN", "ELECTION", "VILLAGE", "WORKERS"} <= set(codes)


def test_an_officer_registers_a_regulation_with_its_document_and_it_is_audited(personas: Personas) -> None:
    response = _client(personas.officer_a).post("/monev/regulasi/baru/", _post(document=pdf("pergub.pdf")))
    assert response.status_code == 302
    regulation = Regulation.objects.get(number="3 Tahun 2024")
    assert regulation.region_id == "53" and regulation.topics == ["VILLAGE", "VULNERABLE"]
    assert regulation.document is not None and regulation.document.public
    assert sorted(regulation.acts_on.values_list("code", flat=True)) == ["BUDGET", "REGULATION"]
    event = AuditEvent.objects.get(entity_type="monev.regulation", action="create")
    assert event.region_code == "53" and event.actor == personas.officer_a


def test_the_officer_of_ntb_cannot_register_a_regulation_for_ntt(personas: Personas) -> None:
    response = _client(personas.officer_b).post("/monev/regulasi/baru/", _post())
    assert response.status_code == 200  # the form again: NTT is not among the regions offered
    assert not Regulation.objects.exists()
    existing = regulation("53", personas.officer_a)
    assert _client(personas.officer_b).get(f"/monev/regulasi/{existing.pk}/ubah/").status_code == 403


def test_a_document_of_the_wrong_type_is_refused_and_nothing_is_stored(personas: Personas) -> None:
    fake = SimpleUploadedFile("perda.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    exe = SimpleUploadedFile("perda.exe", PDF)
    with translation.override("en"):
        first = _client(personas.officer_a).post("/monev/regulasi/baru/", _post(document=fake))
        second = _client(personas.officer_a).post("/monev/regulasi/baru/", _post(document=exe))
    assert "The content of the file is not PDF." in first.content.decode()
    assert "Documents must be of type PDF, JPEG, PNG, DOCX." in second.content.decode()
    assert not Regulation.objects.exists() and not Document.objects.exists()


def test_a_document_larger_than_the_configured_limit_is_refused(personas: Personas, settings: object) -> None:
    settings.MONEV_DOCUMENT_MAX_MB = 1  # type: ignore[attr-defined]
    big = SimpleUploadedFile("perda.pdf", PDF + b"0" * (1024 * 1024))
    with translation.override("en"):
        response = _client(personas.officer_a).post("/monev/regulasi/baru/", _post(document=big))
    assert "The file is larger than 1 MB." in response.content.decode()
    assert not Document.objects.exists()


def test_the_regulation_list_and_its_document_are_public(personas: Personas) -> None:
    item = regulation("53", personas.officer_a, document=True)
    page = _client().get("/monev/regulasi/?wilayah=53").content.decode()
    assert "5 Tahun 2023" in page
    assert item.document is not None
    download = _client().get(f"/monev/dokumen/{item.document.pk}/")
    assert download.status_code == 200 and download.streaming and streamed(download) == PDF


def test_the_list_filters_by_region_type_and_topic(personas: Personas) -> None:
    regulation("53", personas.officer_a, number="NTT-1")
    regulation("52", personas.officer_b, number="NTB-1")
    ntt = _client().get("/monev/regulasi/?wilayah=53").content.decode()
    assert "NTT-1" in ntt and "NTB-1" not in ntt
    assert "NTT-1" not in _client().get("/monev/regulasi/?wilayah=53&topik=ELECTION").content.decode()
    assert "NTT-1" in _client().get("/monev/regulasi/?wilayah=53&jenis=PERDA").content.decode()


def test_the_inpres_matrix_shows_which_instruction_each_regency_acted_on(personas: Personas) -> None:
    regulation("53.71", personas.officer_a, number="Perwali 7", acts_on=("NON_ASN",))
    page = _client().get("/monev/inpres/53/").content.decode()
    assert "Kota Kupang" in page.upper() or "KOTA KUPANG" in page.upper()
    assert "Perwali 7" in page
    national = _client().get("/monev/inpres/00/").content.decode()
    assert "/monev/inpres/53/" in national


def test_an_officer_edits_a_regulation_and_the_change_is_audited(personas: Personas) -> None:
    item = regulation("53", personas.officer_a)
    data = _post(number="5 Tahun 2023 (perubahan)")
    response = _client(personas.officer_a).post(f"/monev/regulasi/{item.pk}/ubah/", data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.number == "5 Tahun 2023 (perubahan)"
    assert AuditEvent.objects.filter(entity_type="monev.regulation", action="update").exists()
