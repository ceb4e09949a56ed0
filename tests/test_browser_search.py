"""Search in a real browser: stemming, facets (OR within, AND across), URL state, what is
downloaded, no errors."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest

from conftest import PROJECTS, SERVED
from servicehandbok.data.catalog import load_catalog

WAIT = "['sh-results', 'sh-facets'].every(id => document.getElementById(id)?.getAttribute('aria-busy') === 'false')"


def titles(page) -> list[str]:
    return page.locator("#sh-results h2").all_inner_texts()


def open_search(page, server: str, query: str = "") -> None:
    page.goto(f"{server}search.html{query}")
    page.wait_for_function(WAIT, timeout=20000)


def settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_function(WAIT, timeout=20000)


def loaded(page, url_before: str) -> None:
    """Wait until a new search (the URL changes with every one) has rendered."""
    page.wait_for_function(f"location.href !== {url_before!r}", timeout=20000)
    page.wait_for_function(WAIT, timeout=20000)


def open_facet(page, label: str) -> None:
    """Open a facet group and wait for its values; their counts load when the group opens."""
    group = page.locator("details.sh-facet", has=page.locator("summary", has_text=label))
    group.locator("summary").click()
    group.locator("input[type=checkbox]").first.wait_for(timeout=20000)


def facet_label(page, name: str, value: str) -> str:
    return page.inner_text(f"label[for='{page.get_attribute(f'input[name={name}][value={value!r}]', 'id')}']")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROJECTS)


@pytest.mark.parametrize("word", ["servicepunkter", "servicepunkt", "servicepunkten"])
def test_stemming_finds_service_point_projects(page, server: str, word: str) -> None:
    open_search(page, server, f"?q={word}")
    found = titles(page)
    for expected in (
        "Uppsala - Servicepunkter i kommunen",
        "Falkenberg - Pilotprojekt för utveckling av lokala servicelösningar",
        "Gällivare - Service i samverkan utvecklar Gällivare kommun",
    ):
        assert expected in found
    assert page.errors == []


def test_facets_or_within_and_across(page, server: str, catalog) -> None:
    open_search(page, server)
    total = len(catalog.projects)
    assert page.inner_text("#sh-count") == f"{total} projekt"

    dalarna = sorted(p.title for p in catalog.projects.values() if "dalarna" in p.regions)
    open_facet(page, "Län")
    assert facet_label(page, "lan", "Dalarna") == f"Dalarna ({len(dalarna)})"
    before = page.url
    page.check("input[name=lan][value=Dalarna]")
    loaded(page, before)
    assert sorted(titles(page)) == dalarna

    either = sorted(p.title for p in catalog.projects.values() if {"dalarna", "gavleborg"} & set(p.regions))
    before = page.url
    page.check("input[name=lan][value=Gävleborg]")
    loaded(page, before)
    assert sorted(titles(page)) == either and len(either) > len(dalarna)

    narrowed = sorted(
        p.title for p in catalog.projects.values() if {"dalarna", "gavleborg"} & set(p.regions) and "lea" in p.methods
    )
    open_facet(page, "Metod")
    before = page.url
    page.check('input[name=metod][value="Lokalekonomisk analys (LEA)"]')
    loaded(page, before)
    assert sorted(titles(page)) == narrowed and 0 < len(narrowed) < len(either)
    assert parse_qs(urlparse(page.url).query) == {
        "lan": ["Dalarna", "Gävleborg"],
        "metod": ["Lokalekonomisk analys (LEA)"],
    }


def test_url_restores_state_and_back_button_works(page, server: str) -> None:
    open_search(page, server, f"?q=paketautomat&lan={quote('Skåne')}")
    first = titles(page)
    assert first == ["Lund - Operatörsoberoende paketautomater för ökad service"]
    assert page.input_value("#sh-q") == "paketautomat"
    assert page.is_checked("input[name=lan][value=Skåne]")

    before = page.url
    page.fill("#sh-q", "servicepunkt")
    page.press("#sh-q", "Enter")
    loaded(page, before)
    assert "q=servicepunkt" in page.url

    before = page.url
    page.go_back()
    loaded(page, before)
    assert titles(page) == first and page.input_value("#sh-q") == "paketautomat"


def test_theme_search_box_leads_to_the_same_search(page, server: str) -> None:
    page.goto(f"{server}index.html")
    page.fill("input.sidebar-search", "paketautomat")
    page.press("input.sidebar-search", "Enter")
    settle(page)
    assert "Lund - Operatörsoberoende paketautomater för ökad service" in titles(page)


def test_hub_page_links_into_search_with_its_facet(page, server: str, catalog) -> None:
    page.goto(f"{server}metod/lea.html")
    page.get_by_role("link", name="Sök bland de här projekten").click()
    settle(page)
    expected = sorted(p.title for p in catalog.projects.values() if "lea" in p.methods)
    assert sorted(titles(page)) == expected
    assert page.is_checked('input[name=metod][value="Lokalekonomisk analys (LEA)"]')


def test_downloads_only_the_index_parts_a_search_needs(page, server: str, catalog) -> None:
    """Browsing by facet fetches no word index; a query fetches no filter index until a facet
    group is opened (these two kept a search at 10,000 projects near 300 kB)."""
    SERVED.clear()
    open_search(page, server, f"?lan={quote('Dalarna')}")
    settle(page)
    assert len(titles(page)) == sum("dalarna" in p.regions for p in catalog.projects.values())
    assert [path for path in SERVED if "/pagefind/index/" in path] == []
    assert len([path for path in SERVED if "/pagefind/filter/" in path]) == 1

    page.goto("about:blank")
    SERVED.clear()
    open_search(page, server, "?q=servicepunkt")
    settle(page)
    assert [path for path in SERVED if "/pagefind/filter/" in path] == []
    assert [path for path in SERVED if "/pagefind/index/" in path] != []
    open_facet(page, "Projekttyp")
    assert len([path for path in SERVED if "/pagefind/filter/" in path]) == 1
    counted = sum(
        int(text.rsplit("(", 1)[1].rstrip(")")) for text in page.locator("input[name=typ] + label").all_inner_texts()
    )
    assert counted == int(page.inner_text("#sh-count").split()[0])  # every project has one type
    assert page.errors == []


def test_related_projects_and_sources_are_not_searched(page, server: str, site: Path) -> None:
    """A project is found by its own text, not by its neighbours' titles or its source section."""
    # "redaktionen" opens the source section's list of editorial decisions. Pages where it stands in
    # the source section only must not be found; the word must be there, or finding nothing proves nothing.
    catalog = load_catalog(PROJECTS)
    only_in_source, elsewhere = [], set()
    for project in catalog.projects.values():
        page_html = (site / "projekt" / f"{project.id}.html").read_text(encoding="utf-8")
        # Only the indexed part counts: the footer names "Servicehandbokens redaktion" on every page.
        html = page_html[page_html.index("data-pagefind-body") : page_html.index("</article>")]
        start = html.index('id="kallor"')
        end = html.index("</section>", start)
        if "redaktion" in (html[:start] + html[end:]).lower():
            elsewhere.add(project.title)
        elif "redaktionen" in html[start:end]:
            only_in_source.append(project.title)
    assert len(only_in_source) >= 3, only_in_source
    open_search(page, server, "?q=redaktionen")
    found = set(titles(page))
    assert found <= elsewhere, sorted(found - elsewhere)
    assert not found & set(only_in_source)


@pytest.mark.parametrize(
    "path", ["search.html?q=service", "projekt/uppsala-servicepunkter.html", "lan/dalarna.html", "index.html"]
)
def test_no_console_errors(page, server: str, path: str) -> None:
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    assert page.errors == []


def test_keyboard_only_search(page, server: str) -> None:
    open_search(page, server)
    page.focus("#sh-q")
    page.keyboard.type("lanthandel")
    before = page.url
    page.keyboard.press("Enter")
    loaded(page, before)
    assert page.get_attribute("#sh-count", "role") == "status"
    assert page.locator("label[for=sh-q]").inner_text() == "Sökord"
    assert "Lokal mat - Pilotprojekt serviceutveckling för lanthandel i Dalarna" in titles(page)

    # A facet group opens with Enter; its values arrive while focus stays on the summary.
    page.locator("details.sh-facet summary", has_text="Projekttyp").focus()
    page.keyboard.press("Enter")
    page.locator("input[name=typ]").first.wait_for(timeout=20000)
    assert page.evaluate("document.activeElement.textContent") == "Projekttyp"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.value")
    before = page.url
    page.keyboard.press("Space")
    loaded(page, before)
    assert parse_qs(urlparse(page.url).query)["typ"] == [focused]
    assert page.evaluate("document.activeElement.value") == focused


def test_wide_screen_shows_the_filters_beside_the_results_always_open(page, server: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    open_search(page, server, f"?lan={quote('Dalarna')}")
    assert page.locator("#sh-filter-toggle").is_hidden()  # nothing to open: the panel is always open
    facets, results = page.locator("#sh-facets").bounding_box(), page.locator("#sh-results").bounding_box()
    assert page.locator("#sh-facets").is_visible() and facets["x"] + facets["width"] <= results["x"]
    assert page.is_checked("input[name=lan][value=Dalarna]")
    chip = page.get_by_role("button", name="Ta bort filtret Län: Dalarna", exact=True)
    assert chip.is_visible()
    before = page.url
    chip.click()
    loaded(page, before)
    assert not page.is_checked("input[name=lan][value=Dalarna]") and "lan=" not in page.url
    assert page.errors == []


def test_wide_screen_compare_link_stays_on_screen(page, server: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    open_search(page, server)
    page.locator("#sh-results li").nth(1).get_by_role("checkbox").check()
    link = page.get_by_role("link", name="Jämför valda projekt (1)")
    for y in (0, 900, 1800):
        page.evaluate("y => window.scrollTo({top: y, behavior: 'instant'})", y)
        found = link.bounding_box()
        assert found and found["y"] >= 0 and found["y"] + found["height"] <= 800, (y, found)
    page.locator("#sh-results li").nth(1).get_by_role("checkbox").uncheck()
    assert link.count() == 0 and page.locator("#sh-compare-go").is_hidden()
    assert page.errors == []


def test_back_from_a_project_restores_the_place_on_a_wide_screen(page, server: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    open_search(page, server)
    page.click("#sh-more")
    page.wait_for_function("document.querySelectorAll('#sh-results li').length > 10", timeout=20000)
    page.wait_for_function("!document.getElementById('sh-more').disabled", timeout=20000)  # all arrived
    page.evaluate("window.scrollTo({top: 2200, behavior: 'instant'})")
    page.wait_for_timeout(300)  # the scroll is remembered a moment after it stops, as a reader's would be
    y, shown = page.evaluate("[scrollY, document.querySelectorAll('#sh-results li').length]")
    assert y == 2200
    link = page.locator("#sh-results h2 a").nth(shown - 1)
    href = link.evaluate("a => a.href")
    page.goto(href)
    page.go_back()
    page.wait_for_function(WAIT, timeout=20000)
    assert page.evaluate("[scrollY, document.querySelectorAll('#sh-results li').length]") == [y, shown]
    assert page.errors == []


# --- Bounded work on hostile input (issue 31): a 3,000-word link kept the page busy for 20 seconds.
# The page uses at most MOST_WORDS words (MOST_CHARACTERS characters) of a query and MOST_VALUES
# values per filter, and says so; the assertions are on those caps, not on a clock.
MOST_WORDS = 12
MOST_CHARACTERS = 200
MOST_VALUES = 30
CUT = "Sökningen kortades till de första {n} orden: en sökning använder högst 12 ord och 200 tecken."
LONG_QUERY = " ".join(f"{word}{index % 7}" for index, word in enumerate(["servicepunkt", "lanthandl", "xqzwyk"] * 1000))


def _kept(page) -> list[str]:
    """The words the search used: the box holds them, and they begin the long query."""
    kept = page.input_value("#sh-q").split()
    assert 1 <= len(kept) <= MOST_WORDS and len(" ".join(kept)) <= MOST_CHARACTERS, kept
    assert kept == LONG_QUERY.split()[: len(kept)]
    return kept


def test_a_3000_word_link_is_cut_to_the_first_words_and_answered(page, server: str) -> None:
    open_search(page, server, f"?q={quote(LONG_QUERY)}")
    kept = _kept(page)
    assert page.is_visible("#sh-cut")
    assert page.inner_text("#sh-cut") == CUT.format(n=len(kept))
    assert page.inner_text("#sh-count").endswith(" projekt")
    assert parse_qs(urlparse(page.url).query)["q"] == [" ".join(kept)]  # the link now holds what was searched
    assert page.errors == []


def test_a_3000_word_query_typed_in_the_box_is_cut_too(page, server: str) -> None:
    open_search(page, server, "?q=servicepunkt")
    assert page.is_hidden("#sh-cut")  # an ordinary query is not cut
    before = page.url
    page.fill("#sh-q", LONG_QUERY)
    page.press("#sh-q", "Enter")
    loaded(page, before)
    kept = _kept(page)
    assert page.inner_text("#sh-cut") == CUT.format(n=len(kept))
    before = page.url
    page.fill("#sh-q", "lanthandel")
    page.press("#sh-q", "Enter")
    loaded(page, before)
    assert page.is_hidden("#sh-cut")
    assert page.errors == []


def test_a_link_with_too_many_filter_values_uses_the_first(page, server: str, catalog) -> None:
    values = ["Dalarna", *(f"Län {index}" for index in range(150))]
    open_search(page, server, "?" + "&".join(f"lan={quote(value)}" for value in values))
    chips = page.locator("#sh-chips button.sh-chip[data-name=lan]")
    assert chips.count() == MOST_VALUES
    assert chips.first.get_attribute("data-value") == "Dalarna"
    assert "de första 30 används" in page.inner_text("#sh-cut")
    dalarna = sorted(p.title for p in catalog.projects.values() if "dalarna" in p.regions)
    assert sorted(titles(page)) == dalarna
    assert len(parse_qs(urlparse(page.url).query)["lan"]) == MOST_VALUES
    assert page.errors == []
