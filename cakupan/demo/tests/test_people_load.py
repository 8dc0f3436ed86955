"""The demo loads its person-level data through the product's own imports, as simulated data, once: the
pages of who is left out then have figures, for the readers of the region only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cakupan.demo.load import POVERTY_LIST_NAME, demo_people_load
from cakupan.imports.models import ImportBatch
from cakupan.monev.models import VulnerableFunding
from cakupan.participants.left_out import cohort_report, inactivity_report
from cakupan.participants.models import ParticipantsIngest, PovertyLinkage
from cakupan.participants.village_funding import village_funding_report
from tests.personas import Personas

pytestmark = pytest.mark.django_db

CODE, END = "53.71", "2024-06"
FIGURES = {"PU": (300, 50), "BPU": (600, 120), "JAKON": (50, 10), "PMI": (20, 5)}


@pytest.fixture
def loaded(settings: Any, tmp_path: Path) -> list[int]:
    settings.DATA_DIR = tmp_path / "data"
    participation = tmp_path / "participation.csv"
    lines = ["region_code,period,segment,status,participants"]
    for period in ("2024-04", "2024-05", END):
        for segment, (active, inactive) in FIGURES.items():
            lines += [
                f"{CODE},{period},{segment},active,{active}",
                f"{CODE},{period},{segment},inactive,{inactive}",
            ]
    participation.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return demo_people_load(end_period=END, participation=participation, months=3, regencies=(CODE,))


def test_the_demo_imports_its_people_funding_and_poverty_list_as_simulated_data(loaded: list[int]) -> None:
    ingest = ParticipantsIngest.objects.get()
    assert ingest.periods == ["2024-04", "2024-05", END] and ingest.batch_id in loaded
    assert ImportBatch.objects.filter(pk__in=loaded).count() == 2
    assert all(ImportBatch.objects.filter(pk__in=loaded).values_list("simulated", flat=True))
    assert VulnerableFunding.objects.filter(region__code__startswith=CODE, funder="APBDES").exists()
    linkage = PovertyLinkage.objects.get(name=POVERTY_LIST_NAME)
    assert linkage.simulated and linkage.period == END and linkage.with_work


def test_the_list_is_not_kept_and_loading_again_changes_nothing(loaded: list[int], settings: Any) -> None:
    folder = Path(settings.DATA_DIR) / "demo" / "people"
    assert not (folder / "poverty_list.csv").exists()
    again = demo_people_load(
        end_period=END,
        participation=Path(settings.DATA_DIR).parent / "participation.csv",
        months=3,
        regencies=(CODE,),
    )
    assert again == []
    assert ParticipantsIngest.objects.count() == 1 and PovertyLinkage.objects.count() == 1


def test_the_left_out_analyses_have_figures_for_the_region_s_readers_only(
    loaded: list[int], personas: Personas
) -> None:
    officer = personas.officer_a
    report = inactivity_report(officer, region_code=CODE)
    assert report is not None and report.durations is not None and report.period == END
    assert report.durations.totals["inactive"] == sum(inactive for _active, inactive in FIGURES.values())
    villages = village_funding_report(officer, region_code=CODE)
    assert villages is not None and villages.villages
    cohorts = cohort_report(officer, region_code=CODE)
    assert cohorts is not None and cohorts.grid is not None and cohorts.grid.totals["cohort"]
    assert inactivity_report(personas.officer_b, region_code=CODE) is None
    assert village_funding_report(personas.officer_b, region_code=CODE) is None
