"""The example app (tests/example_app) adds what docs/architecture.md says a feature adds, each in the files
the document names, and each shows where the document says it shows: an indicator field in the JSON and the
API schema, a dataset in the import framework and the import command, a scorecard aspect in the
scorecard's registry, a report section in the region report."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from openpyxl import load_workbook
from pypdf import PdfReader

from cakupan.cli import main
from cakupan.imports.validation import validate_file
from cakupan.indicators import library
from cakupan.indicators.api import indicator_schema
from cakupan.indicators.fields import outputs
from cakupan.indicators.serialise import indicators_dict, writers
from cakupan.monev.admin import ScorecardWeightForm
from cakupan.monev.models import ScorecardWeight
from cakupan.monev.scorecard import scorecard
from cakupan.monev.scorecard.aspects import AspectContext, aspect_for_weight
from cakupan.regions.models import Region
from cakupan.reports.content import report_content
from cakupan.reports.pdf import report_pdf
from cakupan.reports.xlsx import report_xlsx
from tests.example_app import scorecard as example_scorecard
from tests.example_app.indicators import WithVisits
from tests.example_app.models import OutreachVisits
from tests.example_app.registered import registered
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, load, participation_rows

pytestmark = pytest.mark.django_db

VISITS_HEADER = ("region_code", "period", "visits", "source")


@pytest.fixture
def example_app() -> Iterator[None]:
    with registered():
        yield


@pytest.fixture
def figures() -> None:
    load("workforce", csv_bytes(WORKFORCE_HEADER, [("53.71", "2024-06", "total", "200000", "BPS")]))
    load(
        "participation",
        csv_bytes(PARTICIPATION_HEADER, participation_rows("53.71", "2024-06", {"PU": 40_000, "BPU": 9_000})),
    )


def test_an_indicator_field_declared_in_one_line_is_written_rounded_and_described_in_the_api(
    figures: None,
) -> None:
    ind = library.region_indicators("53.71", "2024-06")
    assert ind is not None
    shipped = {f.name: getattr(ind, f.name) for f in dataclasses.fields(ind)}
    extended = WithVisits(**shipped, visits_per_100_workers=Fraction(42 * 100, 200_000))
    written = outputs(WithVisits, writers())
    as_json = {name: output.read(extended) for name, output in written.items()}
    assert as_json == {**indicators_dict(ind), "visits_per_100_workers": 0.02}
    schema = indicator_schema("ExampleWithVisitsOut", written).model_json_schema()
    assert schema["properties"]["visits_per_100_workers"] == {
        "anyOf": [{"type": "number"}, {"type": "null"}],
        "description": "Outreach visits per 100 workers of the coverage footprint",
        "title": "Visits Per 100 Workers",
    }


def test_a_registered_dataset_is_validated_and_committed_and_a_second_file_replaces_its_row(
    example_app: None,
) -> None:
    # The framework's one validation (imports.validation.validate_file) and one commit
    # (imports.services.import_commit), read from the registry and the dataset's store.
    first, _plan = load("example_visits", csv_bytes(VISITS_HEADER, [("53.71", "2024-06", "42", "Disnaker")]))
    second, plan = load(
        "example_visits", csv_bytes(("kode_wilayah", "bulan", "kunjungan"), [("53.71", "2024-06", "45")])
    )
    assert first is not None and second is not None and len(plan.replaced) == 1
    current = OutreachVisits.objects.get(replaced_by=None)
    assert (current.region_id, current.period, current.visits, current.batch_id) == (
        "53.71",
        "2024-06",
        45,
        second.pk,
    )
    assert OutreachVisits.objects.get(replaced_by=second).visits == 42


def test_a_wrong_file_of_the_registered_dataset_is_refused_naming_the_row_and_column(
    example_app: None,
) -> None:
    validation = validate_file(
        dataset_name="example_visits",
        file_name="kunjungan.csv",
        content=csv_bytes(VISITS_HEADER, [("53.71", "2024-06", "many", "")]),
    )
    assert [(p.row, p.column) for p in validation.problems] == [(2, "visits")]


def test_a_registered_dataset_is_imported_by_the_command(
    example_app: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kunjungan.csv"
    path.write_bytes(csv_bytes(VISITS_HEADER, [("53.71", "2024-06", "42", "Disnaker")]))
    assert main(["import", "example_visits", str(path)]) == 0
    assert OutreachVisits.objects.get().visits == 42


def _report(user: Any, lang: str = "en") -> Any:
    return report_content(user, code="53.71", period="2024-06", lang=lang)


def test_a_registered_report_section_is_in_the_region_report_pdf_and_workbook_with_its_source(
    example_app: None, figures: None, personas: Any
) -> None:
    batch, _plan = load("example_visits", csv_bytes(VISITS_HEADER, [("53.71", "2024-06", "42", "Disnaker")]))
    assert batch is not None
    content = _report(personas.officer_a)
    [section] = [s for s in content.sections if s.key == "example_visits"]
    assert section.tables[0].rows == [["53.71", 42, "Disnaker"]]
    assert batch.pk in {source.batch_id for source in content.sources}
    pdf = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(report_pdf(content))).pages)
    assert "Outreach visits (example)" in " ".join(pdf.split())
    book = load_workbook(io.BytesIO(report_xlsx(_report(personas.officer_a))))
    assert "Outreach visits (example)" in book.sheetnames


def test_without_the_app_registered_the_report_has_no_such_section(figures: None, personas: Any) -> None:
    assert "example_visits" not in {s.key for s in _report(personas.officer_a).sections}


def test_the_officer_of_another_region_and_the_public_report_have_no_visits_section(
    example_app: None, figures: None, personas: Any
) -> None:
    load("example_visits", csv_bytes(VISITS_HEADER, [("53.71", "2024-06", "42", "Disnaker")]))
    assert "example_visits" not in {s.key for s in _report(personas.officer_b).sections}
    assert "example_visits" not in {s.key for s in _report(AnonymousUser()).sections}


def _visits_and_weight() -> None:
    rows = [
        ("53.71", "2024-03", "30", ""),
        ("53.71.01", "2024-06", "20", ""),
        ("53.01", "2024-06", "150", ""),
    ]
    load("example_visits", csv_bytes(VISITS_HEADER, rows))
    ScorecardWeight.objects.create(
        aspect=example_scorecard.KEY, weight=Decimal("10"), valid_from=date(2024, 1, 1), legal_basis="example"
    )


def test_a_registered_scorecard_aspect_scores_every_region_of_the_tier(
    example_app: None, figures: None, personas: Any
) -> None:
    _visits_and_weight()
    province = Region.objects.get(code="53")
    children = list(Region.objects.filter(parent=province).order_by("code"))
    context = AspectContext(
        user=personas.officer_a, region=province, year=2024, children=children, period="2024-06"
    )
    aspect = aspect_for_weight(example_scorecard.KEY)
    assert aspect is not None
    results = aspect.compute(context)
    assert (results["53.71"].value, results["53.71"].score) == ("50 visits", 50)
    assert results["53.01"].score == 100  # at most the full score
    assert results["53.02"].score is None  # no visits: no data, not 0


def test_a_registered_scorecard_aspect_with_a_weight_is_in_the_scorecard(
    example_app: None, figures: None, personas: Any
) -> None:
    _visits_and_weight()
    card = scorecard(personas.officer_a, region=Region.objects.get(code="53"), year=2024)
    assert example_scorecard.KEY in [w.aspect for w in card.weights]
    kupang = next(r for r in card.rows if r.region.code == "53.71")
    visits = next(a for a in kupang.aspects if a.aspect == example_scorecard.KEY)
    assert (visits.score, visits.weight) == (50, 10)


def _weight_form(aspect: str) -> ScorecardWeightForm:
    return ScorecardWeightForm(
        data={"aspect": aspect, "weight": "10", "valid_from": "2024-01-01", "legal_basis": "example"}
    )


def test_the_weight_form_takes_the_key_of_a_registered_aspect(example_app: None) -> None:
    form = _weight_form(example_scorecard.KEY)
    assert form.is_valid(), form.errors
    assert form.save().aspect == example_scorecard.KEY


def test_the_weight_form_refuses_a_key_no_aspect_is_registered_under() -> None:
    form = _weight_form(example_scorecard.KEY)
    assert not form.is_valid()
    assert "aspect" in form.errors
