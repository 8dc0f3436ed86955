from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from cakupan.monev.benefits.models import BenefitFigure
from cakupan.monev.benefits.selectors import region_benefits
from cakupan.monev.importing import validate_monev_file
from cakupan.monev.services import monev_dataset_import
from cakupan.monev.tests.helpers import BENEFITS_HEADER, FUNDING_HEADER, commit, monev_batches
from tests.personas import Personas, csv_bytes

pytestmark = pytest.mark.django_db


def _client(user: object = None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def _load() -> None:
    commit(
        "benefits",
        BENEFITS_HEADER,
        [
            ("53.71", "2024-05", "JKM", 10, 420_000_000),
            ("53.71", "2024-06", "JKM", 12, 504_000_000),
            ("53.71", "2024-06", "JHT", 300, 3_000_000_000),
            ("53.01", "2024-06", "JKK", 5, 100_000_000),
            ("52", "2024-06", "JKM", 99, 1),
        ],
    )


def test_region_figures_are_the_latest_month_by_program_with_the_monthly_trend() -> None:
    _load()
    data = region_benefits(None, code="53.71")
    assert data.period == "2024-06" and not data.from_children
    assert [(line.program, line.claims, line.amount_idr) for line in data.lines] == [
        ("JKM", 12, 504_000_000),
        ("JHT", 300, 3_000_000_000),
    ]
    assert [(m.period, m.claims) for m in data.trend] == [("2024-05", 10), ("2024-06", 312)]


def test_a_province_without_its_own_figures_sums_its_regencies() -> None:
    _load()
    data = region_benefits(None, code="53")
    assert data.from_children and data.claims == 12 + 300 + 5
    assert "52" not in {line.program for line in data.lines}


def test_the_partial_for_the_region_page_renders_the_figures() -> None:
    _load()
    with translation.override("en"):
        html = render_to_string(
            "monev/_region_benefits.html", {"benefits": region_benefits(None, code="53.71")}
        )
    assert 'data-program="JKM"' in html and "Benefits paid" in html and "Trend" in html


def test_the_benefits_page_is_public_down_to_regencies_and_districts_need_a_role(personas: Personas) -> None:
    _load()
    assert _client().get("/monev/manfaat/53.71/").status_code == 200
    assert _client().get("/monev/manfaat/53.71.01/").status_code == 403
    assert _client(personas.officer_b).get("/monev/manfaat/53.71.01/").status_code == 403
    assert _client(personas.officer_a).get("/monev/manfaat/53.71.01/").status_code == 200
    htmx = _client().get("/monev/manfaat/53.71/", HTTP_HX_REQUEST="true").content.decode()
    assert htmx.lstrip().startswith("<section")


def test_a_benefits_file_with_problems_is_refused_with_each_reason() -> None:
    content = csv_bytes(
        BENEFITS_HEADER,
        [("53", "2024-13", "JKM", 1, 1), ("53", "2024-06", "JKN", 1, 1), ("53", "2024-06", "JKM", 0, 5)],
    )
    with translation.override("en"):
        validation = validate_monev_file(dataset_name="benefits", file_name="manfaat.csv", content=content)
    assert [(p.row, p.column, p.reason) for p in validation.problems] == [
        (2, "period", "the month must be 01 to 12"),
        (3, "program", "not one of: JKK, JKM, JHT, JP, JKP, BEASISWA"),
        (4, "claims", "an amount paid needs at least one claim"),
    ]
    assert not BenefitFigure.objects.exists()


def test_the_template_tag_renders_the_partial_for_the_region_page_and_nothing_for_hidden_regions(
    personas: Personas,
) -> None:
    from django.template import Context, Template
    from django.test import RequestFactory

    _load()
    request = RequestFactory().get("/")
    request.user = personas.officer_b
    template = Template("{% load monev_tags %}{% region_benefits code %}")
    shown = template.render(Context({"request": request, "code": "53.71"}))
    hidden = template.render(Context({"request": request, "code": "53.71.01"}))
    assert 'data-program="JKM"' in shown and hidden.strip() == ""


def test_national_amounts_in_the_trillions_are_accepted_with_or_without_separators() -> None:
    content = csv_bytes(
        BENEFITS_HEADER,
        [
            ("00", "2024-06", "JHT", 250_000, "4.123.456.789.012"),
            ("00", "2024-06", "JKM", 3_000, 126000000000000),
        ],
    )
    validation = validate_monev_file(dataset_name="benefits", file_name="m.csv", content=content)
    assert validation.ok, validation.problems
    assert [r.values["amount_idr"] for r in validation.rows] == [4_123_456_789_012, 126_000_000_000_000]
    with translation.override("en"):
        bad = validate_monev_file(
            dataset_name="benefits",
            file_name="m.csv",
            content=csv_bytes(
                BENEFITS_HEADER, [("00", "2024-06", "JHT", 1, "1.500"), ("00", "2024-06", "JP", 1, 10**17)]
            ),
        )
    # Contract v2: rupiah are whole, so Rp 1.500 is one thousand five hundred rupiah.
    assert [p.row for p in bad.problems] == [3]
    assert [p.reason for p in bad.problems] == ["implausibly large for an amount in rupiah"]


def test_the_nation_sums_each_branch_at_its_highest_level_without_counting_twice() -> None:
    _load()  # regencies of NTT, and NTB as a province
    commit("benefits", BENEFITS_HEADER, [("53.71.01", "2024-06", "JKM", 7, 7)])  # inside Kota Kupang
    data = region_benefits(None, code="00")
    assert data.from_children and data.claims == 99 + 312 + 5  # NTB, Kota Kupang, Sumba Barat
    assert region_benefits(None, code="53.71").claims == 312  # its own figures stand


def test_a_bpjs_officer_imports_benefits_for_the_regions_of_their_office_through_the_pages(
    personas: Personas,
) -> None:
    client = _client(personas.bpjs_officer_a)
    form = client.get("/monev/impor/?dataset=benefits").content.decode()
    assert '<option value="benefits" selected>' in form and 'value="vulnerable_funding"' not in form
    content = csv_bytes(BENEFITS_HEADER, [("53.71", "2024-06", "JKM", 12, 504_000_000)])
    response = client.post(
        "/monev/impor/", {"dataset": "benefits", "file": SimpleUploadedFile("m.csv", content)}
    )
    preview = client.get(response["Location"]).content.decode()
    assert "The file is valid" in preview
    assert client.post(response["Location"] + "simpan/").status_code == 302
    batch = monev_batches().get()
    assert (batch.dataset, batch.uploaded_by, batch.source) == ("benefits", personas.bpjs_officer_a, "web")
    assert region_benefits(None, code="53.71").claims == 12
    assert "Import a benefits file" in client.get("/monev/manfaat/53.71/").content.decode()


def test_a_bpjs_officer_imports_no_benefits_outside_their_office_and_no_regional_budgets(
    personas: Personas,
) -> None:
    client = _client(personas.bpjs_officer_a)
    province = csv_bytes(BENEFITS_HEADER, [("53", "2024-06", "JKM", 12, 504_000_000)])
    response = client.post(
        "/monev/impor/", {"dataset": "benefits", "file": SimpleUploadedFile("m.csv", province)}
    )
    assert response.status_code == 422  # refused at once, and the file is not kept
    assert "outside the regions you may import benefits for" in response.content.decode()
    funding = csv_bytes(FUNDING_HEADER, [("53.71", 2024, "CSR", 100, 12, 20_160_000)])
    refused = client.post(
        "/monev/impor/", {"dataset": "vulnerable_funding", "file": SimpleUploadedFile("d.csv", funding)}
    )
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    result = monev_dataset_import(
        dataset="vulnerable_funding", file_name="d.csv", content=funding, by=personas.bpjs_officer_a
    )
    assert not result.ok and "outside the regions" in result.problems[0].reason
    assert not monev_batches().exists()


def test_benefits_are_bpjs_figures_that_a_regional_officer_does_not_import(personas: Personas) -> None:
    client = _client(personas.officer_a)
    form = client.get("/monev/impor/").content.decode()
    assert 'value="vulnerable_funding"' in form and 'value="benefits"' not in form
    content = csv_bytes(BENEFITS_HEADER, [("53", "2024-06", "JKM", 12, 504_000_000)])
    result = monev_dataset_import(
        dataset="benefits", file_name="m.csv", content=content, by=personas.officer_a
    )
    assert not result.ok and "outside the regions" in result.problems[0].reason
    assert "Import a benefits file" not in client.get("/monev/manfaat/53/").content.decode()
