"""A real server with the full simulated demo data, and headless Chromium to look at it."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support import free_port, on_ci, own_database, run, serving

CHROMIUM = os.environ.get("CAKUPAN_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("CAKUPAN_TEST_ARTIFACTS", "test-artifacts"))
# A screenshot of the whole page makes Chromium lay out and paint all of it: 2 to 3.5 s of CPU for the
# national page (11,000 px tall at 1,366 px, 30,000 px on a phone), about 125 s of each pass's CPU for its
# screenshots, against 0.1 s for the window (measured by a helper, issue 20 §6). No test reads them: the
# window is saved, the whole page with CAKUPAN_TEST_SCREENSHOTS=full (to look at every page by hand).
FULL_PAGES = os.environ.get("CAKUPAN_TEST_SCREENSHOTS", "") == "full"


@dataclass(frozen=True)
class DemoSite:
    base_url: str
    env: dict[str, str]
    login: tuple[str, str]
    last_month: str  # the demo's latest month, as `cakupan demo` printed it (Jakarta's last month)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        if on_ci():
            pytest.fail(f"Chromium is required under CI and was not found at {CHROMIUM}")
        pytest.skip("Chromium is not installed (apt-get install -y chromium); `make test` installs it")
    return CHROMIUM


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[DemoSite]:
    data_dir = tmp_path_factory.mktemp("demo") / "var"
    with own_database(data_dir) as env:
        # The server's worker runs the jobs the tests ask for; drawing every chart ahead (minutes of CPU)
        # would only compete with the browser, so it is left to the pages.
        env["CAKUPAN_CHART_PREDRAW_LANGUAGES"] = ""
        shared = _shared_data()
        if shared is not None:
            env["CAKUPAN_SHARED_DATA"] = str(shared)
        done = run(env, "demo", "--no-serve", timeout=900)
        assert done.returncode == 0, done.stdout + done.stderr
        if shared is None:
            # Without the reference boundaries (a checkout with no ../shared/data), NTT's regencies are
            # drawn from squares, so the map pages are still the ones with boundaries.
            squares = data_dir.parent / "ntt-squares.geojson"
            squares.write_text(json.dumps(_ntt_squares()), encoding="utf-8")
            loaded = run(env, "import", "boundaries", str(squares))
            assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        password = (data_dir / "demo_login.txt").read_text(encoding="utf-8").strip()
        last_month = _demo_last_month(done.stdout)
        with serving(env, free_port()) as base_url:
            yield DemoSite(base_url=base_url, env=env, login=("demo", password), last_month=last_month)


def _demo_last_month(printed: str) -> str:
    """The month in `… 36 months up to 2026-11 for all 514 regencies …`: tests that add figures to the
    demo's latest month must name that month, or they open a new month in which one regency reports."""
    return re.findall(r"(\d{4}-\d{2})[^\n\d]+514", printed)[-1]


def _shared_data() -> Path | None:
    """The reference data folder with boundaries, wherever this checkout sits."""
    candidates = [os.environ.get("CAKUPAN_SHARED_DATA", ""), "../shared/data", "/work/shared/data"]
    for candidate in filter(None, candidates):
        path = Path(candidate).resolve()
        if (path / "geo" / "regencies.geojson").exists():
            return path
    return None


def _ntt_squares() -> dict[str, Any]:
    from lokal import wilayah

    from cakupan.maps.tests.geojson import collection, feature, polygon

    regencies = wilayah.list_wilayah("53")
    return collection(
        *(
            feature(r.code, polygon(119.0 + (i % 6) * 0.6, -10.5 + (i // 6) * 0.6, 0.5), name=r.name)
            for i, r in enumerate(regencies)
        )
    )


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page: Any, name: str, *, full_page: bool = FULL_PAGES) -> Path:
    """The page as the reader first sees it (its window), saved to look at; the whole page with
    `full_page` or CAKUPAN_TEST_SCREENSHOTS=full."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
