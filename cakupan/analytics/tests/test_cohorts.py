from __future__ import annotations

from pathlib import Path

from cakupan.analytics.cohorts import cohort_run
from cakupan.analytics.engine import EngineConfig
from cakupan.analytics.store import shifted
from cakupan.analytics.tests.conftest import keyed, person
from cakupan.analytics.tests.store_data import Row, counted, expected_cohort, generated, write_store

MONTHS = [shifted("2024-01", n) for n in range(14)]  # 2024-01 … 2025-02


def test_a_funded_cohort_is_followed_1_3_6_and_12_months_as_computed_by_hand(
    tmp_path: Path, engine: EngineConfig
) -> None:
    rows = generated(MONTHS, people=300)
    parts = [(str(write_store(tmp_path / "s.parquet", rows)), MONTHS)]
    result = cohort_run(parts=parts, region="53", month="2024-02", engine=engine, work_dir=tmp_path)
    sizes, kept = expected_cohort(rows, "2024-02", "53", 5, (1, 3, 6, 12))
    assert sum(sizes.values()) > 20 and sum(kept.values()) > 0  # the generated data makes a cohort
    assert counted(result.sizes, ("funder", "area_code")) == sizes
    assert counted(result.retained, ("funder", "area_code", "after")) == kept
    assert result.followed == (1, 3, 6, 12)


def test_a_switch_to_paying_oneself_counts_as_retained_and_a_month_without_data_gives_no_figure(
    tmp_path: Path,
) -> None:
    one, two, three = keyed(person(1)), keyed(person(2)), keyed(person(3))
    village = "53.71.01.1001"
    rows = [
        Row(one, village, "2024-01", "BPU", "active", funded_by="APBDES"),
        Row(two, village, "2024-01", "BPU", "active", funded_by="apbdes"),
        Row(three, village, "2024-01", "BPU", "active", funded_by="APBDES"),
        Row(one, village, "2024-02", "BPU", "active", funded_by="SELF"),  # pays for themselves now
        Row(two, village, "2024-02", "BPU", "inactive", funded_by=None),  # nobody pays
        Row(three, village, "2024-02", "BPU", "active", funded_by="APBDES"),  # still funded: no cohort
        Row(one, village, "2024-04", "BPU", "active", funded_by="SELF"),
    ]
    parts = [(str(write_store(tmp_path / "s.parquet", rows)), ["2024-01", "2024-02", "2024-04"])]
    result = cohort_run(parts=parts, region="53.71", month="2024-01", work_dir=tmp_path)
    assert counted(result.sizes, ("funder", "area_code")) == {("APBDES", "53.71.01"): 2}
    assert counted(result.retained, ("funder", "area_code", "after")) == {
        ("APBDES", "53.71.01", 1): 1,
        ("APBDES", "53.71.01", 3): 1,
    }
    assert result.followed == (1, 3)  # 2024-07 and 2025-01 have no data


def test_without_the_month_after_there_is_no_cohort(tmp_path: Path) -> None:
    rows = [Row(keyed(person(1)), "53.71.01.1001", "2024-01", "BPU", "active", funded_by="APBDES")]
    parts = [(str(write_store(tmp_path / "s.parquet", rows)), ["2024-01"])]
    result = cohort_run(parts=parts, region="53", month="2024-01", work_dir=tmp_path)
    assert result.sizes is None and result.retained is None


def test_a_funder_written_another_way_is_the_same_funder(tmp_path: Path, engine: EngineConfig) -> None:
    one, two, three = keyed(person(1)), keyed(person(2)), keyed(person(3))
    village = "53.71.01.1001"
    rows = [
        Row(one, village, "2024-01", "BPU", "active", funded_by=" APBD  Provinsi "),
        Row(two, village, "2024-01", "BPU", "active", funded_by="apbd_kabupaten"),
        Row(three, village, "2024-01", "BPU", "active", funded_by="Lainnya"),
        Row(one, village, "2024-02", "BPU", "active", funded_by="APBD_PROVINSI"),  # the same funder still
        Row(two, village, "2024-02", "BPU", "active", funded_by="APBD_PROVINSI"),  # another budget now
        Row(three, village, "2024-02", "BPU", "inactive", funded_by="OTHER"),  # the same funder still
        Row(two, village, "2024-04", "BPU", "active", funded_by="mandiri"),
    ]
    parts = [(str(write_store(tmp_path / "s.parquet", rows)), ["2024-01", "2024-02", "2024-04"])]
    result = cohort_run(parts=parts, region="53", month="2024-01", engine=engine, work_dir=tmp_path)
    assert counted(result.sizes, ("funder", "area_code")) == {("APBD_KABKOTA", "53.71"): 1}
    assert counted(result.retained, ("funder", "area_code", "after")) == {
        ("APBD_KABKOTA", "53.71", 1): 1,
        ("APBD_KABKOTA", "53.71", 3): 1,
    }
