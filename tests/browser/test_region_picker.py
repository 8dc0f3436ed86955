"""The region picker in a real browser (issue 19): the analyst compares three provinces chosen by name
with the keyboard, and the public finds a regency's coverage on a phone (390 × 844) by typing its name.
Screenshots of both, at 1,366 and 390 px wide, in both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import DemoSite, screenshot
from tests.support import run

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROVINCES = {"Nusa Tenggara Timur": "53", "Nusa Tenggara Barat": "52", "Bali": "51"}


def _log_in(page: Any, base_url: str, login: tuple[str, str]) -> None:
    page.goto(base_url + "/akun/masuk/")
    page.fill("#id_username", login[0])
    page.fill("#id_password", login[1])
    page.press("#id_password", "Enter")
    page.wait_for_load_state()
    assert "/akun/masuk/" not in page.url


def _type_and_wait(page: Any, field: Any, text: str) -> None:
    field.fill("")
    with page.expect_response(lambda r: "/pilih-wilayah/" in r.url):
        field.type(text, delay=15)
    page.wait_for_function("(el) => el.getAttribute('aria-expanded') === 'true'", arg=field.element_handle())


def compare_three_provinces_by_name(page: Any, base_url: str, lang: str, shot: str) -> None:
    page.context.add_cookies([{"name": "cakupan_lang", "value": lang, "url": base_url}])
    page.goto(base_url + "/bandingkan/")
    field = page.locator("input[role=combobox]")
    for name, code in PROVINCES.items():
        _type_and_wait(page, field, name[:9].lower())
        listbox = page.locator("[role=listbox]")
        assert not listbox.is_hidden()
        # Down to the option of that name, then Enter: the keyboard picks, as a screen-reader user would.
        options = listbox.locator("[role=option][data-code]")
        codes = [options.nth(i).get_attribute("data-code") for i in range(options.count())]
        assert code in codes, (name, codes)
        for _ in range(codes.index(code) + 1):
            field.press("ArrowDown")
        active = field.get_attribute("aria-activedescendant")
        assert active and page.locator(f"#{active}").get_attribute("data-code") == code
        field.press("Enter")
        assert field.get_attribute("aria-expanded") == "false"
        assert page.locator(f'input[type=checkbox][name=wilayah][value="{code}"]').is_checked()
    # Escape closes an open list without picking.
    _type_and_wait(page, field, "kupang")
    field.press("Escape")
    assert field.get_attribute("aria-expanded") == "false"
    field.fill("")
    screenshot(page, f"{shot}-picked")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state()
    assert re.search(r"wilayah=53.*wilayah=52.*wilayah=51", page.url), page.url
    header = page.locator("table.compare thead th").all_inner_texts()
    assert [h.strip() for h in header[1:]] == list(PROVINCES)
    assert page.locator('td[data-figure="coverage_rate"]').count() == 3
    screenshot(page, f"{shot}-table")


def public_finds_a_regency_on_a_phone(page: Any, base_url: str, lang: str, shot: str) -> None:
    page.context.add_cookies([{"name": "cakupan_lang", "value": lang, "url": base_url}])
    page.goto(base_url + "/")
    field = page.locator("form.find-region input[role=combobox]")
    _type_and_wait(page, field, "kota kupang")
    option = page.locator('[role=option][data-code="53.71"]')
    assert "Nusa Tenggara Timur" in option.inner_text()
    box, width = option.bounding_box(), page.viewport_size["width"]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1
    screenshot(page, f"{shot}-matches")
    option.click()  # a tap on the option picks it
    assert field.input_value().startswith("Kota Kupang — Nusa Tenggara Timur")
    page.locator("form.find-region button[type=submit]").click()
    page.wait_for_load_state()
    assert "/wilayah/53.71/" in page.url
    coverage = page.locator('[data-figure="coverage_rate"]').first
    assert "%" in coverage.inner_text() and coverage.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    screenshot(page, f"{shot}-regency")


@pytest.fixture(scope="module")
def analyst(demo_site: DemoSite) -> tuple[str, str]:
    done = run(demo_site.env, "user", "add", "picker_analyst", "--role", "NATIONAL_ANALYST", "--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    found = re.search(r"Password \(shown once\): (\S+)", done.stdout)
    assert found, done.stdout
    return "picker_analyst", found.group(1)


@pytest.fixture
def sized(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(width: int, height: int) -> Any:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_an_analyst_compares_three_provinces_chosen_by_name(
    demo_site: DemoSite, analyst: tuple[str, str], sized: Any, lang: str
) -> None:
    page = sized(1366, 900)
    _log_in(page, demo_site.base_url, analyst)
    compare_three_provinces_by_name(page, demo_site.base_url, lang, f"picker-compare-1366-{lang}")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_public_finds_a_regencys_coverage_on_a_phone(demo_site: DemoSite, sized: Any, lang: str) -> None:
    page = sized(390, 844)
    public_finds_a_regency_on_a_phone(page, demo_site.base_url, lang, f"picker-phone-390-{lang}")


@pytest.fixture(scope="module")
def bpjs_officer(demo_site: DemoSite) -> tuple[str, str]:
    how = ("--role", "BPJS_OFFICER", "--region", "53.71", "--lang", "en")
    done = run(demo_site.env, "user", "add", "picker_bpjs", *how)
    assert done.returncode == 0, done.stdout + done.stderr
    found = re.search(r"Password \(shown once\): (\S+)", done.stdout)
    assert found, done.stdout
    return "picker_bpjs", found.group(1)


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_a_bpjs_officer_declares_a_participant_file_complete_for_a_city_picked_by_name(
    demo_site: DemoSite, bpjs_officer: tuple[str, str], sized: Any, tmp_path: Any, width: int, height: int
) -> None:
    from cakupan.participants.tests.helpers import keyed, participants_file, person

    rows = [(keyed(person(n)), "53.71.01.1001", "2024-06", "PU", "active", "JKK") for n in (1, 2, 3)]
    upload = participants_file(tmp_path, rows, "kupang.parquet")
    page = sized(width, height)
    _log_in(page, demo_site.base_url, bpjs_officer)
    page.context.add_cookies([{"name": "cakupan_lang", "value": "en", "url": demo_site.base_url}])
    page.goto(demo_site.base_url + "/peserta/impor/")
    page.set_input_files("#id_file", str(upload))
    field = page.locator("input[role=combobox]")
    _type_and_wait(page, field, "kota kup")
    # Only the officer's own regions are offered: Kota Kupang, not Kabupaten Kupang.
    codes = page.locator("[role=listbox] [role=option][data-code]").evaluate_all(
        "options => options.map(o => o.dataset.code)"
    )
    assert codes == ["53.71"], codes
    field.press("ArrowDown")
    field.press("Enter")
    assert page.locator('input[type=checkbox][name=covers][value="53.71"]').is_checked()
    with page.expect_navigation():
        page.locator("button[value=check]").click()
    outcome = page.locator("#outcome")
    assert outcome.get_attribute("data-stored") == "false"  # a check stores nothing
    assert "Declared complete for: Kota Kupang — Nusa Tenggara Timur" in outcome.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    screenshot(page, f"picker-participants-{width}")
