"""Phone widths: no page type scrolls sideways at 320 px, headings hyphenate in Swedish, and the
search page works on a phone's screen (issue 30)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, quote, urlparse

import pytest
from test_accessibility import axe_violations
from test_browser_search import WAIT, loaded, open_facet, open_search, titles

from conftest import PROJECTS
from servicehandbok.data.catalog import load_catalog

PAGES = [
    "index.html",
    "projekt/hela-sverige-service-i-samverkan.html",
    "projekt/bjorbo-pakethantering.html",
    "lan/index.html",
    "lan/dalarna.html",
    "metod/lea.html",
    "statistik.html",
    "search.html?q=servicepunkt",
    f"search.html?q=service&finansiar={quote('Länsstyrelsen i Västra Götalands län')}&lan={quote('Västra Götaland')}",
    f"search.html?lan=Gotland&metod={quote('Lokalekonomisk analys (LEA)')}",
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


# --- The search page on a phone (issue 30): results first, filters in a panel, the chosen filters
# as buttons above the results, the compare link always on screen, and the back button keeps the place.

PHONE = {"width": 390, "height": 844}
"""A common phone's screen, in CSS pixels."""
LEA = "Lokalekonomisk analys (LEA)"


@pytest.fixture
def handset(browser: Any) -> Any:
    """A fresh phone page (nothing picked for comparison) that records JavaScript errors in ``errors``."""
    context = browser.new_context(viewport=PHONE, locale="sv-SE", device_scale_factor=2)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture(scope="module")
def catalog() -> Any:
    return load_catalog(PROJECTS)


def box(page: Any, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


def on_screen(page: Any, selector: str) -> bool:
    """True when the whole of the first element *selector* finds lies within the screen."""
    found = box(page, selector)
    return found["y"] >= 0 and found["y"] + found["height"] <= page.viewport_size["height"]


def scroll_to(page: Any, y: float) -> None:
    """Scroll at once (the theme scrolls smoothly, which a test would have to wait for)."""
    page.evaluate("y => window.scrollTo({top: y, behavior: 'instant'})", y)


def still(page: Any) -> None:
    """Wait until the page has stopped scrolling (five frames without a change)."""
    page.evaluate(
        """() => new Promise(done => { let last = -1, same = 0; const tick = () => {
             if (scrollY === last) same++; else [last, same] = [scrollY, 0];
             if (same >= 5) done(); else requestAnimationFrame(tick); }; tick(); })"""
    )


def test_phone_search_shows_results_first_and_a_ticked_county_keeps_them_on_screen(
    handset: Any, server: str, catalog: Any
) -> None:
    open_search(handset, server)
    toggle = handset.locator("#sh-filter-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert handset.locator("#sh-facets").is_hidden()
    assert on_screen(handset, "#sh-count") and on_screen(handset, "#sh-results li h2")

    toggle.click()
    open_facet(handset, "Län")
    before = handset.url
    handset.check("input[name=lan][value=Dalarna]")
    loaded(handset, before)
    dalarna = sum("dalarna" in p.regions for p in catalog.projects.values())
    assert handset.inner_text("#sh-count") == f"{dalarna} projekt"
    assert handset.locator("#sh-facets").is_visible()  # the panel stays open for more values
    # With the panel open, the count and the first result are still on the screen, the count right above it.
    assert on_screen(handset, "#sh-count"), box(handset, "#sh-count")
    assert on_screen(handset, "#sh-results li h2"), box(handset, "#sh-results li h2")
    count, first = box(handset, "#sh-count"), box(handset, "#sh-results li")
    assert 0 <= first["y"] - (count["y"] + count["height"]) < 60
    assert handset.errors == []


def test_phone_filter_panel_opens_and_closes_with_its_button(handset: Any, server: str) -> None:
    open_search(handset, server, "?q=servicepunkt")
    toggle = handset.get_by_role("button", name="Filter", exact=True)
    panel = handset.locator(f"#{toggle.get_attribute('aria-controls')}")
    assert toggle.get_attribute("aria-expanded") == "false" and panel.is_hidden()

    toggle.focus()
    handset.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and panel.is_visible()
    assert panel.get_by_role("group", name="Avgränsa sökningen").is_visible()
    handset.keyboard.press("Space")
    assert toggle.get_attribute("aria-expanded") == "false" and panel.is_hidden()

    # The button at the end of the panel closes it and takes the reader to the count above the results.
    toggle.click()
    count = handset.inner_text("#sh-count")
    handset.get_by_role("button", name=f"Visa {count}").click()
    assert toggle.get_attribute("aria-expanded") == "false" and panel.is_hidden()
    assert handset.evaluate("document.activeElement.id") == "sh-count"
    assert handset.errors == []


def test_phone_chips_show_and_remove_the_filters(handset: Any, server: str, catalog: Any) -> None:
    open_search(handset, server, f"?lan=Dalarna&lan={quote('Gävleborg')}&metod={quote(LEA)}")
    assert handset.locator("#sh-facets").is_hidden()  # the chips show the filters without opening the panel
    assert handset.inner_text("#sh-filter-toggle") == "Filter (3 valda)"
    chip = handset.get_by_role("button", name="Ta bort filtret Län: Dalarna", exact=True)
    assert chip.is_visible() and on_screen(handset, "#sh-chips")
    assert handset.get_by_role("button", name=f"Ta bort filtret Metod: {LEA}", exact=True).is_visible()

    before = handset.url
    chip.click()
    loaded(handset, before)
    assert parse_qs(urlparse(handset.url).query) == {"lan": ["Gävleborg"], "metod": [LEA]}
    expected = sorted(p.title for p in catalog.projects.values() if "gavleborg" in p.regions and "lea" in p.methods)
    assert sorted(titles(handset)) == expected and expected
    assert handset.get_by_role("button", name="Ta bort filtret Län: Dalarna").count() == 0
    assert handset.evaluate("document.getElementById('sh-chips').contains(document.activeElement)")

    before = handset.url
    handset.get_by_role("button", name="Ta bort alla filter").click()
    loaded(handset, before)
    assert urlparse(handset.url).query == ""
    assert handset.inner_text("#sh-count") == f"{len(catalog.projects)} projekt"
    assert handset.locator("#sh-chips button").count() == 0 and handset.locator("#sh-chips").is_hidden()
    assert handset.inner_text("#sh-filter-toggle") == "Filter"
    assert handset.evaluate("document.activeElement.id") == "sh-count"
    assert handset.errors == []


def test_phone_compare_link_stays_on_screen_without_hiding_the_focus(handset: Any, server: str) -> None:
    open_search(handset, server)
    assert handset.locator("#sh-compare-go").is_hidden()
    handset.locator("#sh-results li").first.get_by_role("checkbox").check()
    link = handset.get_by_role("link", name="Jämför valda projekt (1)")
    for y in (0, 1200, 2400):
        scroll_to(handset, y)
        assert on_screen(handset, "#sh-compare-go"), (y, link.bounding_box())

    # Keyboard focus never lands under the bar: the page keeps room for it.
    scroll_to(handset, 0)
    handset.locator("#sh-results h2 a").first.focus()
    checked = 0
    for _ in range(24):
        handset.keyboard.press("Tab")
        still(handset)
        inside, bottom, bar = handset.evaluate(
            """() => [document.getElementById('sh-results').contains(document.activeElement),
                      document.activeElement.getBoundingClientRect().bottom,
                      document.getElementById('sh-compare-bar').getBoundingClientRect().top]"""
        )
        if inside:
            checked += 1
            assert bottom <= bar, f"the focused element ends at {bottom}, under the bar at {bar}"
    assert checked > 10
    # At the end of the results the bar sits below them and covers nothing.
    scroll_to(handset, 10**6)
    assert box(handset, "#sh-more")["y"] + box(handset, "#sh-more")["height"] <= box(handset, "#sh-compare-bar")["y"]
    assert handset.errors == []


def test_phone_back_from_a_project_restores_the_place_in_the_results(handset: Any, server: str) -> None:
    open_search(handset, server, "?q=service")
    handset.locator("#sh-filter-toggle").click()  # the panel's state comes back too
    handset.click("#sh-more")
    handset.wait_for_function("document.querySelectorAll('#sh-results li').length > 10", timeout=20000)
    handset.wait_for_function("!document.getElementById('sh-more').disabled", timeout=20000)  # all arrived
    shown = handset.locator("#sh-results li").count()
    target = handset.locator("#sh-results li h2 a").nth(shown - 3)
    target.scroll_into_view_if_needed()
    still(handset)
    y = handset.evaluate("scrollY")
    title = target.inner_text()
    assert y > 2000  # far enough down that losing it shows

    target.click()
    handset.wait_for_url("**/projekt/**")
    handset.go_back()
    handset.wait_for_function(WAIT, timeout=20000)
    assert handset.locator("#sh-results li").count() == shown
    assert abs(handset.evaluate("scrollY") - y) <= 2
    assert handset.locator("#sh-results li h2 a").nth(shown - 3).inner_text() == title
    assert handset.locator("#sh-filter-toggle").get_attribute("aria-expanded") == "true"
    assert handset.errors == []


@pytest.mark.parametrize(
    "query", ["q=servicepunkt&lan=Norrbotten", f"lan=Gotland&metod={quote(LEA)}", "q=J%C3%A4llivare"]
)
def test_phone_search_page_meets_wcag_with_panel_chips_bar_and_help(handset: Any, server: str, query: str) -> None:
    open_search(handset, server, f"?{query}")
    handset.locator("#sh-filter-toggle").click()
    if handset.locator("#sh-results li").count():
        handset.locator("#sh-results li").first.get_by_role("checkbox").check()
        assert handset.locator("#sh-compare-go").is_visible()
    else:
        assert handset.locator("#sh-help").get_by_role("link", name="län", exact=True).is_visible()
    assert axe_violations(handset) == []
    assert handset.errors == []
