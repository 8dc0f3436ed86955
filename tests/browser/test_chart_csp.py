"""Every page with charts draws them under the site's Content-Security-Policy without one violation: the
region pages, whose charts the browser draws with the vendored Vega (docs/adr/0007-charts-in-the-page.md),
and the pages whose charts the server draws (a region page without JavaScript, the compare page). The
browser's charts are the same accessible images, with the same texts, as the server's."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import DemoSite, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Records every violation the page reports, from its first script on.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || ""));
});
"""

# (address, language, browser-drawn charts, server-drawn charts)
PAGES = [
    ("/", "id", 2, 0),
    ("/wilayah/53/", "id", 2, 0),
    ("/wilayah/53.71/", "id", 2, 0),
    ("/wilayah/53.71/", "en", 2, 0),
    ("/wilayah/53.71/?grafik=1", "id", 0, 2),
    ("/bandingkan/?wilayah=51,52,53", "id", 0, 1),
]
WIDTHS = {"wide": (1366, 900), "phone": (390, 844)}


def _open(browser: Any, site: DemoSite, address: str, lang: str, width: str) -> tuple[Any, Any, list[str]]:
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h})
    context.add_cookies([{"name": "cakupan_lang", "value": lang, "url": site.base_url}])
    context.add_init_script(LISTEN)
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    response = page.goto(site.base_url + address)
    assert response is not None and response.status == 200
    policy = response.headers.get("content-security-policy", "")
    # The policy the charts must live with: own scripts and styles only, no eval, no inline style.
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe" not in policy
    return context, page, problems


def _wait_for_drawn(page: Any, count: int) -> None:
    # A locator, not wait_for_function: Playwright evaluates a function's text, which the policy forbids.
    page.locator("div.vega-chart[data-drawn='1'] > svg").nth(count - 1).wait_for(timeout=30_000)


def _charts(page: Any) -> list[dict[str, Any]]:
    return list(
        page.evaluate(
            """Array.from(document.querySelectorAll('svg.chart')).map(svg => ({
                role: svg.getAttribute('role'),
                label: svg.getAttribute('aria-label') || '',
                title: (svg.querySelector(':scope > title') || {}).textContent || '',
                inner: svg.querySelectorAll('[role], [aria-label], [aria-roledescription]').length,
                style: svg.querySelectorAll('style, [style]').length,
                browser: !!svg.closest('div.vega-chart'),
                texts: Array.from(svg.querySelectorAll('text')).map(t => t.textContent),
            }))"""
        )
    )


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize(("address", "lang", "drawn", "served"), PAGES)
def test_the_charts_of_a_page_draw_without_a_policy_violation(
    demo_site: DemoSite, browser: Any, address: str, lang: str, drawn: int, served: int, width: str
) -> None:
    context, page, problems = _open(browser, demo_site, address, lang, width)
    try:
        if drawn:
            _wait_for_drawn(page, drawn)
        else:
            page.wait_for_load_state("networkidle")
        charts = _charts(page)
        name = re.sub(r"[^a-z0-9]+", "-", f"csp-{address}-{lang}-{width}").strip("-")
        screenshot(page, name)
        assert page.evaluate("window.__violations") == []
        assert problems == []
        assert [c["browser"] for c in charts] == [True] * drawn + [False] * served
        for chart in charts:
            # One image for assistive technology, named by the chart's text, titled, silent inside.
            assert chart["role"] == "img" and chart["label"] and chart["title"]
            assert chart["inner"] == 0 and chart["style"] == 0
        if drawn and lang == "id":
            texts = charts[0]["texts"]
            assert "UCJ 95 %" in texts and any(re.fullmatch(r"\d{1,3},\d\d %", t) for t in texts), texts
        if drawn and lang == "en":
            assert "UCJ 95%" in charts[0]["texts"]
    finally:
        context.close()


def test_the_browser_draws_the_charts_the_server_draws(demo_site: DemoSite, browser: Any) -> None:
    # Same Vega, same locales, same specification: the same words and numbers on the page as in the PDF.
    context, page, _problems = _open(browser, demo_site, "/wilayah/53.71/", "id", "wide")
    try:
        _wait_for_drawn(page, 2)
        drawn = _charts(page)
        page.goto(demo_site.base_url + "/wilayah/53.71/?grafik=1")
        served = _charts(page)
        assert [c["texts"] for c in drawn] == [c["texts"] for c in served]
        assert [(c["label"], c["title"]) for c in drawn] == [(c["label"], c["title"]) for c in served]
    finally:
        context.close()
