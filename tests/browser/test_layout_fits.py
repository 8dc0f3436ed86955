"""Every page template fits a 1,366 × 900 window and a 390 × 844 phone: the page never scrolls
sideways, and each cell marked as an action or status cell (`data-keep`, see "Responsive tables" in
cakupan.css) lies inside the viewport. One browser, one server, one login per persona and width.

To add a page: append (persona, address) to CASES; a persona is a key of PERSONAS. (The demo has no
meetings nor compliance cases: their pages are measured at both widths by the tests that make them,
test_meeting_minutes and test_inspection_letter.)"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.browser.conftest import DemoSite, screenshot
from tests.personas import PARTICIPATION_HEADER, csv_bytes
from tests.support import run

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = {"wide": (1366, 900), "phone": (390, 844)}

# persona → how to get its login: None for the public, "demo" for the demo analyst, or the arguments of
# `cakupan user add` (a role and its regions).
PERSONAS: dict[str, tuple[str, ...] | None] = {
    "public": None,
    "analyst": ("demo",),  # the demo login: an administrator, who sees every page
    "officer": ("--role", "REGIONAL_OFFICER", "--region", "53"),
}

# (persona, address): one of each distinct page template, with the richest demo data.
CASES: list[tuple[str, str]] = [
    ("public", "/"),
    ("public", "/?tampilan=tabel"),
    ("public", "/wilayah/53/"),
    ("public", "/wilayah/53.71/"),
    ("public", "/peringkat/53/"),
    ("analyst", "/peringkat/00/"),  # the national ranking: its province filter beside the month
    ("public", "/bandingkan/?wilayah=51,52,53,61,62,63"),
    ("public", "/data-terbuka/"),
    ("public", "/data-terbuka/53/"),
    ("public", "/akun/masuk/"),
    ("analyst", "/impor/"),
    ("analyst", "/impor/batch/1/"),
    ("analyst", "/laporan/batch/"),
    ("analyst", "/tugas/"),
    ("analyst", "/akun/"),
    ("officer", "/wilayah/53/"),
    # Monev and compliance pages (their own helpers' templates, on the same classes).
    ("analyst", "/monev/"),
    ("analyst", "/monev/rapat/"),
    ("analyst", "/monev/tindak-lanjut/terlambat/"),
    ("analyst", "/monev/inpres/53/"),
    ("analyst", "/monev/skor/53/"),
    ("analyst", "/monev/pendanaan/53/"),
    ("analyst", "/monev/target/53/"),
    ("analyst", "/monev/ringkasan/"),
    ("analyst", "/kepatuhan/"),
    ("analyst", "/kepatuhan/wilayah/53/"),
    ("analyst", "/kepatuhan/wilayah/53/kasus/"),
    ("analyst", "/kepatuhan/wilayah/53/pemberi-kerja/"),
    ("analyst", "/kepatuhan/wilayah/53/kandidat/"),
    ("analyst", "/kepatuhan/cek-izin/"),
    ("analyst", "/kepatuhan/impor/"),
    ("analyst", "/monev/regulasi/"),
    ("analyst", "/monev/linimasa/53/"),
    ("analyst", "/monev/perisai/53/"),
    ("analyst", "/monev/laporan-penerima/"),
    ("analyst", "/monev/impor/"),
    ("analyst", "/peserta/impor/"),
    ("analyst", "/peserta/cocokkan/"),
    ("analyst", "/audit/"),
    ("analyst", "/permintaan-data/"),
    ("officer", "/saya/"),
    ("public", "/cari/?wilayah=kupang"),
]

# Where each cell must lie, asked of the page: the page's width, and the keep-cells outside it. A header
# row hidden for the cards of a phone (still read by screen readers) is not on screen to check.
MEASURE = """() => {
  const root = document.documentElement, width = root.clientWidth;
  const hidden = cell => {
    const head = cell.closest('thead');
    return head && getComputedStyle(head).position === 'absolute';
  };
  const outside = [...document.querySelectorAll('[data-keep]')]
    .filter(cell => cell.getClientRects().length && !hidden(cell))
    .map(cell => [cell.getBoundingClientRect(), cell.textContent.trim().slice(0, 40)])
    .filter(([box]) => box.left < -1 || box.right > width + 1)
    .map(([box, text]) => `${text} at ${Math.round(box.left)}–${Math.round(box.right)}`);
  return {scrollWidth: root.scrollWidth, width, outside};
}"""


@pytest.fixture(scope="module")
def logins(demo_site: DemoSite) -> dict[str, tuple[str, str] | None]:
    made: dict[str, tuple[str, str] | None] = {}
    for persona, how in PERSONAS.items():
        if how is None:
            made[persona] = None
        elif how == ("demo",):
            made[persona] = demo_site.login
        else:
            name = f"layout_{persona}"
            done = run(demo_site.env, "user", "add", name, *how, "--lang", "en")
            assert done.returncode == 0, done.stdout + done.stderr
            found = re.search(r"Password \(shown once\): (\S+)", done.stdout)
            assert found, done.stdout
            made[persona] = (name, found.group(1))
    return made


@pytest.fixture(scope="module")
def page_for(
    browser: Any, demo_site: DemoSite, logins: dict[str, Any]
) -> Iterator[Callable[[str, str], Any]]:
    """One logged-in page per (persona, width), opened when first asked for."""
    opened: dict[tuple[str, str], Any] = {}
    contexts = []

    def get(persona: str, width: str) -> Any:
        if (persona, width) not in opened:
            w, h = WIDTHS[width]
            context = browser.new_context(viewport={"width": w, "height": h})
            contexts.append(context)
            page = context.new_page()
            login = logins[persona]
            if login is not None:
                page.goto(demo_site.base_url + "/akun/masuk/")
                page.fill("#id_username", login[0])
                page.fill("#id_password", login[1])
                with page.expect_navigation():
                    page.press("#id_password", "Enter")
                assert "/akun/masuk/" not in page.url, f"{persona} could not log in"
            opened[persona, width] = page
        return opened[persona, width]

    yield get
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize(("persona", "address"), CASES)
def test_the_page_fits_and_its_action_and_status_cells_are_on_screen(
    page_for: Callable[[str, str], Any], demo_site: DemoSite, persona: str, address: str, width: str
) -> None:
    page = page_for(persona, width)
    response = page.goto(demo_site.base_url + address)
    assert response is not None and response.status == 200, f"{address}: {response and response.status}"
    # The parts that arrive by HTMX (charts, fragments) are part of the page.
    page.wait_for_load_state("networkidle")
    measured = page.evaluate(MEASURE)
    name = re.sub(r"[^a-z0-9]+", "-", f"layout-{persona}-{address}-{width}".lower()).strip("-")
    shot = screenshot(page, name)
    wide, seen = measured["scrollWidth"], measured["width"]
    assert wide <= seen, f"{address} at {width} scrolls sideways: {wide} px in {seen} px ({shot})"
    assert not measured["outside"], f"{address} at {width}: cells off screen {measured['outside']} ({shot})"


# A refused file, its problems the widest table of the import pages: long values and long reasons.
REFUSED_ROWS = [
    ("99.99", "2024-06", "PU", "active", "12"),
    ("53.71", "Juni 2024 akhir bulan", "PU", "active", "1,5"),
    ("53.71", "2024-06", "SEGMEN_YANG_TIDAK_ADA_DI_KAMUS_DATA", "aktif sekali", "-4"),
]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_problems_of_a_refused_file_fit_with_their_reasons_on_screen(
    page_for: Callable[[str, str], Any], demo_site: DemoSite, width: str
) -> None:
    page = page_for("analyst", width)
    page.goto(demo_site.base_url + "/impor/")
    page.select_option("#id_dataset", "participation")
    content = csv_bytes(PARTICIPATION_HEADER, REFUSED_ROWS)
    page.set_input_files("#id_file", {"name": "peserta.csv", "mimeType": "text/csv", "buffer": content})
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    assert page.locator("#problems tbody tr").count() >= len(REFUSED_ROWS)
    measured = page.evaluate(MEASURE)
    shot = screenshot(page, f"layout-analyst-refused-file-{width}")
    assert measured["scrollWidth"] <= measured["width"], f"refused file at {width} scrolls sideways ({shot})"
    assert page.locator("#problems td[data-keep]").count() >= len(REFUSED_ROWS)
    assert not measured["outside"], f"refused file at {width}: off screen {measured['outside']} ({shot})"
