"""`cakupan indicators` and `cakupan ranking` say when a month has no figures and name the nearest months
that have some, as the API and the region page do (issue 15 §2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cakupan.cli import main
from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, participation_rows

pytestmark = pytest.mark.django_db


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def march_and_june(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workforce = tmp_path / "wf.csv"
    workforce.write_bytes(csv_bytes(WORKFORCE_HEADER, [("53", "2024-03", "total", "1000000", "BPS")]))
    assert _run(capsys, "import", "workforce", str(workforce))[0] == 0
    for month in ("2024-03", "2024-06"):
        path = tmp_path / f"p-{month}.csv"
        path.write_bytes(csv_bytes(PARTICIPATION_HEADER, participation_rows("53", month, {"PU": 300_000})))
        assert _run(capsys, "import", "participation", str(path))[0] == 0


def test_indicators_of_a_month_without_figures_name_the_nearest_months(
    march_and_june: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "indicators", "53", "2024-04", "--lang", "en")
    assert (code, out) == (1, "")
    assert err.strip() == (
        "No figures for Nusa Tenggara Timur (53) in April 2024. Nearest months with figures: "
        "March 2024, June 2024."
    )


def test_the_ranking_of_a_month_without_figures_says_so_the_same_way(
    march_and_june: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "ranking", "00", "2024-05", "--lang", "en")
    assert code == 1
    assert "in May 2024. Nearest months with figures: March 2024, June 2024." in err
    assert _run(capsys, "ranking", "00", "2024-06", "--lang", "en")[0] == 0


def test_a_region_without_any_month_says_none_has_figures(
    march_and_june: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "indicators", "51", "2024-06", "--lang", "en")
    assert code == 1 and "No month has figures for this region yet." in err
