"""The `cakupan` command line contract (spec/cli.md), run in-process against the test database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client

from cakupan.cli import main
from cakupan.imports.models import ImportBatch
from cakupan.indicators.models import ParticipationFigure
from tests.personas import (
    PARTICIPATION_HEADER,
    TARGETS_HEADER,
    WORKFORCE_HEADER,
    csv_bytes,
    participation_rows,
)

pytestmark = pytest.mark.django_db

# The worked example of the data contract: Nusa Tenggara Timur, June 2024.
NTT_WORKFORCE = csv_bytes(WORKFORCE_HEADER, [("53", "2024-06", "total", "1654526", "BPS Sakernas")])
NTT_PARTICIPATION = csv_bytes(
    PARTICIPATION_HEADER,
    participation_rows(
        "53",
        "2024-06",
        {"PU": 400_000, "BPU": 120_000, "JAKON": 30_115, "PMI": 8_000},
        {"PU": 90_000, "BPU": 60_000},
    ),
)


def _write(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ntt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "import", "workforce", _write(tmp_path, "wf.csv", NTT_WORKFORCE))[0] == 0
    assert _run(capsys, "import", "participation", _write(tmp_path, "p.csv", NTT_PARTICIPATION))[0] == 0


def test_the_worked_example_comes_out_of_the_cli_as_json(
    ntt: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "indicators", "53", "2024-06", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["coverage_rate"] == 33.73
    assert data["gap_points"] == 61.27
    assert data["workers_to_protect"] == 1_013_685
    assert (data["active"], data["inactive"], data["registered"], data["workers"]) == (
        558_115,
        150_000,
        708_115,
        1_654_526,
    )
    assert data["segments"]["PU"] == {
        "label": "Penerima upah (PU)",  # the code's words, in the command's language
        "active": 400_000,
        "inactive": 90_000,
        "registered": 490_000,
        "share": 71.67,
    }
    assert data["target_rate"] is None and data["workers_to_target"] is None


def test_indicators_are_printed_the_indonesian_way_by_default(
    ntt: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "indicators", "53", "2024-06")
    assert code == 0
    assert "33,73 %" in out and "1.013.685" in out and "61,27 poin" in out and "Juni 2024" in out


def test_english_is_given_on_request(ntt: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "indicators", "53", "2024-06", "--lang", "en")
    assert code == 0
    assert "33.73%" in out and "1,013,685" in out and "June 2024" in out and "Coverage" in out


def test_undotted_codes_are_accepted(ntt: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert json.loads(_run(capsys, "indicators", "53", "2024-06", "--json")[1])["region_code"] == "53"


def test_an_unknown_region_or_empty_month_exits_1_with_a_message(
    ntt: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "indicators", "99", "2024-06", "--lang", "en")
    assert code == 1 and "Unknown region 99" in err
    code, _, err = _run(capsys, "indicators", "53", "2023-01", "--lang", "en")
    assert code == 1 and "No figures" in err
    code, _, err = _run(capsys, "indicators", "53", "2023-6")
    assert code == 1 and "YYYY-MM" in err


def test_a_month_out_of_range_says_which_part_is_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "ranking", "00", "1999-01", "--lang", "en")
    assert (code, err.strip()) == (1, "1999-01: the year must be between 2000 and 2100.")
    code, _, err = _run(capsys, "indicators", "53", "2023-13", "--lang", "en")
    assert (code, err.strip()) == (1, "2023-13: the month must be 01 to 12.")


def test_a_falling_region_is_said_not_to_reach_its_target_at_this_pace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    months = ("2024-04", "2024-05", "2024-06")
    files = {
        "workforce": csv_bytes(WORKFORCE_HEADER, [("53", m, "total", "1000", "") for m in months]),
        "participation": csv_bytes(
            PARTICIPATION_HEADER,
            [("53", m, "PU", "active", n) for m, n in zip(months, ("300", "250", "200"), strict=True)],
        ),
        "targets": csv_bytes(TARGETS_HEADER, [("53", "2024", "coverage_rate", "50", "Pergub")]),
    }
    for dataset, content in files.items():
        assert _run(capsys, "import", dataset, _write(tmp_path, f"{dataset}.csv", content))[0] == 0
    assert (
        json.loads(_run(capsys, "indicators", "53", "2024-06", "--json")[1])["target_reached_month"] is None
    )
    code, out, _ = _run(capsys, "indicators", "53", "2024-06", "--lang", "en")
    line = next(line for line in out.splitlines() if line.startswith("Target reached at the recent pace"))
    assert code == 0 and line.endswith("  Not reached at the recent pace.")


def test_ranking_lists_the_children_highest_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wf = csv_bytes(
        WORKFORCE_HEADER,
        [
            ("53.01", "2024-06", "total", "100", ""),
            ("53.02", "2024-06", "total", "100", ""),
            ("53.03", "2024-06", "total", "100", ""),
        ],
    )
    part = csv_bytes(
        PARTICIPATION_HEADER,
        [
            ("53.01", "2024-06", "PU", "active", "20"),
            ("53.02", "2024-06", "PU", "active", "50"),
            ("53.03", "2024-06", "PU", "active", "50"),
        ],
    )
    _run(capsys, "import", "workforce", _write(tmp_path, "w.csv", wf))
    _run(capsys, "import", "participation", _write(tmp_path, "p.csv", part))
    code, out, _ = _run(capsys, "ranking", "53", "2024-06", "--json")
    assert code == 0
    ranked = [(r["rank"], r["region_code"], r["coverage_rate"]) for r in json.loads(out)["regions"]]
    assert ranked == [(1, "53.02", 50.0), (1, "53.03", 50.0), (3, "53.01", 20.0)]


def test_a_bad_file_exits_1_lists_every_problem_and_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = csv_bytes(
        PARTICIPATION_HEADER,
        [("53", "2024-13", "PU", "active", "1"), ("53", "2024-06", "PU", "active", "-1")],
    )
    code, out, _ = _run(capsys, "import", "participation", _write(tmp_path, "bad.csv", bad), "--lang", "en")
    assert code == 1
    assert "bad.csv: row 2, column period" in out and "bad.csv: row 3, column participants" in out
    assert "Nothing was stored" in out
    assert ImportBatch.objects.count() == 0 and ParticipationFigure.objects.count() == 0


def test_counts_of_one_are_singular_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def imported(name: str, rows: list[tuple[str, ...]]) -> str:
        content = csv_bytes(WORKFORCE_HEADER, rows)
        return _run(capsys, "import", "workforce", _write(tmp_path, name, content), "--lang", "en")[1]

    out = imported("one.csv", [("53.01", "2024-06", "total", "10", "")])
    assert "one.csv: 1 row, 1 region, 2024-06 to 2024-06." in out and ": 1 new figure, 0 replaced" in out
    out = imported(
        "two.csv", [("53.02", "2024-06", "total", "10", ""), ("53.03", "2024-06", "total", "9", "")]
    )
    assert "two.csv: 2 rows, 2 regions, 2024-06 to 2024-06." in out and ": 2 new figures, 0 replaced" in out
    out = imported("bad1.csv", [("53.01", "2024-13", "total", "10", "")])
    assert "bad1.csv is refused: 1 problem. Nothing was stored." in out
    out = imported("bad2.csv", [("53.01", "2024-13", "total", "-1", "")])
    assert "bad2.csv is refused: 2 problems. Nothing was stored." in out


def test_a_refused_files_json_report_counts_every_data_row_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ("53", "2024-06", "PU", "active", "1"),
        ("53", "2024-13", "PU", "active", "1"),
        ("53", "2024-13", "BPU", "active", "1"),
        ("53", "2024-13", "PMI", "active", "1"),
        ("53", "2024-06", "BPU", "active", "1"),
    ]
    content = csv_bytes(PARTICIPATION_HEADER, rows)
    code, out, _ = _run(capsys, "import", "participation", _write(tmp_path, "five.csv", content), "--json")
    report = json.loads(out)
    assert (code, report["valid"], report["rows"], len(report["problems"])) == (1, False, 5, 3)


def test_a_dry_run_validates_and_stores_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "import", "participation", _write(tmp_path, "p.csv", NTT_PARTICIPATION), "--dry-run", "--json"
    )
    assert code == 0
    report = json.loads(out)
    assert report["valid"] and report["dry_run"] and not report["stored"] and report["new"] == 6
    assert ImportBatch.objects.count() == 0


def test_a_dry_run_names_the_figures_it_would_replace_and_the_file_behind_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = csv_bytes(PARTICIPATION_HEADER, [("53", "2024-06", "PU", "active", "1000")])
    assert _run(capsys, "import", "participation", _write(tmp_path, "juni.csv", first))[0] == 0
    batch = ImportBatch.objects.get()
    again = csv_bytes(PARTICIPATION_HEADER, [("53", "2024-06", "PU", "active", "1200")])
    path = _write(tmp_path, "juni-revisi.csv", again)
    code, out, _ = _run(capsys, "import", "participation", path, "--dry-run", "--lang", "en")
    assert code == 0
    assert "row 2, 53 2024-06 PU active" in out and f"1,000 → 1,200 (file juni.csv, batch #{batch.pk})" in out
    code, out, _ = _run(capsys, "import", "participation", path, "--dry-run", "--json")
    (replaced,) = json.loads(out)["replaced_figures"]
    assert (replaced["old_value"], replaced["new_value"]) == (1000, 1200)
    assert (replaced["old_file_name"], replaced["old_batch_id"]) == ("juni.csv", batch.pk)
    assert replaced["old_origin"] == "aggregate" and ImportBatch.objects.count() == 1


def test_importing_the_same_file_twice_says_nothing_changed(
    ntt: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        capsys, "import", "participation", _write(tmp_path, "p.csv", NTT_PARTICIPATION), "--lang", "en"
    )
    assert code == 0 and "Nothing changed" in out
    assert ImportBatch.objects.count() == 2


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "import", "nonsense", _write(tmp_path, "x.csv", b"a"))[0] == 2
    assert _run(capsys, "import", "workforce", str(tmp_path / "missing.csv"))[0] == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["indicators"])
    assert exit_info.value.code == 2


def test_the_worked_example_end_to_end_file_import_cli_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], client: Client
) -> None:
    """NTT, June 2024, from the files through `cakupan import` to `cakupan indicators` and the page."""
    for dataset, content in (("workforce", NTT_WORKFORCE), ("participation", NTT_PARTICIPATION)):
        assert _run(capsys, "import", dataset, _write(tmp_path, f"{dataset}.csv", content))[0] == 0
    data = json.loads(_run(capsys, "indicators", "53", "2024-06", "--json")[1])
    html = client.get("/wilayah/53/", {"periode": "2024-06"}).content.decode()
    assert (data["coverage_rate"], data["gap_points"], data["workers_to_protect"]) == (
        33.73,
        61.27,
        1_013_685,
    )
    assert 'data-figure="coverage_rate" data-value="33.73"' in html and "33,73 %" in html
    assert 'data-figure="gap_points" data-value="61.27"' in html and "61,27 poin" in html
    assert 'data-figure="workers_to_protect" data-value="1013685"' in html and "1.013.685" in html


def test_ranking_text_carries_the_warnings_of_its_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wf = csv_bytes(
        WORKFORCE_HEADER, [("53.01", "2024-06", "total", "100", ""), ("53.71", "2024-06", "total", "100", "")]
    )
    part = csv_bytes(
        PARTICIPATION_HEADER,
        [("53.01", "2024-06", "PU", "active", "1016"), ("53.71", "2024-06", "PU", "active", "50")],
    )
    _run(capsys, "import", "workforce", _write(tmp_path, "w.csv", wf))
    _run(capsys, "import", "participation", _write(tmp_path, "p.csv", part))
    code, out, _ = _run(capsys, "ranking", "53", "2024-06", "--lang", "en")
    assert code == 0
    warned = [line for line in out.splitlines() if line.lstrip().startswith("!")]
    assert len(warned) == 1 and "53.01" in warned[0] and "100" in warned[0]


def test_the_plain_text_shows_every_figure_the_region_page_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cakupan.common import formatting as f
    from cakupan.indicators.library import region_indicators

    months = ("2024-04", "2024-05", "2024-06")
    workforce = [
        (code, m, sector, n)
        for m in months
        for code in ("53", "52")
        for sector, n in (("total", "1000"), ("formal", "400"), ("informal", "600"))
    ]
    participation = [
        (code, m, segment, "active", n)
        for m, pu, bpu in zip(months, ("200", "220", "240"), ("100", "110", "120"), strict=True)
        for code, segment, n in (("53", "PU", pu), ("53", "BPU", bpu), ("52", "PU", "500"))
    ]
    files = {
        "workforce": csv_bytes(WORKFORCE_HEADER, [(*row, "BPS Sakernas") for row in workforce]),
        "participation": csv_bytes(PARTICIPATION_HEADER, participation),
        "targets": csv_bytes(TARGETS_HEADER, [("53", "2024", "coverage_rate", "50", "Pergub")]),
    }
    for dataset, content in files.items():
        assert _run(capsys, "import", dataset, _write(tmp_path, f"{dataset}.csv", content))[0] == 0
    code, out, _ = _run(capsys, "indicators", "53", "2024-06", "--lang", "en")
    assert code == 0
    lines = dict(line.split("  ", 1) for line in out.splitlines() if "  " in line)
    shown = {label.strip(): value.strip() for label, value in lines.items()}
    ind = region_indicators("53", "2024-06")
    assert ind is not None and ind.pace_points_per_month and ind.months_to_target
    assert shown["Difference to national"] == f.fmt_points(ind.diff_to_national_points, "en")
    assert shown["Wage earners covered (of formal workers)"] == f.fmt_pct(ind.pu_coverage_rate, "en")
    assert shown["Non-wage earners covered (of informal workers)"] == f.fmt_pct(ind.bpu_coverage_rate, "en")
    assert shown["Informal workers not yet protected"] == f.fmt_int(ind.bpu_unprotected, "en") == "480"
    assert shown["Recent pace a month"] == f.fmt_points(ind.pace_points_per_month, "en")
    assert shown["Target reached at the recent pace"].startswith(f"{ind.months_to_target} months, by ")
    assert shown["UCJ reached at the recent pace"].endswith(f.fmt_month(ind.ucj_reached_month, "en"))
    # Segments by their names, not their codes.
    assert "Active PU" not in shown
    assert any(label.startswith("Active ") and label.endswith("(PU)") for label in shown)
