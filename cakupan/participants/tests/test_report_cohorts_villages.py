"""Funded cohorts and "1 desa 100" in the region report and the meeting pack (issue 21 §2, §3): the figures of
the pages' selectors (`cohort_report`, `village_funding_report`), in the PDF and the workbook, for readers
who may see the region's restricted figures only; the pack shows them for every invited region."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader

from cakupan.packs.tests.conftest import meetings  # noqa: F401
from cakupan.participants.left_out import cohort_report
from cakupan.participants.left_out_sections import cohort_month, report_cohorts
from cakupan.participants.services import participants_rollup_import
from cakupan.participants.tests.helpers import HEADER, keyed, person, write_parquet
from cakupan.participants.village_funding import village_funding_report
from cakupan.reports.content import report_content
from cakupan.reports.pdf import report_pdf
from cakupan.reports.sections import extra_sections
from cakupan.reports.tests.conftest import figures  # noqa: F401
from cakupan.reports.xlsx import report_xlsx
from tests.personas import Personas

pytestmark = pytest.mark.django_db

V2_HEADER = (*HEADER, "last_paid_period", "funded_by")
CODE, PERIOD = "53.71", "2024-06"
FULL, SHORT, OTHER = "53.71.01.1001", "53.71.01.1002", "53.71.02.1001"
NTB_VILLAGE = "52.01.01.2001"


def _month(month: str, lapsed: range, self_paying: range) -> list[tuple[object, ...]]:
    """142 workers APBDes funds in May: 110 in FULL, 12 in SHORT and 20 in OTHER; after May those in
    `lapsed` no longer pay, those in `self_paying` pay for themselves, the others stay funded."""
    rows: list[tuple[object, ...]] = []
    for n in range(142):
        village = FULL if n < 110 else SHORT if n < 122 else OTHER
        if month == "2024-05" or (n not in lapsed and n not in self_paying):
            rows.append((keyed(person(n)), village, month, "BPU", "active", "JKK", month, "APBDES"))
        elif n in self_paying:
            rows.append((keyed(person(n)), village, month, "BPU", "active", "JKK", month, "SELF"))
        else:
            rows.append((keyed(person(n)), village, month, "BPU", "inactive", "JKK", "2024-05", None))
    return rows


@pytest.fixture(autouse=True)
def _participants(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, figures: None) -> None:  # noqa: F811
    settings.DATA_DIR = tmp_path / "data"
    monkeypatch.setenv("CAKUPAN_SUPPRESSION_K", "1")  # every count shown
    months = {
        "2024-05": _month("2024-05", range(0), range(0)),
        "2024-06": _month("2024-06", range(100, 110), range(110, 116)),  # 10 lapse, 6 pay for themselves
        "2024-08": _month("2024-08", range(95, 110), range(110, 116)),  # 3 months later: 5 more lapsed
    }
    for month, rows in months.items():
        path = write_parquet(tmp_path / f"{month}.parquet", V2_HEADER, rows)
        done = participants_rollup_import(path=path, user=None)
        assert done.ok, done.problems


def _sections(user: Any, code: str = CODE, period: str = PERIOD) -> dict[str, Any]:
    with translation.override("en"):
        return {s.key: s for s in extra_sections(user, code, period)}


def test_the_report_follows_the_cohort_of_twelve_months_before_or_the_earliest_month() -> None:
    assert cohort_month("2024-06", ["2024-05", "2024-06", "2024-08"]) == "2024-05"
    assert cohort_month("2025-08", ["2024-05", "2024-06", "2024-08", "2025-08"]) == "2024-08"
    assert cohort_month("2024-05", ["2024-05", "2024-06"]) is None  # no month after it by then
    assert cohort_month("2024-04", ["2024-05"]) is None


def test_the_cohort_section_has_the_figures_of_the_page_s_selector_up_to_the_report_s_month(
    personas: Personas,
) -> None:
    page = cohort_report(personas.officer_a, region_code=CODE, month="2024-05")
    assert page is not None and page.grid is not None and page.followed == (1, 3)
    section = _sections(personas.officer_a)["cohorts"]
    [table] = section.tables
    # The report of June stops at June: the page's column of August (3 months later) is left out.
    assert [c.header for c in table.columns] == [
        "Region",
        "Funded workers whose funding ended",
        "Active 1 month later",
    ]
    expected = [[f"{r.name or r.code} ({r.code})", *r.values[:2]] for r in page.grid.areas]
    expected += [[f"By funder: {r.name}", *r.values[:2]] for r in page.grid.segments]
    expected.append(["Total", *page.grid.total_values[:2]])
    assert table.rows == expected
    # 16 left APBDes funding after May: 10 lapsed, 6 pay for themselves (retained).
    assert table.rows[-1] == ["Total", 16, 6]
    august = _sections(personas.officer_a, period="2024-08")["cohorts"]
    assert august.tables[0].rows[-1] == ["Total", 16, 6, 6]


def test_the_village_section_has_the_villages_that_reached_100_as_the_page(personas: Personas) -> None:
    page = village_funding_report(personas.officer_a, region_code=CODE, period=PERIOD)
    assert page is not None and page.villages is not None
    section = _sections(personas.officer_a)["village_funding"]
    regencies, villages = section.tables
    assert regencies.rows == [
        [f"{r.name or r.code} ({r.code})", r.villages, r.funded_villages, r.reached] for r in page.regencies
    ]
    reached = [r for r in page.villages if r.reached]
    assert [row[0] for row in villages.rows] == [f"{r.name or r.code} ({r.code})" for r in reached]
    assert villages.rows[0][1:5] == [100, 0, 100, 100] == reached[0].values
    assert villages.rows[0][5] == "no funding record"
    assert "1 of them reached 100" in " ".join(section.lines)


def test_a_month_without_participant_data_is_said_in_the_village_section(personas: Personas) -> None:
    section = _sections(personas.officer_a, period="2024-07")["village_funding"]
    assert section.lines == ["No participant data of July 2024 has been imported."] and section.tables == []


def test_the_public_and_an_officer_of_region_b_get_neither_section(personas: Personas) -> None:
    for reader in (AnonymousUser(), personas.officer_b):
        keys = set(_sections(reader))
        assert not keys & {"cohorts", "village_funding"}, reader
    assert {"cohorts", "village_funding"} <= set(_sections(personas.officer_a))
    assert report_cohorts(personas.officer_b, code=CODE, period=PERIOD) is None


def test_the_pdf_and_the_workbook_show_both_sections(personas: Personas) -> None:
    content = report_content(personas.officer_a, code=CODE, period=PERIOD, lang="en", with_charts=False)
    reader = PdfReader(io.BytesIO(report_pdf(content)))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Funded workers: still protected?" in text and "1 village, 100 vulnerable workers" in text
    book = load_workbook(io.BytesIO(report_xlsx(content)))
    cohorts = [r for r in book["Funded cohorts"].iter_rows(values_only=True) if r and r[0]]
    assert ("Total", 16, 6) in [tuple(r[:3]) for r in cohorts]
    villages = [r for r in book["1 village 100"].iter_rows(values_only=True) if r and r[0]]
    assert any(r[0].endswith(f"({FULL})") and list(r[1:5]) == [100, 0, 100, 100] for r in villages)


def test_the_pack_shows_both_for_every_invited_region_it_may_read(
    personas: Personas,
    meetings: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    from cakupan.packs.content import pack_build
    from cakupan.packs.render import pack_render

    rows = [
        (keyed(person(900 + n)), NTB_VILLAGE, "2024-06", "BPU", "active", "JKK", "2024-06", "APBDES")
        for n in range(3)
    ]
    _village("52.01.01", NTB_VILLAGE)
    path = write_parquet(tmp_path / "ntb.parquet", V2_HEADER, rows)
    assert participants_rollup_import(path=path, user=None).ok
    _earlier, later = meetings
    later.other_regions.add("53.71")
    national = personas.national_analyst  # may read every region
    pack = pack_build(national, code="53", period=PERIOD, lang="en", meeting=later, drawings=False)
    sections = {s.key: s for s in pack.sections}
    titles = [t.title for t in sections["village_funding"].tables]
    assert [t.split(":")[0] for t in titles[::2]] == [r.name + f" ({r.code})" for r in pack.regions]
    assert sections["cohorts"].tables and all("(" in t.title for t in sections["cohorts"].tables)
    slides = Presentation(io.BytesIO(pack_render(pack, "pptx"))).slides
    slide_text = " ".join(
        shape.text_frame.text for slide in slides for shape in slide.shapes if shape.has_text_frame
    )
    assert (
        "1 village, 100 vulnerable workers" in slide_text and "Funded workers: still protected?" in slide_text
    )
    book = load_workbook(io.BytesIO(pack_render(pack, "xlsx")))
    assert "1 village 100" in book.sheetnames
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pack_render(pack, "pdf"))).pages)
    assert "still protected" in " ".join(text.split())
    # The NTT officer reads NTT's, not NTB's.
    own = pack_build(personas.officer_a, code="53", period=PERIOD, lang="en", meeting=later, drawings=False)
    own_titles = [t.title for s in own.sections if s.key == "village_funding" for t in s.tables]
    assert own_titles and not any("(52)" in t for t in own_titles)


def _village(district: str, village: str) -> None:
    from cakupan.regions.models import Region

    Region.objects.get_or_create(
        code=district,
        defaults={"name": "Distrik", "level": 3, "kind": "kecamatan", "parent_id": district[:5]},
    )
    Region.objects.get_or_create(
        code=village, defaults={"name": "Desa NTB", "level": 4, "kind": "desa", "parent_id": district}
    )
