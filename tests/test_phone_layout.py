"""Phone widths: no page type scrolls sideways at 320 px, and headings hyphenate in Swedish."""

from __future__ import annotations

from typing import Any

import pytest

PAGES = [
    "index.html",
    "projekt/hela-sverige-service-i-samverkan.html",
    "projekt/bjorbo-pakethantering.html",
    "lan/index.html",
    "lan/dalarna.html",
    "metod/lea.html",
    "statistik.html",
    "search.html?q=servicepunkt",
    "lagg-till.html",
    "jamfor.html?p=hela-sverige-service-i-samverkan,bjorbo-pakethantering,pipos-serviceanalys",
    "forvaltning/prestanda.html",
    "handbook-region.html",
    "404.html",
]


@pytest.fixture(scope="module")
def phone(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="sv-SE", device_scale_factor=2)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scrolling_at_320_px(phone: Any, server: str, path: str) -> None:
    phone.goto(server + path, wait_until="load")
    if path.startswith("search"):
        phone.wait_for_function("document.getElementById('sh-results')?.getAttribute('aria-busy') === 'false'")
    if path.startswith("jamfor"):
        phone.wait_for_function("document.getElementById('sh-compare-result')?.getAttribute('aria-busy') === 'false'")
    scroll, client = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert client == 320
    assert scroll <= client, f"{path}: the page is {scroll} px wide at a {client} px viewport"


@pytest.mark.parametrize("width", [320, 390])
def test_headings_hyphenate_and_the_title_is_not_broken_inside_a_word(browser: Any, server: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 640}, locale="sv-SE")
    page = context.new_page()
    page.goto(server + "index.html", wait_until="load")
    assert page.evaluate("document.documentElement.lang") == "sv"
    for selector in ("h1", "h2"):
        assert page.evaluate(f"getComputedStyle(document.querySelector('article {selector}')).hyphens") == "auto"
    # "Servicehandboken" is one word: it must sit on one line, not break as "Servicehandboke / n".
    text, lines = page.evaluate(
        "(() => { const t = document.querySelector('article h1').firstChild; const r = document.createRange();"
        " r.selectNodeContents(t); return [t.textContent, r.getClientRects().length]; })()"
    )
    context.close()
    assert text == "Servicehandboken"
    assert lines == 1, f"the title breaks inside the word at {width} px"
