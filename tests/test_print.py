"""The handbook on paper: print emulation and PDFs from the real browser (servicehandbok-print.css).

No site chrome over or after the text (the skip link, the menus, the theme switch, a sheet holding
only the footer or nothing: the footer prints as a small line above the text), links printed as
their text with web addresses only where they help, and tables whole on the sheet.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest

A4_WIDTH_PX = 718
"""About how wide Chromium lays out an A4 sheet with its default margins (210 mm less 2 × 0.4 in at 96 dpi)."""
WAIT_COMPARE = "document.getElementById('sh-compare-result')?.getAttribute('aria-busy') === 'false'"
FOUR = "uppsala-servicepunkter,pipos-serviceanalys,lund-paketautomater,stocke-motesplats"
CHROME = (
    ".skip-to-content",
    ".sidebar-drawer",
    ".toc-drawer",
    ".mobile-header",
    ".related-pages",
    ".theme-toggle-container",
    ".sidebar-search-container",
    ".back-to-top",
)


def drawn_text_per_sheet(pdf: bytes) -> list[int]:
    """How many text-drawing operators (``Tj``, ``TJ``) each sheet of a PDF from Chromium holds, in order."""
    objects = {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", pdf, re.S)}

    def content(number: int) -> bytes:
        head, _, rest = objects[number].partition(b"stream")
        data = rest.lstrip(b"\r\n").rsplit(b"endstream", 1)[0]
        return zlib.decompress(data) if b"/FlateDecode" in head else data

    def sheets(number: int) -> list[int]:
        body = objects[number]
        if re.search(rb"/Type\s*/Pages\b", body):
            kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body).group(1)
            return [sheet for kid in re.findall(rb"(\d+) 0 R", kids) for sheet in sheets(int(kid))]
        return [number]

    catalog = next(body for body in objects.values() if re.search(rb"/Type\s*/Catalog\b", body))
    root = int(re.search(rb"/Pages\s+(\d+) 0 R", catalog).group(1))
    counts = []
    for sheet in sheets(root):
        refs = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", objects[sheet]).group(1)
        drawn = b"".join(content(int(n)) for n in re.findall(rb"(\d+) 0 R", refs))
        counts.append(len(re.findall(rb"T[jJ]\b", drawn)))
    return counts


def printed(page, url: str) -> None:
    page.goto(url)
    if "jamfor" in url:
        page.wait_for_function(WAIT_COMPARE, timeout=20000)
    page.emulate_media(media="print")


def test_the_pdf_helper_counts_blank_sheets(page) -> None:
    """The helper behind the sheet tests sees a sheet without text as one."""
    page.set_content("<p>Ett</p><p style='break-before: page'>Två</p><div style='break-before: page'></div>")
    counts = drawn_text_per_sheet(page.pdf(format="A4"))
    assert len(counts) == 3 and counts[0] > 0 and counts[1] > 0 and counts[2] == 0


@pytest.mark.parametrize("path", ["404.html", "jamfor.html"])
def test_a_short_page_prints_on_one_sheet(page, server: str, path: str) -> None:
    """The theme's full-height page once added a blank sheet after the last line."""
    printed(page, server + path)
    counts = drawn_text_per_sheet(page.pdf(format="A4"))
    assert counts == [counts[0]] and counts[0] > 0, counts


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "anvanda.html",
        "about.html",
        "statistik.html",
        "lardomar.html",
        "lan/index.html",
        "projekt/bjorbo-pakethantering.html",
        f"jamfor.html?p={FOUR}",
    ],
)
def test_no_sheet_holds_only_the_footer_or_nothing(page, server: str, path: str) -> None:
    """With the footer's text made invisible (it keeps its room), every sheet still has text on it."""
    printed(page, server + path)
    assert page.locator("footer").count() == 1
    page.add_style_tag(content="footer, footer * { visibility: hidden !important; }")
    counts = drawn_text_per_sheet(page.pdf(format="A4"))
    assert counts and all(counts), counts


def test_site_chrome_is_not_printed(page, server: str) -> None:
    printed(page, f"{server}projekt/bjorbo-pakethantering.html")
    shown = page.evaluate(
        "selectors => selectors.filter(s => document.querySelector(s))"
        ".filter(s => [...document.querySelectorAll(s)].some(e => getComputedStyle(e).display !== 'none'))",
        list(CHROME),
    )
    assert shown == []
    # The skip link is there on screen (it takes focus first), fixed to the window.
    page.emulate_media(media="screen")
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-to-content')).position") == "fixed"
    # The footer stays, small, as a line above the text (never alone on a last sheet).
    page.emulate_media(media="print")
    assert page.locator("footer .bottom-of-page").is_visible()
    assert px(page.evaluate("getComputedStyle(document.querySelector('.bottom-of-page')).fontSize")) <= 11
    footer, article = page.locator("footer").bounding_box(), page.locator("article").bounding_box()
    assert footer["y"] + footer["height"] <= article["y"]


def px(value: str) -> float:
    return float(value.removesuffix("px"))


def after(page, selector: str) -> list[str]:
    """The ``::after`` content of every element *selector* finds."""
    return page.evaluate(
        "sel => [...document.querySelectorAll(sel)].map(e => getComputedStyle(e, '::after').content)", selector
    )


def test_links_print_as_their_text_with_readable_web_addresses(page, server: str, site: Path) -> None:
    printed(page, f"{server}projekt/bjorbo-pakethantering.html")
    # E-mail and phone links: the text is the address or the number; nothing follows it.
    mail = page.locator('a[href^="mailto:"]').first
    assert "%" in mail.get_attribute("href")  # the address is written percent-encoded in the link
    assert re.fullmatch(r"[\w.+-]+@[\w.-]+\.\w+", mail.inner_text())
    assert set(after(page, 'a[href^="mailto:"], a[href^="tel:"]')) == {"none"}
    # A link to another site: its address follows, as written.
    sources = page.locator('a[href^="https://"]:not([href*="%"])').evaluate_all(
        "links => links.map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content])"
    )
    shown = [(href, content) for href, content in sources if content != "none"]
    assert shown and all(href in content for href, content in shown)

    # An address with %-escapes is never printed as such: print cannot decode it.
    escaped = next(
        path.relative_to(site).as_posix()
        for path in sorted((site / "projekt").glob("*.html"))
        if re.search(r'href="https?://[^"]*%', path.read_text(encoding="utf-8"))
    )
    printed(page, server + escaped)
    contents = after(page, 'a[href^="http"]')
    assert contents and not any("%" in content for content in contents)
    assert set(after(page, 'a[href^="http"][href*="%"]')) == {"none"}


@pytest.mark.parametrize("path", ["statistik.html", "index.html", f"jamfor.html?p={FOUR}"])
def test_tables_keep_every_column_on_the_sheet(page, server: str, path: str) -> None:
    page.set_viewport_size({"width": A4_WIDTH_PX, "height": 1000})
    printed(page, server + path)
    # Every table within the sheet's width, none wider than the box around it (which would cut it).
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('article table')].map(t => {
             const box = t.parentElement, table = t.getBoundingClientRect();
             return [t.querySelector('caption')?.innerText ?? '', Math.round(box.scrollWidth - box.clientWidth),
                     Math.round(table.right - document.documentElement.clientWidth)];
           }).filter(([, overBox, overSheet]) => overBox > 1 || overSheet > 0)"""
    )
    assert page.locator("article table").count() > 0 and clipped == []
    if path.startswith("jamfor"):
        assert page.locator(".sh-compare-wide th[scope=col]").count() == 4
        assert page.evaluate("getComputedStyle(document.querySelector('.sh-compare-wide tbody th')).position") == (
            "static"
        )
        assert page.locator(".sh-compare-hint").is_hidden() and page.locator(".sh-compare-form").is_hidden()


def test_the_fact_box_prints_whole_and_readable(page, server: str) -> None:
    page.set_viewport_size({"width": A4_WIDTH_PX, "height": 1000})
    printed(page, f"{server}projekt/bjorbo-pakethantering.html")
    facts = page.locator(".sh-facts")
    assert facts.is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.sh-facts')).breakInside") == "avoid"
    box = facts.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= A4_WIDTH_PX
    size = px(page.evaluate("getComputedStyle(document.querySelector('.sh-facts dd, .sh-facts td')).fontSize"))
    assert size >= 12  # 9pt and up
