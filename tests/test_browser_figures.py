"""Maps, figure tables and bar charts as readers saw them (issue 30): in Chromium at 1280×800 and
390×844, light and dark. Names written on the maps, readable and inside their areas; tables that
fit a wide screen and say when they scroll on a phone; chart text at least 12 px as drawn."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import PROJECTS
from servicehandbok.data.catalog import load_catalog

VIEWS = [(1280, 800, "light"), (1280, 800, "dark"), (390, 844, "light"), (390, 844, "dark")]
LAN = sorted(term.label for term in load_catalog(PROJECTS).vocabulary.terms["region"].values())
SMALLEST_TEXT_PX = 12

CONTRAST = """
function luminance(colour) {
  const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
function background(element) {
  for (let e = element; e; e = e.parentElement) {
    const colour = getComputedStyle(e).backgroundColor;
    if (colour && !/rgba\\(.*, 0\\)$/.test(colour) && colour !== 'transparent') return colour;
  }
  return 'rgb(255, 255, 255)';
}
"""

WRITTEN = (
    "svg => {"
    + CONTRAST
    + """
  const drawn = text => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a;
  return [...svg.querySelectorAll('a text, .sh-map-plain text')].map(text => {
    let area = text.closest('a')?.querySelector('path');
    for (let e = text.previousElementSibling; !area && e; e = e.previousElementSibling)
      if (e.tagName === 'path') area = e;
    const box = text.getBBox();
    const inset = 1;
    const corners = [[box.x + inset, box.y + inset], [box.x + box.width - inset, box.y + inset],
                     [box.x + inset, box.y + box.height - inset], [box.x + box.width - inset, box.y + box.height - inset]];
    const beside = text.getAttribute('text-anchor') !== 'middle';
    const fill = getComputedStyle(text).fill;
    return {
      text: text.textContent, link: text.closest('a')?.querySelector('title').textContent ?? null,
      figure: text.getAttribute('font-weight') === 'bold', beside, size: drawn(text),
      inside: corners.every(([x, y]) => area.isPointInFill(new DOMPoint(x, y))),
      contrast: contrast(fill, beside ? background(svg) : getComputedStyle(area).fill),
      hidden: text.getAttribute('aria-hidden') === 'true' || !!text.closest('[aria-hidden=true]'),
    };
  });
}"""
)


@pytest.fixture(params=VIEWS, ids=lambda view: f"{view[0]}x{view[1]}-{view[2]}")
def view(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    width, height, scheme = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, locale="sv-SE")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def names(written: list[dict[str, Any]]) -> dict[str, str]:
    """The link's name → the name written for it (lines joined)."""
    found: dict[str, list[str]] = {}
    for text in written:
        if not text["figure"] and text["link"]:
            found.setdefault(text["link"], []).append(text["text"])
    return {link: " ".join(lines) for link, lines in found.items()}


def test_every_lan_is_named_on_the_country_map(view: Any, server: str) -> None:
    view.goto(f"{server}index.html")
    svg = view.locator("svg.sh-map-country")
    written = svg.evaluate(WRITTEN)
    shown = names(written)
    assert sorted(shown.values()) == LAN
    for link, name in shown.items():
        assert link.startswith(f"{name} ")  # the link says the name written (and the figure)
    for text in written:
        assert text["hidden"], text  # the link's name says it once; the words are not read again
        assert text["size"] >= SMALLEST_TEXT_PX, text
        assert text["contrast"] >= 4.5, text
        if not text["beside"] and not text["figure"]:
            assert text["inside"], text  # a name written on its län stays inside it
    assert sum(1 for text in written if text["beside"]) >= 5  # the small southern län, beside the country
    assert svg.locator(".sh-map-leaders path").count() >= 5
    # Screen readers get one link per län, named once; no loose text.
    snapshot = svg.aria_snapshot()
    assert snapshot.count("- link ") == 21 and "- text" not in snapshot
    assert view.errors == []


@pytest.mark.parametrize("county", ["dalarna", "blekinge"])
def test_kommun_names_on_a_lans_map(view: Any, server: str, county: str) -> None:
    """Blekinge has no project: before, its map was a field of unlabelled grey shapes."""
    view.goto(f"{server}lan/{county}.html")
    svg = view.locator("svg.sh-map-county")
    written = [text for text in svg.evaluate(WRITTEN) if not text["figure"]]
    assert len(written) >= 3
    for text in written:
        assert text["inside"] and not text["beside"], text
        assert text["size"] >= SMALLEST_TEXT_PX, text
        assert text["contrast"] >= 4.5, text
        assert text["hidden"], text
    # The table beside the map names every kommun, written on the map or not.
    table = view.locator(".sh-map table").inner_text()
    assert all(text["text"].rstrip("-") in table for text in written)


PAGES_WITH_TABLES = ["index.html", "statistik.html", "lan/index.html"]


@pytest.mark.parametrize("path", PAGES_WITH_TABLES)
def test_figure_tables_show_every_column_at_1280_px(page: Any, server: str, path: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server + path)
    tables = page.evaluate(
        """() => [...document.querySelectorAll('article .table-wrapper.sh-figures')].map(w => {
             const box = w.getBoundingClientRect();
             const heads = [...w.querySelectorAll('thead th')].map(th => th.getBoundingClientRect().right);
             return [w.querySelector('caption').innerText, w.scrollWidth - w.clientWidth, Math.max(...heads) - box.right,
                     getComputedStyle(w.querySelector('caption'), '::after').content];
           })"""
    )
    assert tables
    for caption, hidden, past_edge, hint in tables:
        assert hidden <= 0 and past_edge <= 1, caption
        assert hint in ("none", '""'), caption  # no "scroll sideways" where nothing is hidden


def test_a_table_wider_than_a_phone_scrolls_and_says_so(page: Any, server: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}index.html")
    wrapper = page.locator(".sh-map .table-wrapper.sh-figures")
    state = wrapper.evaluate(
        """w => [w.scrollWidth > w.clientWidth, getComputedStyle(w.querySelector('caption'), '::after').content,
                 getComputedStyle(w).backgroundImage, w.tabIndex]"""
    )
    scrolls, hint, shading, tab_index = state
    assert scrolls
    assert "rulla i sidled" in hint
    assert shading.count("gradient") == 4  # the shaded edges that show more is to the side
    assert tab_index == 0  # and the keyboard can scroll it


@pytest.mark.parametrize("width", [1280, 390, 320])
def test_chart_text_is_at_least_12_px_as_drawn(page: Any, server: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{server}statistik.html")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('svg.sh-bars')].map(svg => [svg.querySelector('title').textContent,
             Math.min(...[...svg.querySelectorAll('text')].map(t =>
               parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))])"""
    )
    assert len(sizes) >= 5
    for title, smallest in sizes:
        assert smallest >= SMALLEST_TEXT_PX - 0.05, (title, smallest)
    # The method chart, whose long names once made its text 7–10 px: wrapped, not shrunk.
    method = page.locator("svg.sh-bars", has=page.locator("title", has_text="Projekt per metod"))
    assert method.locator("tspan").count() >= 2
    box = method.bounding_box()
    assert box["width"] <= min(width, 24 * 16) + 1
