from __future__ import annotations

from pathlib import Path

from cakupan.analytics.engine import EngineConfig
from cakupan.analytics.inactivity import inactivity_run
from cakupan.analytics.tests.store_data import (
    counted,
    expected_changes,
    expected_durations,
    generated,
    write_store,
)

MONTHS = ["2024-05", "2024-06"]


def test_it_counts_the_inactive_by_months_since_their_last_contribution_as_computed_by_hand(
    tmp_path: Path, engine: EngineConfig
) -> None:
    rows = generated(MONTHS)
    parts = [(str(write_store(tmp_path / "s.parquet", rows)), MONTHS)]
    result = inactivity_run(parts=parts, region="53", period="2024-06", engine=engine, work_dir=tmp_path)
    found = counted(result.durations, ("area_code", "segment", "band"))
    assert found == expected_durations(rows, "2024-06", "53", 5)
    assert {band for _a, _s, band in found} == {"1-3", "4-6", "7-12", "13+", "unknown"}
    assert result.changes is None  # no earlier month asked


def test_it_counts_lapses_reactivations_and_absences_between_two_months_as_computed_by_hand(
    tmp_path: Path, engine: EngineConfig
) -> None:
    rows = generated(MONTHS)
    # Each month in a file of its own, as two imports leave them.
    parts = [
        (str(write_store(tmp_path / f"{m}.parquet", [r for r in rows if r.period == m])), [m]) for m in MONTHS
    ]
    result = inactivity_run(
        parts=parts, region="00", period="2024-06", before="2024-05", engine=engine, work_dir=tmp_path
    )
    found = counted(result.changes, ("area_code", "segment", "change"))
    assert found == expected_changes(rows, "2024-05", "2024-06", "00", 2)
    assert {change for _a, _s, change in found} == {"lapse", "reactivation", "absence"}
    # Nobody of the village that no file of June covers is counted as absent.
    assert not [key for key in found if key[0] == "51" and key[2] == "absence"]


def test_a_regency_is_divided_by_its_districts(tmp_path: Path) -> None:
    rows = generated(MONTHS)
    parts = [(str(write_store(tmp_path / "s.parquet", rows)), MONTHS)]
    result = inactivity_run(
        parts=parts, region="53.71", period="2024-06", before="2024-05", work_dir=tmp_path
    )
    assert counted(result.durations, ("area_code", "segment", "band")) == expected_durations(
        rows, "2024-06", "53.71", 8
    )
    assert counted(result.changes, ("area_code", "segment", "change")) == expected_changes(
        rows, "2024-05", "2024-06", "53.71", 8
    )


def test_a_month_without_participant_data_gives_no_figures(tmp_path: Path) -> None:
    rows = generated(MONTHS)
    parts = [(str(write_store(tmp_path / "s.parquet", rows)), MONTHS)]
    result = inactivity_run(parts=parts, region="53", period="2024-07", before="2024-06", work_dir=tmp_path)
    assert result.durations is None and result.changes is None
    assert result.months == ("2024-05", "2024-06")


def test_a_store_written_before_the_v2_columns_counts_every_inactive_person_as_unknown(
    tmp_path: Path,
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    old = ("nik_hash", "region_code", "period", "segment", "status", "programs", "employer_id")
    rows = [("a" * 64, "53.71.01.1001", "2024-06", "PU", "inactive", None, None)]
    pq.write_table(
        pa.table({name: pa.array([r[i] for r in rows], pa.string()) for i, name in enumerate(old)}),
        tmp_path / "old.parquet",
    )
    result = inactivity_run(
        parts=[(str(tmp_path / "old.parquet"), ["2024-06"])], region="53", period="2024-06", work_dir=tmp_path
    )
    assert result.durations is not None
    assert result.durations.to_pylist() == [
        {"area_code": "53.71", "segment": "PU", "band": "unknown", "people": 1}
    ]


def test_the_import_keeps_the_v2_columns_in_the_person_store_a_person_once(
    tmp_path: Path, engine: EngineConfig
) -> None:
    import pyarrow.parquet as pq

    from cakupan.analytics.rollup import rollup_run
    from cakupan.analytics.tests.conftest import keyed, person, write_parquet

    header = (
        "nik_hash",
        "kode_wilayah",
        "periode",
        "segmen",
        "status",
        "periode_iuran_terakhir",
        "bulan_daftar",
        "sumber_iuran",
        "kbli",
    )
    one, two = keyed(person(1)), keyed(person(2))
    rows = [
        (one, "53.71.01.1001", "2024-06", "PU", "nonaktif", "2024-02", "2020-01", "EMPLOYER", "47111"),
        (one, "53.71.01.1001", "2024-06", "BPU", "nonaktif", "2024-04", "2021-03", "mandiri", "01111"),
        (two, "53.71.01.1002", "2024-06", "BPU", "aktif", "2024-06", None, "APBDes", "G"),
    ]
    source = write_parquet(tmp_path / "v2.parquet", header, rows)
    out = tmp_path / "store.parquet"
    result = rollup_run(path=source, engine=engine, work_dir=tmp_path, persons_out=out)
    result.persons_written()
    assert result.ok, result.problems
    stored = {r["nik_hash"]: r for r in pq.read_table(out).to_pylist()}
    # Two memberships are one person: the latest payment, the earliest registration, the PU record's
    # funder and sector (PU decides).
    assert stored[one]["last_paid_period"] == "2024-04"
    assert stored[one]["registered_period"] == "2020-01"
    assert (stored[one]["funded_by"], stored[one]["kbli"]) == ("EMPLOYER", "47111")
    assert (stored[two]["funded_by"], stored[two]["registered_period"]) == ("APBDes", None)
