from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cakupan.cli import main


def test_demo_refuses_to_run_in_production(settings: Any, capsys: pytest.CaptureFixture[str]) -> None:
    settings.ENVIRONMENT = "production"
    assert main(["demo", "--no-serve", "--lang=en"]) == 2
    assert "does not run with CAKUPAN_ENV=production" in capsys.readouterr().err


@pytest.mark.parametrize("writable", ["", "cache", "cache/charts"])
def test_a_world_writable_data_folder_stops_the_server_worker_and_demo(
    writable: str, settings: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.DATA_DIR = tmp_path
    (tmp_path / "cache" / "charts").mkdir(parents=True)
    (tmp_path / writable).chmod(0o777)
    for command in ("serve", "worker", "demo"):
        assert main([command, "--lang=en"]) == 1
        err = capsys.readouterr().err
        assert f"The data folder {tmp_path / writable}".rstrip("/") in err and "chmod o-w" in err


@pytest.mark.django_db
def test_a_private_data_folder_lets_the_worker_start(
    settings: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.DATA_DIR = tmp_path
    tmp_path.chmod(0o700)
    assert main(["worker", "--once", "--lang=en"]) == 0
    assert "data folder" not in capsys.readouterr().err
